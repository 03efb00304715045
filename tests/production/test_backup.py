"""`make backup` / `make restore`: a backup restored into a new database holds every
row, every file and the same annual report figures as the original."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import psycopg
import pytest
from django.utils import timezone
from psycopg import sql

from tests import factories

from .procs import ROOT, database_url

pytestmark = pytest.mark.django_db(transaction=True)

FIGURES = """
import json, django
django.setup()
from reports.statistics import annual_statistics
s = annual_statistics({year})
print(json.dumps({{"headlines": s.headlines, "approved_total": str(s.approved_total),
    "cooperations_total": s.cooperations_total, "participations_total": s.participations_total,
    "consultations_total": s.consultations_total}}))
"""


def _row_counts(url: str) -> dict[str, int]:
    with psycopg.connect(url) as conn:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            ).fetchall()
        ]
        return {
            t: conn.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(t))).fetchone()[0]  # type: ignore[index]
            for t in tables
        }


def _figures(db_url: str, year: int) -> dict[str, object]:
    env = {**os.environ, "DATABASE_URL": db_url, "DJANGO_SETTINGS_MODULE": "ikz_portal.settings.test"}
    out = subprocess.run(
        [sys.executable, "-c", FIGURES.format(year=year)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def _drop(db_name: str) -> None:
    with psycopg.connect(database_url("postgres"), autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(db_name)))


@pytest.fixture
def restored_db() -> object:
    name = f"ikz_restore_{os.getpid()}"
    _drop(name)
    yield name
    _drop(name)


def test_a_restored_backup_has_every_row_file_and_report_figure(
    tmp_path: Path, case_kassel: object, kassel: object, kuenzell: object, restored_db: str
) -> None:
    from django.db import connection

    year = timezone.localdate().year - 1
    grant = factories.GrantFactory(
        cooperation=case_kassel,
        budget_year=year,
        approved_amount=Decimal("75000.00"),
        applied_amount=Decimal("80000.00"),
    )
    factories.DisbursementFactory(grant=grant, amount=Decimal("25000.00"))
    factories.ConsultationFactory(municipality=kuenzell)
    media = tmp_path / "media"
    (media / "documents" / "2026").mkdir(parents=True)
    (media / "documents" / "2026" / "vertrag.pdf").write_bytes(b"%PDF-1.7 Vertrag \x00\x01\x02")

    source_url = database_url(str(connection.settings_dict["NAME"]))
    env = {**os.environ, "DATABASE_URL": source_url, "MEDIA_ROOT": str(media)}
    backup = subprocess.run(
        ["bash", "scripts/backup.sh", str(tmp_path / "backups")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert backup.returncode == 0, backup.stderr
    prefix = backup.stdout.strip().splitlines()[-1]
    assert Path(prefix + ".dump").stat().st_size > 0
    assert oct(Path(prefix + ".dump").stat().st_mode & 0o777) == "0o600"

    target_url = database_url(restored_db)
    restored_media = tmp_path / "restored-media"
    restore = subprocess.run(
        ["bash", "scripts/restore.sh", prefix, target_url, str(restored_media)],
        cwd=ROOT,
        env=os.environ.copy(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert restore.returncode == 0, restore.stdout + restore.stderr

    original = _row_counts(source_url)
    assert original["funding_grant"] == 1 and original["cooperations_cooperation"] == 1
    assert _row_counts(target_url) == original
    assert (
        restored_media / "documents" / "2026" / "vertrag.pdf"
    ).read_bytes() == b"%PDF-1.7 Vertrag \x00\x01\x02"

    migrate_check = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--check"],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": target_url},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert migrate_check.returncode == 0, migrate_check.stdout + migrate_check.stderr

    figures = _figures(source_url, year)
    assert figures["approved_total"] == "75000.00"
    assert figures["cooperations_total"] == 1
    assert _figures(target_url, year) == figures


def test_restore_refuses_to_overwrite_an_existing_database(tmp_path: Path) -> None:
    from django.db import connection

    env = {
        **os.environ,
        "DATABASE_URL": database_url(str(connection.settings_dict["NAME"])),
        "MEDIA_ROOT": str(tmp_path / "none"),
    }
    prefix = (
        subprocess.run(
            ["bash", "scripts/backup.sh", str(tmp_path)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    live = database_url(str(connection.settings_dict["NAME"]))
    result = subprocess.run(
        ["bash", "scripts/restore.sh", prefix, live, str(tmp_path / "m")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 3
    assert "nur in eine neue Datenbank" in result.stderr


def test_restore_refuses_a_damaged_backup(tmp_path: Path) -> None:
    from django.db import connection

    env = {
        **os.environ,
        "DATABASE_URL": database_url(str(connection.settings_dict["NAME"])),
        "MEDIA_ROOT": str(tmp_path / "none"),
    }
    prefix = (
        subprocess.run(
            ["bash", "scripts/backup.sh", str(tmp_path)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    with open(prefix + ".dump", "r+b") as f:
        f.seek(100)
        f.write(b"XXXX")
    result = subprocess.run(
        ["bash", "scripts/restore.sh", prefix, database_url("ikz_never_created"), str(tmp_path / "m")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    with psycopg.connect(database_url("postgres")) as conn:
        assert (
            conn.execute("SELECT 1 FROM pg_database WHERE datname = 'ikz_never_created'").fetchone() is None
        )


def test_restore_checks_every_precondition_before_it_creates_the_database(
    tmp_path: Path, restored_db: str
) -> None:
    """A non-empty media folder used to stop the restore after the database was made,
    and the retry was refused until a manual dropdb (issue 19)."""
    from django.db import connection

    env = {
        **os.environ,
        "DATABASE_URL": database_url(str(connection.settings_dict["NAME"])),
        "MEDIA_ROOT": str(tmp_path / "none"),
    }
    prefix = (
        subprocess.run(
            ["bash", "scripts/backup.sh", str(tmp_path / "backups")],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )  # fmt: skip
    assert not list((tmp_path / "backups").glob("*.part"))
    busy = tmp_path / "busy-media"
    busy.mkdir()
    (busy / "alt.pdf").write_bytes(b"%PDF")

    def restore(media: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["bash", "scripts/restore.sh", prefix, database_url(restored_db), str(media)],
            cwd=ROOT, capture_output=True, text=True, timeout=300,
        )  # fmt: skip

    refused = restore(busy)
    assert refused.returncode == 4, refused.stdout + refused.stderr
    assert "ist nicht leer" in refused.stderr
    with psycopg.connect(database_url("postgres")) as conn:
        assert conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [restored_db]).fetchone() is None
    assert (busy / "alt.pdf").exists()
    # The same command with a new folder simply works: nothing to clean up by hand.
    done = restore(tmp_path / "new-media")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Wiederhergestellt" in done.stdout
