"""Writes on reports: order, enqueue, render, recover (REFERENCE.md §2.2).

The Report row is the durable order. Enqueueing happens after commit and may fail
(Redis down): the row then stays REQUESTED and the sweep or the next worker start
enqueues it again. Rendering claims the row with a conditional update, so a
duplicate delivery does nothing, and finishes with a conditional update on the
attempt it claimed, so a worker that was given up on cannot finish it twice.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import threading
from functools import partial
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DatabaseError, IntegrityError, connections, transaction
from django.db.models import F, Q
from django.utils import timezone

from core.land import land_name
from core.pdf import css_string, render_pdf

from .models import Report
from .statistics import annual_statistics, cached_statistics_of_version, data_version, default_cutoff

if TYPE_CHECKING:
    from accounts.models import User

logger = logging.getLogger(__name__)

# German messages a user sees on the row (and the tests reuse).
ERROR_RETRYING = "Die Erstellung ist fehlgeschlagen (Versuch {attempt}); sie wird automatisch wiederholt."
ERROR_FAILED = (
    "Der Bericht konnte nach {attempts} Versuchen nicht erstellt werden. "
    "Bitte fordern Sie ihn erneut an oder wenden Sie sich an die Administration."
)
ERROR_BROKEN = (
    "Der Bericht konnte nicht erstellt werden (interner Fehler). Die Administration ist informiert."
)
ERROR_CRASHED = "Die Erstellung wurde unterbrochen (Worker beendet); sie wird neu gestartet."

MAX_ATTEMPTS = 4
# The worker's task (reports.tasks.render_report), by the name Celery registered it under.
RENDER_REPORT = "reports.tasks.render_report"
QUEUED_STALE_AFTER = dt.timedelta(minutes=15)


def lease_seconds() -> int:
    """A RUNNING row whose lease ran out belongs to a gone worker and is taken over.
    The lease is short (REPORTS_LEASE_SECONDS, 60 s) and renewed by a heartbeat while
    the render runs (LeaseHeartbeat): a crashed worker's report is taken back by the
    next sweep after the lease, whatever node name the restarted worker has."""
    return int(settings.REPORTS_LEASE_SECONDS)


class LeaseHeartbeat:
    """Renews the lease of the attempt being rendered every third of the lease, in a
    thread on its own database connection, until the render ends. Dies with the
    process: a killed worker stops renewing and its lease runs out."""

    def __init__(self, pk: int, attempt: int) -> None:
        self.pk, self.attempt = pk, attempt
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"report-lease-{pk}", daemon=True)

    def __enter__(self) -> LeaseHeartbeat:
        # Inside a transaction (eager tasks in tests) the claim's row lock is ours until
        # commit: another connection's renewal would wait for it, and we for the thread.
        if not transaction.get_connection().in_atomic_block:
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=lease_seconds())

    def _run(self) -> None:
        seconds = lease_seconds()
        try:
            while not self._stop.wait(seconds / 3):
                try:
                    Report.objects.filter(
                        pk=self.pk, status=Report.Status.RUNNING, attempts=self.attempt
                    ).update(lease_until=timezone.now() + dt.timedelta(seconds=seconds))
                except DatabaseError:
                    # PostgreSQL away for a moment: the next beat tries again; the lease
                    # covers two missed beats.
                    logger.warning("Bericht %s: Reservierung nicht verlängert", self.pk, exc_info=True)
                    connections.close_all()
        finally:
            connections.close_all()  # this thread's connection only


def report_order(*, year: int, actor: User | None, scheduled: bool = False) -> Report:
    """Orders the annual statistics of a year. If a report of the same year and data
    state exists (open or done), that one is returned instead of a second render."""
    cutoff = default_cutoff(year)
    version = data_version(year, cutoff)
    existing = Report.objects.usable().filter(year=year, data_version=version).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            report = Report.objects.create(
                year=year, cutoff=cutoff, data_version=version, requested_by=actor, scheduled=scheduled
            )
            # robust: after commit, a broker error must not turn the order into a 500.
            transaction.on_commit(partial(report_enqueue, report.pk), robust=True)
    except IntegrityError:
        # Two clicks at the same moment: the other one created it.
        return Report.objects.usable().get(year=year, data_version=version)
    return report


def report_enqueue(pk: int) -> bool:
    """Hands the report to Celery. False (and the row stays as it is) when the broker
    cannot be reached; the sweep tries again."""
    from core.publish import publish

    try:
        published = publish(RENDER_REPORT, pk)
    except Exception:  # eager mode (tests, demo) raises here instead of returning False
        logger.warning("Bericht %s: Einreihen fehlgeschlagen", pk, exc_info=True)
        published = False
    if not published:
        logger.warning("Bericht %s: Einreihen fehlgeschlagen, der Sweep versucht es erneut", pk)
        return False
    Report.objects.filter(pk=pk, status__in=[Report.Status.REQUESTED, Report.Status.QUEUED]).update(
        status=Report.Status.QUEUED, enqueued_at=timezone.now()
    )
    return True


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def report_claim(pk: int, *, worker: str = "", pid: int | None = None) -> int | None:
    """Claims the row for this worker process; returns the attempt number, or None when
    the row is done, failed, or being rendered by a live worker.

    A RUNNING row is taken over when its lease ran out, or when it was claimed on
    this very worker node by a process that no longer exists (a child killed by the
    OOM killer: Celery redelivers the message, and the row must not wait for the lease)."""
    now = timezone.now()
    pid = pid or os.getpid()
    takeover = Q(status=Report.Status.RUNNING, lease_until__lt=now)
    row = Report.objects.filter(pk=pk).values("status", "worker", "worker_pid", "attempts").first()
    if row is None:
        return None
    if (
        row["status"] == Report.Status.RUNNING
        and worker
        and row["worker"] == worker
        and row["worker_pid"]
        and row["worker_pid"] != pid
        and not _pid_alive(row["worker_pid"])
    ):
        takeover |= Q(
            status=Report.Status.RUNNING,
            worker=worker,
            worker_pid=row["worker_pid"],
            attempts=row["attempts"],
        )
    claimed = (
        Report.objects.filter(pk=pk)
        .filter(Q(status__in=[Report.Status.REQUESTED, Report.Status.QUEUED]) | takeover)
        .update(
            status=Report.Status.RUNNING,
            attempts=F("attempts") + 1,
            started_at=now,
            lease_until=now + dt.timedelta(seconds=lease_seconds()),
            worker=worker,
            worker_pid=pid,
        )
    )
    if not claimed:
        return None
    return Report.objects.values_list("attempts", flat=True).get(pk=pk)


def report_storage_name(report: Report) -> str:
    return f"reports/jahresstatistik-{report.year}-{report.pk}.pdf"


def report_build_pdf(report: Report) -> bytes:
    # Ordered from the dashboard, the figures of the report's data state are usually in
    # the cache already (cached_annual_statistics): the render need not compute them again.
    stats = cached_statistics_of_version(report.data_version)
    if stats is None or (stats.year, stats.cutoff) != (report.year, report.cutoff):
        stats = annual_statistics(report.year, report.cutoff)
    title = f"Jahresstatistik Interkommunale Zusammenarbeit {report.year}"
    generated = timezone.localtime()
    footer = (
        f"Stichtag {report.cutoff:%d.%m.%Y} · erstellt am {generated:%d.%m.%Y, %H:%M} Uhr"
        f" · Datenstand {report.data_version[:12]}"
    )
    context = {
        "stats": stats,
        "report": report,
        "land_name": land_name(),
        "title": title,
        "generated_at": generated,
        "data_version": report.data_version[:12],
        "page_header": css_string(title),
        "page_footer": css_string(footer),
    }
    return render_pdf("pdf/annual_report.html", context)


def report_render(*, pk: int, attempt: int) -> bool:
    """Renders a claimed report and marks it done. Returns False when another worker
    took the row over meanwhile (then this result is dropped)."""
    report = Report.objects.get(pk=pk)
    with LeaseHeartbeat(pk, attempt):
        # Fault-injection tests kill the worker in this window (set only in their worker's environment).
        pause = float(os.environ.get("IKZ_REPORTS_RENDER_PAUSE", "0") or 0)
        if pause:
            import time

            time.sleep(pause)
        pdf = report_build_pdf(report)
        name = report_storage_name(report)
        # Overwrite our own output: the name is ours and fixed, a retry replaces the file.
        if default_storage.exists(name):
            default_storage.delete(name)
        saved = default_storage.save(name, ContentFile(pdf))
    done = Report.objects.filter(pk=pk, status=Report.Status.RUNNING, attempts=attempt).update(
        status=Report.Status.DONE,
        file=saved,
        size=len(pdf),
        error="",
        renders=F("renders") + 1,
        finished_at=timezone.now(),
        lease_until=None,
    )
    if not done:
        logger.warning("Bericht %s: Versuch %s wurde übernommen, Ergebnis verworfen", pk, attempt)
    return bool(done)


REPORT_RUNNING = (
    "Der Bericht {year} wird gerade erstellt und kann erst gelöscht werden, wenn er fertig "
    "oder fehlgeschlagen ist."
)


def report_delete(*, report: Report, actor: User | None) -> None:
    """Delete a report order and, once that is committed, its PDF (a rollback keeps both).
    One being rendered is refused: its worker would write a file nobody points to."""
    from accounts.audit import audit_event
    from accounts.models import AuditEvent

    with transaction.atomic():
        locked = Report.objects.select_for_update().filter(pk=report.pk).first()
        if locked is None:
            return  # deleted meanwhile (a second click)
        if locked.status == Report.Status.RUNNING:
            raise ValidationError(REPORT_RUNNING.format(year=locked.year))
        name = locked.file.name if locked.file else ""
        storage = locked.file.storage
        audit_event(
            AuditEvent.Kind.OTHER,
            actor=actor,
            event="report_deleted",
            what=f"Jahresstatistik {locked.year} gelöscht",
            report_id=locked.pk,
            year=locked.year,
            status=locked.status,
            file=name,
        )
        locked.delete()
        if name:
            transaction.on_commit(partial(storage.delete, name))


def report_mark_retry(*, pk: int, attempt: int) -> bool:
    """After a transient failure: back to QUEUED for the retry, or FAILED at the limit.
    True when a retry should be scheduled."""
    if attempt >= MAX_ATTEMPTS:
        report_mark_failed(pk=pk, attempt=attempt, message=ERROR_FAILED.format(attempts=attempt))
        return False
    Report.objects.filter(pk=pk, status=Report.Status.RUNNING, attempts=attempt).update(
        status=Report.Status.QUEUED,
        error=ERROR_RETRYING.format(attempt=attempt),
        enqueued_at=timezone.now(),
        lease_until=None,
    )
    return True


def report_mark_failed(*, pk: int, attempt: int, message: str) -> None:
    Report.objects.filter(pk=pk, status=Report.Status.RUNNING, attempts=attempt).update(
        status=Report.Status.FAILED, error=message, finished_at=timezone.now(), lease_until=None
    )


def reports_recover(*, worker: str = "", booted_at: dt.datetime | None = None) -> int:
    """The sweep (beat, and every worker at start-up): rows left RUNNING by a crashed
    worker go back to REQUESTED (or FAILED after the last attempt); every REQUESTED
    row and every QUEUED row whose message may be lost is enqueued again. Duplicates
    are harmless: the claim lets only one through. Returns how many were enqueued.

    At start-up a worker passes its node name and boot time: rows that node claimed
    before it booted belong to its previous, crashed life and need not wait for the lease."""
    now = timezone.now()
    stale = Q(lease_until__lt=now)
    if worker and booted_at:
        stale |= Q(worker=worker, started_at__lt=booted_at)
    crashed = Report.objects.filter(stale, status=Report.Status.RUNNING)
    crashed.filter(attempts__gte=MAX_ATTEMPTS).update(
        status=Report.Status.FAILED,
        error=ERROR_FAILED.format(attempts=MAX_ATTEMPTS),
        finished_at=now,
        lease_until=None,
    )
    crashed.filter(attempts__lt=MAX_ATTEMPTS).update(
        status=Report.Status.REQUESTED, error=ERROR_CRASHED, lease_until=None
    )
    pending = list(
        Report.objects.filter(
            Q(status=Report.Status.REQUESTED)
            | Q(status=Report.Status.QUEUED, enqueued_at__lt=now - QUEUED_STALE_AFTER)
            | Q(status=Report.Status.QUEUED, enqueued_at__isnull=True)
        ).values_list("pk", flat=True)
    )
    return sum(1 for pk in pending if report_enqueue(pk))


def report_order_scheduled(*, which: str, today: dt.date | None = None) -> Report:
    """Beat: the previous year's report on 1 January, the running year's every month."""
    today = today or timezone.localdate()
    year = today.year - 1 if which == "previous" else today.year
    return report_order(year=year, actor=None, scheduled=True)
