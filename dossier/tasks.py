"""Celery tasks of the dossier export: they take an id and call a service; the state
lives in the DossierExport row."""

from __future__ import annotations

import logging
from typing import Any

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from celery.signals import worker_ready
from django.db import DatabaseError

from . import services

logger = logging.getLogger(__name__)

# Worth another attempt: I/O, the database, the time limit; a code error is not.
TRANSIENT_ERRORS = (OSError, DatabaseError, SoftTimeLimitExceeded)


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def build_dossier_export(self: Any, pk: int) -> None:
    attempt = services.dossier_export_claim(pk)
    if attempt is None:
        logger.info("Dossier-Export %s: schon erledigt oder in Arbeit, nichts zu tun", pk)
        return
    try:
        services.dossier_export_build(pk=pk, attempt=attempt)
    except TRANSIENT_ERRORS as exc:
        logger.warning("Dossier-Export %s: Versuch %s fehlgeschlagen: %s", pk, attempt, exc)
        if services.dossier_export_mark_retry(pk=pk, attempt=attempt):
            raise self.retry(exc=exc, countdown=30 * attempt, max_retries=None) from exc
    except Exception:
        logger.exception("Dossier-Export %s: Versuch %s mit internem Fehler abgebrochen", pk, attempt)
        services.dossier_export_mark_failed(pk=pk, attempt=attempt, message=services.ERROR_BROKEN)


@shared_task(ignore_result=True)
def sweep_dossier_exports() -> int:
    return services.dossier_exports_recover()


@worker_ready.connect
def recover_dossier_exports_on_start(sender: Any = None, **kwargs: Any) -> None:
    """A worker that starts (again) enqueues the exports that wait (a broker outage at
    the order, the demo seeded before the worker ran)."""
    try:
        sweep_dossier_exports.delay()
    except Exception:
        logger.warning("Start-Sweep der Dossier-Exporte konnte nicht eingereiht werden", exc_info=True)
