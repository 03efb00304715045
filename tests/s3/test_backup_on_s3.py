"""`make backup` / `make restore` with the media in an S3 bucket: the backup holds every
object of the bucket, a restore puts them byte for byte into an empty bucket, and a
target bucket that is not empty (or missing) stops the restore before anything changed."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import tarfile
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest

from cooperations.models import Cooperation, Document
from tests.production.procs import ROOT, database_url
from tests.production.test_backup import _drop, _row_counts

from .conftest import objects, s3_client, s3_options

pytestmark = pytest.mark.django_db(transaction=True)

S3 = "storages.backends.s3.S3Storage"


def _bytes(seed: str, size: int) -> bytes:
    """Deterministic, incompressible content of `size` bytes."""
    out = bytearray()
    block = seed.encode()
    while len(out) < size:
        block = hashlib.sha256(block).digest()
        out += block
    return bytes(out[:size])


def _sums(files: dict[str, bytes]) -> dict[str, str]:
    return {name: hashlib.sha256(data).hexdigest() for name, data in files.items()}


def _s3_env(bucket: str, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "MEDIA_STORAGE_BACKEND": S3,
        "MEDIA_STORAGE_OPTIONS": json.dumps(s3_options(bucket)),
        **extra,
    }


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


def _database_exists(name: str) -> bool:
    with psycopg.connect(database_url("postgres"), autocommit=True) as conn:
        return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None


@pytest.fixture
def restored_db() -> Iterator[str]:
    name = f"ikz_s3_restore_{os.getpid()}"
    _drop(name)
    yield name
    _drop(name)


@pytest.fixture
def source_db_url() -> str:
    from django.db import connection

    return database_url(str(connection.settings_dict["NAME"]))


def test_a_bucket_is_backed_up_and_restored_byte_for_byte_into_an_empty_bucket(
    tmp_path: Path,
    s3_bucket: str,
    new_bucket: Callable[[], str],
    case_kassel: Cooperation,
    restored_db: str,
    source_db_url: str,
) -> None:
    files = {
        f"documents/{case_kassel.pk}/Beschluss Übersicht März.pdf": b"%PDF-1.7 Beschluss \x00\xff",
        "attachments/2026/leer.txt": b"",
        "reports/2025/jahresstatistik-2025.pdf": _bytes("bericht", 3 * 1024 * 1024 + 17),
        "documents/alle-bytes.bin": bytes(range(256)) * 40,
    }
    client = s3_client()
    for key, data in files.items():
        client.put_object(Bucket=s3_bucket, Key=key, Body=data)
    Document.objects.create(
        cooperation=case_kassel,
        file=next(iter(files)),
        original_name="Beschluss.pdf",
        content_type="application/pdf",
        size=len(next(iter(files.values()))),
    )

    backup = _run(
        ["scripts/backup.sh", str(tmp_path / "backups")], _s3_env(s3_bucket, DATABASE_URL=source_db_url)
    )
    assert backup.returncode == 0, backup.stdout + backup.stderr
    assert "4 Dateien aus dem Bucket gesichert" in backup.stdout
    prefix = backup.stdout.strip().splitlines()[-1]
    with tarfile.open(prefix + ".media.tar.gz") as tar:
        archived = {m.name: tar.extractfile(m).read() for m in tar.getmembers() if m.isfile()}  # type: ignore[union-attr]
    assert _sums(archived) == _sums(files)

    target = new_bucket()
    restore = _run(["scripts/restore.sh", prefix, database_url(restored_db)], _s3_env(target))
    assert restore.returncode == 0, restore.stdout + restore.stderr
    assert "Dateien im S3-Bucket" in restore.stdout

    assert _sums(objects(target)) == _sums(files)
    assert _sums(objects(s3_bucket)) == _sums(files)  # the source untouched
    assert _row_counts(database_url(restored_db)) == _row_counts(source_db_url)
    with psycopg.connect(database_url(restored_db)) as conn:
        (name,) = conn.execute("SELECT file FROM cooperations_document").fetchone()  # type: ignore[misc]
    assert name in objects(target)


def test_a_target_bucket_that_is_not_empty_stops_the_restore_before_anything_changed(
    tmp_path: Path, new_bucket: Callable[[], str], restored_db: str, source_db_url: str
) -> None:
    # A backup of media on disk: restored into a bucket, it moves the portal onto S3.
    media = tmp_path / "media"
    (media / "documents" / "7").mkdir(parents=True)
    (media / "documents" / "7" / "vertrag.pdf").write_bytes(b"%PDF-1.7 Vertrag")
    env = {**os.environ, "DATABASE_URL": source_db_url, "MEDIA_ROOT": str(media)}
    backup = _run(["scripts/backup.sh", str(tmp_path / "backups")], env)
    assert backup.returncode == 0, backup.stderr
    prefix = backup.stdout.strip().splitlines()[-1]

    occupied = new_bucket()
    s3_client().put_object(Bucket=occupied, Key="documents/live.pdf", Body=b"live")
    target = database_url(restored_db)
    refused = _run(["scripts/restore.sh", prefix, target, f"s3://{occupied}"], _s3_env(occupied))
    assert refused.returncode == 4, refused.stdout + refused.stderr
    assert f"Der Bucket {occupied} ist nicht leer" in refused.stderr
    assert not _database_exists(restored_db)
    assert objects(occupied) == {"documents/live.pdf": b"live"}

    missing = f"{occupied}-fehlt"
    refused = _run(["scripts/restore.sh", prefix, target, f"s3://{missing}"], _s3_env(occupied))
    assert refused.returncode == 4
    assert f"Den Bucket {missing} gibt es nicht" in refused.stderr
    assert not _database_exists(restored_db)

    empty = new_bucket()
    done = _run(["scripts/restore.sh", prefix, target, f"s3://{empty}"], _s3_env(occupied))
    assert done.returncode == 0, done.stdout + done.stderr
    assert objects(empty) == {"documents/7/vertrag.pdf": b"%PDF-1.7 Vertrag"}
    assert objects(occupied) == {"documents/live.pdf": b"live"}
