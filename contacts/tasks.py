from __future__ import annotations

import datetime as dt
import logging

from celery import shared_task
from django.conf import settings
from django.core.exceptions import ValidationError

from . import services
from .models import RegisterImport
from .register import register_import

logger = logging.getLogger(__name__)

REGISTER_IMPORT_CRASHED = (
    "Der Import ist unerwartet abgebrochen ({error}). Das Gemeindeverzeichnis wurde nicht verändert; "
    "bitte wenden Sie sich an den IT-Betrieb."
)
REGISTER_IMPORT_GAVE_UP = (
    "Der Import wurde nach {attempts} Versuchen aufgegeben, weil die Verarbeitung jedes Mal abbrach. "
    "Das Gemeindeverzeichnis wurde nicht verändert."
)
MAX_ATTEMPTS = 3


def _fail(pk: int, message: str) -> None:
    services.register_job_fail(pk=pk, message=message)


@shared_task
def run_register_import(pk: int) -> str | None:
    """Import an uploaded GV100AD file. Claims the job row first, so a redelivered or
    duplicate message does nothing; a row left "running" by a killed worker is taken
    over once it is older than the task time limit. The job row moves only through
    the services (contacts.services.register_job_*)."""
    stale_after = dt.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)
    job = services.register_job_claim(pk=pk, max_attempts=MAX_ATTEMPTS, stale_after=stale_after)
    if job is None:
        if services.register_job_out_of_attempts(pk=pk, max_attempts=MAX_ATTEMPTS, stale_after=stale_after):
            _fail(pk, REGISTER_IMPORT_GAVE_UP.format(attempts=MAX_ATTEMPTS))
        return None
    try:
        with job.file.open("rb") as fh:
            data = fh.read()
        register_import(
            data=data,
            file_name=job.file_name,
            # Only what the adviser saw and accepted in the preview: new warnings stop the run.
            confirmed=job.warnings_confirmed,
            actor=job.confirmed_by or job.uploaded_by,
            job=job,
        )
    except ValidationError as exc:
        _fail(pk, "\n".join(exc.messages))
        return RegisterImport.Status.FAILED
    except Exception as exc:
        logger.exception("Import des Gemeindeverzeichnisses %s fehlgeschlagen", pk)
        _fail(pk, REGISTER_IMPORT_CRASHED.format(error=type(exc).__name__))
        return RegisterImport.Status.FAILED
    return RegisterImport.Status.DONE
