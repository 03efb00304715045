"""Celery tasks of the reports app. Each takes ids, calls a service and keeps its
state in the Report row (REFERENCE.md §2.2)."""

from __future__ import annotations

import datetime as dt
import logging
import random
from typing import Any

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from celery.signals import worker_init, worker_ready
from django.db import DatabaseError
from django.utils import timezone

from . import services

logger = logging.getLogger(__name__)

# Worth another attempt: I/O, the database, the time limit. A template or code error
# is not: it fails at once with a message instead of looping.
TRANSIENT_ERRORS = (OSError, DatabaseError, SoftTimeLimitExceeded)


def backoff(attempt: int) -> int:
    return min(10 * 2 ** (attempt - 1), 300) + random.randint(0, 5)  # noqa: S311 - jitter only


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def render_report(self: Any, pk: int) -> None:
    attempt = services.report_claim(pk, worker=self.request.hostname or "", pid=None)
    if attempt is None:
        logger.info("Bericht %s: schon erledigt oder in Arbeit, nichts zu tun", pk)
        return
    try:
        services.report_render(pk=pk, attempt=attempt)
    except TRANSIENT_ERRORS as exc:
        logger.warning("Bericht %s: Versuch %s fehlgeschlagen: %s", pk, attempt, exc)
        if services.report_mark_retry(pk=pk, attempt=attempt):
            raise self.retry(exc=exc, countdown=backoff(attempt), max_retries=None) from exc
    except Exception:
        logger.exception("Bericht %s: Versuch %s mit internem Fehler abgebrochen", pk, attempt)
        services.report_mark_failed(pk=pk, attempt=attempt, message=services.ERROR_BROKEN)


@shared_task(ignore_result=True)
def sweep_reports(worker: str = "", booted_at: str = "") -> int:
    booted = dt.datetime.fromisoformat(booted_at) if booted_at else None
    return services.reports_recover(worker=worker, booted_at=booted)


@shared_task(ignore_result=True)
def order_scheduled_report(which: str = "current") -> int:
    return services.report_order_scheduled(which=which).pk


@shared_task(ignore_result=True)
def warm_dashboard() -> list[int]:
    """After a change, the dashboard of the running and the previous year is rendered
    here instead of in the first ministry viewer's request (reports/dashboard.py)."""
    from .dashboard import warm
    from .statistics import data_state

    return warm(data_state())


@worker_ready.connect
def recover_reports_on_start(sender: Any = None, **kwargs: Any) -> None:
    """A worker that starts (again) enqueues what waits, and takes back what its
    previous life left RUNNING."""
    hostname = getattr(sender, "hostname", "") or ""
    try:
        sweep_reports.delay(worker=hostname, booted_at=timezone.now().isoformat())
    except Exception:
        logger.warning("Start-Sweep der Berichte konnte nicht eingereiht werden", exc_info=True)


@worker_init.connect
def preload_pdf_renderer(**kwargs: Any) -> None:
    """Imports WeasyPrint and reads the PDF fonts in the worker's main process, before
    the pool forks: every child (a new one after CELERY_WORKER_MAX_TASKS_PER_CHILD
    reports) inherits them instead of paying about a second on its first report."""
    from core import pdf

    pdf.preload()
