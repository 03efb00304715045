from __future__ import annotations

import datetime as dt
import logging

from celery import shared_task
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import F, Q
from django.utils import timezone

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
    RegisterImport.objects.filter(pk=pk).update(
        status=RegisterImport.Status.FAILED,
        result=message,
        finished_at=timezone.now(),
        updated_at=timezone.now(),
    )


@shared_task
def run_register_import(pk: int) -> str | None:
    """Import an uploaded GV100AD file. Claims the job row first, so a redelivered or
    duplicate message does nothing; a row left "running" by a killed worker is taken
    over once it is older than the task time limit (the import is one transaction,
    so a crashed run changed nothing)."""
    now = timezone.now()
    stale = now - dt.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT)
    claimable = Q(status=RegisterImport.Status.REQUESTED) | Q(
        status=RegisterImport.Status.RUNNING, started_at__lt=stale
    )
    claimed = RegisterImport.objects.filter(claimable, pk=pk, attempts__lt=MAX_ATTEMPTS).update(
        status=RegisterImport.Status.RUNNING, attempts=F("attempts") + 1, started_at=now, updated_at=now
    )
    if not claimed:
        if RegisterImport.objects.filter(claimable, pk=pk, attempts__gte=MAX_ATTEMPTS).exists():
            _fail(pk, REGISTER_IMPORT_GAVE_UP.format(attempts=MAX_ATTEMPTS))
        return None
    job = RegisterImport.objects.select_related("uploaded_by", "confirmed_by").get(pk=pk)
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
