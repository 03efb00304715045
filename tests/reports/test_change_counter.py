"""The change counter of the statistics on the demo database of `make run` (SQLite):
its triggers come with `migrate`, count a write that leaves the row counts as they
were, and go with the counter table, so writes never fail for them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

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


def _manage(db: Path, *args: str) -> str:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}}
    env |= {"DJANGO_SETTINGS_MODULE": "ikz_portal.settings.local", "DATABASE_URL": f"sqlite:///{db}"}
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""


def test_the_demo_database_counts_every_change_and_migrates_back_cleanly(tmp_path: Path) -> None:
    db = tmp_path / "demo.sqlite3"
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
