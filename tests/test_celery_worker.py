"""A real Celery worker process takes a task from the real Redis of `make test` and
its effect appears in the (real PostgreSQL) database."""

from __future__ import annotations

import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import User
from contacts.models import Municipality, RegisterImport
from contacts.services import register_import_confirm, register_import_request

from .conftest import ARTIFACTS, wait_for
from .contacts.gv100ad_files import KUENZELL, edition_bytes

pytestmark = pytest.mark.worker


def test_a_register_import_job_is_processed_by_the_worker_through_redis(
    celery_worker: subprocess.Popen[bytes], clara: User
) -> None:
    worker_log = ARTIFACTS / "celery-worker.log"
    log_offset = worker_log.stat().st_size
    upload = SimpleUploadedFile("GV100AD_31122021.txt", edition_bytes("20211231"), content_type="text/plain")
    # No surrounding transaction here (transactional_db): the task is sent on commit.
    job = register_import_request(file=upload, actor=clara)
    register_import_confirm(job=job, actor=clara)

    def finished() -> bool:
        job.refresh_from_db()
        return job.is_final

    assert wait_for(finished, timeout=60), "Der Worker hat den Import nicht in 60 s erledigt"
    assert job.status == RegisterImport.Status.DONE, job.result
    assert job.attempts == 1
    assert job.created_count == 9
    kuenzell = Municipality.objects.get(ags=KUENZELL.ags)
    assert (kuenzell.name, kuenzell.population) == ("Künzell", KUENZELL.population)
    # The worker process, not this one, ran it.
    with worker_log.open("rb") as log:
        log.seek(log_offset)
        assert b"Task contacts.tasks.run_register_import[" in log.read()
    assert celery_worker.poll() is None
