"""The statistics on the demo database of `make run` (SQLite): the change counter's
triggers come with `migrate`, count a write that leaves the row counts as they were,
and go with the counter table, so writes never fail for them; the funding query,
written for PostgreSQL and SQLite alike, gives the same figures there."""

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
    # e.g. no warning per PostgreSQL covering index (models.W040) on every command of the demo
    assert "System check identified some issues" not in result.stderr, result.stderr[-3000:]
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


FUNDING_SCRIPT = """
import datetime as dt
from decimal import Decimal
from funding.models import Grant
from reports.statistics import annual_statistics
from tests import factories
twin_a, twin_b = (factories.ProgrammeFactory(name="Programm IKZ") for _ in range(2))
case = factories.CooperationFactory()
for programme, year, amount in ((twin_a, 2022, 10), (twin_b, 2022, 20), (None, 2021, 2)):
    factories.GrantFactory(
        cooperation=case, programme=programme, budget_year=year,
        status=Grant.Status.APPROVED, approved_amount=Decimal(amount * 1000),
    )
stats = annual_statistics(2022, dt.date(2022, 12, 31))
print(
    [r[:3] for r in stats.tables["jahre"].rows], stats.tables["programme"].rows,
    *(stats.tables[t].rows[0][1:] for t in ("handlungsfelder", "landkreise", "rechtsformen")),
)
"""


def test_the_funding_figures_on_the_demo_database(tmp_path: Path) -> None:
    db = tmp_path / "demo.sqlite3"
    _manage(db, "migrate", "-v0")
    assert _manage(db, "shell", "-c", FUNDING_SCRIPT) == (
        "[(2021, 1, Decimal('2000.00')), (2022, 1, Decimal('30000.00'))] "
        "(('Programm IKZ', 1, Decimal('30000.00'), 1, Decimal('30000.00')), "
        "('ohne Programmangabe', 0, Decimal('0'), 1, Decimal('2000.00'))) "
        # the case once per Handlungsfeld, Kreis and Rechtsform, with both years' grants
        + "(1, Decimal('30000.00'), 1, Decimal('32000.00')) " * 2
        + "(1, Decimal('30000.00'), 1, Decimal('32000.00'))"
    )
