"""The change counter's triggers on a fresh database, as `manage.py` sets it up: they
come with `migrate`, count a write that leaves the row counts as they were, and go with
the counter table, so writes never fail for them."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from tests.production.procs import database_url

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
from cooperations.models import FieldOfAction
from reports.statistics import data_state
before = data_state()
field = FieldOfAction.objects.create(name="Probe", slug="probe")
created = data_state()
field.delete()
print(len({before, created, data_state()}))
"""


@pytest.fixture
def scratch_db() -> Iterator[str]:
    """A database of its own on the test cluster: `migrate reports zero` must not touch the tests' one."""
    name = f"ikz_counter_{os.getpid()}"
    admin = psycopg.connect(database_url("postgres"), autocommit=True)
    admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield database_url(name)
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def _manage(db: str, *args: str) -> str:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    env |= {"DJANGO_SETTINGS_MODULE": "ikz_portal.settings.local", "DATABASE_URL": db}
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-3000:]
    # e.g. no warning per PostgreSQL covering index (models.W040) on every command of the demo
    assert "System check identified some issues" not in result.stderr, result.stderr[-3000:]
    return result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""


def test_a_fresh_database_counts_every_change_and_migrates_back_cleanly(scratch_db: str) -> None:
    db = scratch_db
    _manage(db, "migrate", "-v0")
    # created and deleted again: the same rows as before, yet three states
    assert _manage(db, "shell", "-c", SCRIPT) == "3"
    _manage(db, "migrate", "reports", "zero", "-v0")
    _manage(
        db,
        "shell",
        "-c",
        "from cooperations.models import FieldOfAction; FieldOfAction.objects.create(name='B', slug='b')",
    )
