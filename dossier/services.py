"""Writes of the dossier export: the streamed ZIP of one case (audited), and the batch
export of a year's closed cases (order, enqueue, claim, build, recover), kept in the
DossierExport row as reports.Report keeps its PDF (REFERENCE.md §2.2).

A batch is claimed with a conditional update, so a duplicate delivery does nothing; it
finishes with a conditional update on the attempt it claimed, so a worker that was given
up on cannot finish it twice. While it builds, every finished case renews the row's
heartbeat; a RUNNING row whose heartbeat is older than DOSSIER_STALE_AFTER belongs to a
gone worker and the sweep (beat) starts it again."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import tempfile
from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from accounts.audit import audit_export
from cooperations.models import Cooperation

from .contents import case_entries, dossier_queryset, manifest_entry
from .models import DossierExport
from .selectors import closed_case_ids
from .zipstream import Entry, Written, bytes_chunks, stream_zip

if TYPE_CHECKING:
    from django.http import HttpRequest

    from accounts.models import User

logger = logging.getLogger(__name__)

ERROR_RETRYING = "Die Erstellung ist fehlgeschlagen (Versuch {attempt}); sie wird automatisch wiederholt."
ERROR_FAILED = (
    "Der Export konnte nach {attempts} Versuchen nicht erstellt werden. "
    "Bitte fordern Sie ihn erneut an oder wenden Sie sich an die Administration."
)
ERROR_BROKEN = "Der Export konnte nicht erstellt werden (interner Fehler). Die Administration ist informiert."
ERROR_CRASHED = "Die Erstellung wurde unterbrochen (Worker beendet); sie wird neu gestartet."
YEAR_OUT_OF_RANGE = "Bitte geben Sie ein Jahr zwischen 2000 und {last} an."

MAX_ATTEMPTS = 3
# The worker's task (dossier.tasks.build_dossier_export), by the name Celery registered it under.
BUILD_DOSSIER_EXPORT = "dossier.tasks.build_dossier_export"
QUEUED_STALE_AFTER = dt.timedelta(minutes=15)


def _actor_name(user: User) -> str:
    return user.get_full_name() or user.email


# --- One case, streamed to the adviser ----------------------------------------------------


def dossier_case_stream(
    *, case: Cooperation, actor: User, request: HttpRequest | None = None
) -> Iterator[bytes]:
    """Audits the export (personal data leaves the system) and returns the ZIP's bytes as
    they are written."""
    with transaction.atomic():
        audit_export(
            actor=actor,
            what="Dossier",
            count=case.documents.count(),
            request=request,
            file_format="zip",
            case=case.reference,
        )

    def entries(written: list[Written]) -> Iterator[Entry]:
        yield from case_entries(case)
        yield manifest_entry(case, written, actor=_actor_name(actor))

    return stream_zip(entries)


# --- A year's closed cases, built by a worker ----------------------------------------------


def _check_year(year: int) -> None:
    from django.core.exceptions import ValidationError

    last = timezone.localdate().year
    if not 2000 <= year <= last:
        raise ValidationError(YEAR_OUT_OF_RANGE.format(last=last))


def dossier_export_order(*, year: int, actor: User) -> DossierExport:
    """Orders the batch export of a year; an open order of that year is returned instead
    of a second one (double click, two advisers)."""
    _check_year(year)
    existing = DossierExport.objects.open().filter(year=year).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            export = DossierExport.objects.create(year=year, requested_by=actor)
            audit_export(
                actor=actor, what="Dossier-Export (Jahr) angefordert", count=0, year=year, export=export.pk
            )
            transaction.on_commit(partial(dossier_export_enqueue, export.pk), robust=True)
    except IntegrityError:
        return DossierExport.objects.open().get(year=year)
    return export


def dossier_export_enqueue(pk: int) -> bool:
    from core.publish import publish

    try:
        published = publish(BUILD_DOSSIER_EXPORT, pk)
    except Exception:  # eager mode (tests, demo) raises here instead of returning False
        logger.warning("Dossier-Export %s: Einreihen fehlgeschlagen", pk, exc_info=True)
        published = False
    if not published:
        return False
    DossierExport.objects.filter(
        pk=pk, status__in=[DossierExport.Status.REQUESTED, DossierExport.Status.QUEUED]
    ).update(status=DossierExport.Status.QUEUED, enqueued_at=timezone.now())
    return True


def dossier_export_claim(pk: int) -> int | None:
    """The attempt number, or None when the row is done, failed or being built."""
    now = timezone.now()
    stale = Q(status=DossierExport.Status.RUNNING, heartbeat_at__lt=now - stale_after())
    claimed = (
        DossierExport.objects.filter(pk=pk)
        .filter(Q(status__in=[DossierExport.Status.REQUESTED, DossierExport.Status.QUEUED]) | stale)
        .update(
            status=DossierExport.Status.RUNNING,
            attempts=F("attempts") + 1,
            started_at=now,
            heartbeat_at=now,
            cases_done=0,
        )
    )
    if not claimed:
        return None
    return DossierExport.objects.values_list("attempts", flat=True).get(pk=pk)


def stale_after() -> dt.timedelta:
    return dt.timedelta(seconds=int(settings.DOSSIER_STALE_AFTER_SECONDS))


def storage_name(export: DossierExport) -> str:
    return f"dossiers/dossiers-{export.year}-{export.pk}.zip"


def _progress(pk: int, attempt: int, done: int) -> None:
    DossierExport.objects.filter(pk=pk, status=DossierExport.Status.RUNNING, attempts=attempt).update(
        cases_done=done, heartbeat_at=timezone.now()
    )


def year_entries(
    export: DossierExport, attempt: int, case_ids: list[int]
) -> Callable[[list[Written]], Iterator[Entry]]:
    import json

    def entries(written: list[Written]) -> Iterator[Entry]:
        index = []
        for done, pk in enumerate(case_ids, start=1):
            case = dossier_queryset().get(pk=pk)
            yield from case_entries(case)
            yield manifest_entry(case, written, actor="Dossier-Export")
            index.append(
                {"aktenzeichen": case.reference, "titel": case.title, "ordner": f"{case.reference}/"}
            )
            _progress(export.pk, attempt, done)
        data = {
            "format": "ikz-dossier-jahr/1",
            "jahr": export.year,
            "erstellt_am": timezone.localtime().isoformat(),
            "vorgaenge": index,
        }
        blob = json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")
        yield Entry(
            name="inhalt.json", chunks=bytes_chunks(blob), modified=timezone.localtime(), kind="inhalt"
        )

    return entries


def dossier_export_build(*, pk: int, attempt: int) -> bool:
    """Builds a claimed export into a temporary file (never the whole ZIP in memory),
    stores it under its fixed name and marks the row done. False when another worker
    took the row over meanwhile (then this result is dropped)."""
    export = DossierExport.objects.get(pk=pk)
    case_ids = closed_case_ids(export.year)
    DossierExport.objects.filter(pk=pk, attempts=attempt).update(cases_total=len(case_ids))
    digest, size = hashlib.sha256(), 0
    with tempfile.TemporaryFile(prefix="ikz-dossier-") as tmp:
        for chunk in stream_zip(year_entries(export, attempt, case_ids)):
            tmp.write(chunk)
            digest.update(chunk)
            size += len(chunk)
        tmp.seek(0)
        name = storage_name(export)
        # Our own name, fixed per row: a retry replaces the file of the attempt before.
        if default_storage.exists(name):
            default_storage.delete(name)
        saved = default_storage.save(name, File(tmp, name=name))
    done = DossierExport.objects.filter(pk=pk, status=DossierExport.Status.RUNNING, attempts=attempt).update(
        status=DossierExport.Status.DONE,
        file=saved,
        size=size,
        sha256=digest.hexdigest(),
        cases_done=len(case_ids),
        error="",
        finished_at=timezone.now(),
        heartbeat_at=None,
    )
    if not done:
        # Taken over: the other attempt writes the same name; the orphan sweep covers a rest.
        logger.warning("Dossier-Export %s: Versuch %s wurde übernommen, Ergebnis verworfen", pk, attempt)
    return bool(done)


def dossier_export_mark_retry(*, pk: int, attempt: int) -> bool:
    if attempt >= MAX_ATTEMPTS:
        dossier_export_mark_failed(pk=pk, attempt=attempt, message=ERROR_FAILED.format(attempts=attempt))
        return False
    DossierExport.objects.filter(pk=pk, status=DossierExport.Status.RUNNING, attempts=attempt).update(
        status=DossierExport.Status.QUEUED,
        error=ERROR_RETRYING.format(attempt=attempt),
        enqueued_at=timezone.now(),
        heartbeat_at=None,
    )
    return True


def dossier_export_mark_failed(*, pk: int, attempt: int, message: str) -> None:
    DossierExport.objects.filter(pk=pk, status=DossierExport.Status.RUNNING, attempts=attempt).update(
        status=DossierExport.Status.FAILED, error=message, finished_at=timezone.now(), heartbeat_at=None
    )


def dossier_exports_recover() -> int:
    """The sweep: rows a gone worker left RUNNING go back to REQUESTED (or FAILED after
    the last attempt); REQUESTED rows and QUEUED rows whose message may be lost are
    enqueued again. Duplicates are harmless: the claim lets one through."""
    now = timezone.now()
    crashed = DossierExport.objects.filter(
        status=DossierExport.Status.RUNNING, heartbeat_at__lt=now - stale_after()
    )
    crashed.filter(attempts__gte=MAX_ATTEMPTS).update(
        status=DossierExport.Status.FAILED,
        error=ERROR_FAILED.format(attempts=MAX_ATTEMPTS),
        finished_at=now,
        heartbeat_at=None,
    )
    crashed.filter(attempts__lt=MAX_ATTEMPTS).update(
        status=DossierExport.Status.REQUESTED, error=ERROR_CRASHED, heartbeat_at=None
    )
    pending = list(
        DossierExport.objects.filter(
            Q(status=DossierExport.Status.REQUESTED)
            | Q(status=DossierExport.Status.QUEUED, enqueued_at__lt=now - QUEUED_STALE_AFTER)
            | Q(status=DossierExport.Status.QUEUED, enqueued_at__isnull=True)
        ).values_list("pk", flat=True)
    )
    return sum(1 for pk in pending if dossier_export_enqueue(pk))


def dossier_export_download(
    *, export: DossierExport, actor: User, request: HttpRequest | None = None
) -> File:
    """Opens a finished export for download, audited."""
    from core.errors import open_media_or_404

    with transaction.atomic():
        audit_export(
            actor=actor,
            what="Dossier-Export (Jahr)",
            count=export.cases_total,
            request=request,
            file_format="zip",
            year=export.year,
            export=export.pk,
        )
    return open_media_or_404(export.file)


@transaction.atomic
def dossier_export_delete(*, export: DossierExport, actor: User) -> None:
    """Removes the row; its file goes after the commit (a rolled-back delete keeps it),
    and a file left behind by a crash here is an orphan the media sweep lists."""
    name = export.file.name if export.file else ""
    audit_export(
        actor=actor, what="Dossier-Export (Jahr) gelöscht", count=0, year=export.year, export=export.pk
    )
    export.delete()
    if name:
        transaction.on_commit(lambda: default_storage.delete(name), robust=True)
