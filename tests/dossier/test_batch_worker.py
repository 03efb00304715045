"""A real Celery worker builds the export of a year through Redis and PostgreSQL; the
row shows its progress and the ZIP it stored passes the manifest's checksums."""

from __future__ import annotations

import subprocess

import pytest
from django.core.files.storage import default_storage

from accounts.models import User
from cooperations.models import Cooperation
from dossier import services
from dossier.models import DossierExport
from tests.conftest import ARTIFACTS, wait_for

from .conftest import read_zip, verify_checksums

pytestmark = pytest.mark.worker


def test_the_worker_builds_the_export_of_a_year(
    celery_worker: subprocess.Popen[bytes], clara: User, closed_case: Cooperation
) -> None:
    worker_log = ARTIFACTS / "celery-worker.log"
    log_offset = worker_log.stat().st_size
    # No surrounding transaction here (transactional_db): the task is sent on commit.
    export = services.dossier_export_order(year=2025, actor=clara)

    def finished() -> bool:
        export.refresh_from_db()
        return not export.is_open

    assert wait_for(finished, timeout=90), "Der Worker hat den Export nicht in 90 s erstellt"
    assert export.status == DossierExport.Status.DONE, export.error
    assert (export.cases_done, export.cases_total) == (1, 1)
    with default_storage.open(export.file.name, "rb") as handle:
        data = handle.read()
    verify_checksums(read_zip(data, f"{closed_case.reference}/"))
    with worker_log.open("rb") as log:
        log.seek(log_offset)
        assert b"Task dossier.tasks.build_dossier_export[" in log.read()
    assert celery_worker.poll() is None
