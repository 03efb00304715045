"""What one case's dossier holds, as entries of the streamed ZIP (dossier/zipstream.py):

    IKZ-2026-0012/fallakte.pdf             PDF/A-3u, tagged (the Fallakte of reports/casefile.py)
    IKZ-2026-0012/nachrichten.pdf          every message, both directions (PDF/A)
    IKZ-2026-0012/verlauf.pdf              events, activities, changes of the master data (PDF/A)
    IKZ-2026-0012/foerderungen.csv         the grants, German CSV of the back office
    IKZ-2026-0012/auszahlungen.csv         the payments, the same
    IKZ-2026-0012/dokumente/0001-….pdf     every document, as uploaded, read in chunks
    IKZ-2026-0012/manifest.json            name, size and SHA-256 of each file, the case's data

The PDFs are rendered one at a time when their entry is written, the documents are
read from the storage chunk by chunk: memory stays flat with the number of documents."""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import unicodedata
from collections.abc import Iterable, Iterator
from typing import Any

from django.core.files.storage import Storage
from django.utils import timezone

from backoffice.exports import GermanCSV
from cooperations.models import Activity, CaseEvent, Cooperation, Document, Message, Participation, Status
from core.land import land_name
from core.pdf import css_string, render_pdf
from funding.models import Disbursement, Grant
from funding.resources import DisbursementResource, GrantResource

from .zipstream import CHUNK, Entry, Written, bytes_chunks

logger = logging.getLogger(__name__)

MANIFEST = "manifest.json"
MANIFEST_FORMAT = "ikz-dossier/1"
MISSING_TEXT = (
    "Die Datei „{name}“ (hochgeladen am {date}) fehlt im Speicher des Portals und konnte "
    "nicht in das Dossier übernommen werden. Bitte wenden Sie sich an die Administration.\n"
)
_UNSAFE = re.compile(r"[^\w.\- ]+")


def safe_name(text: str, *, limit: int = 100) -> str:
    """A file name every archive tool accepts: no paths, no control or reserved characters."""
    text = unicodedata.normalize("NFC", text).replace("/", "_").replace("\\", "_")
    text = _UNSAFE.sub("_", text).strip(" .") or "datei"
    if len(text) > limit:
        stem, dot, ext = text.rpartition(".")
        text = f"{stem[: limit - len(ext) - 1]}.{ext}" if dot and len(ext) <= 10 else text[:limit]
    return text


def stored_chunks(storage: Storage, name: str) -> Iterator[bytes]:
    """A stored file in chunks. On S3, django-storages' S3File would download the whole
    object into memory first (AWS_S3_MAX_MEMORY_SIZE 0): the object's body is read as a
    stream instead."""
    try:
        from storages.backends.s3 import S3Storage
        from storages.utils import clean_name
    except ImportError:  # pragma: no cover - django-storages is a dependency
        S3Storage = None
    if S3Storage is not None and isinstance(storage, S3Storage):
        from botocore.exceptions import ClientError

        key = storage._normalize_name(clean_name(name))
        try:
            body = storage.bucket.Object(key).get()["Body"]
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
                raise FileNotFoundError(name) from exc
            raise
        try:
            yield from body.iter_chunks(CHUNK)
        finally:
            body.close()
        return
    with storage.open(name, "rb") as file:
        yield from file.chunks(CHUNK)


def closed_on(case: Cooperation) -> dt.date | None:
    event = (
        CaseEvent.objects.filter(cooperation=case, kind=CaseEvent.Kind.STATUS, new_status=Status.CLOSED)
        .order_by("-created_at", "-pk")
        .only("created_at")
        .first()
    )
    return timezone.localtime(event.created_at).date() if event else None


def case_metadata(case: Cooperation) -> dict[str, Any]:
    lead = case.lead_municipality
    closed = closed_on(case)
    participations = (
        Participation.objects.filter(cooperation=case)
        .select_related("municipality")
        .order_by("municipality__name")
    )
    return {
        "aktenzeichen": case.reference,
        "titel": case.title,
        "status": str(case.get_status_display()),
        "handlungsfeld": case.field_of_action.name,
        "rechtsform": str(case.get_legal_form_display()),
        "kooperationsstufe": str(case.get_stage_display()),
        "federfuehrende_kommune": {"name": lead.display_name, "ags": lead.ags},
        "beteiligte": [
            {
                "name": p.municipality.display_name,
                "ags": p.municipality.ags,
                "rolle": str(p.get_role_display()),
                "gremienbeschluss_vom": p.council_resolution_on.isoformat()
                if p.council_resolution_on
                else None,
            }
            for p in participations
        ],
        "beraterin_berater": (case.adviser.get_full_name() or case.adviser.email) if case.adviser else None,
        "anfrage_eingegangen_am": timezone.localtime(case.submitted_at).date().isoformat()
        if case.submitted_at
        else None,
        "beginn": case.started_on.isoformat() if case.started_on else None,
        "abgeschlossen_am": closed.isoformat() if closed else None,
        "angelegt_am": timezone.localtime(case.created_at).isoformat(),
    }


def _pdf_context(case: Cooperation, title: str, generated: dt.datetime) -> dict[str, Any]:
    return {
        "case": case,
        "title": title,
        "land_name": land_name(),
        "generated_at": generated,
        "page_header": css_string(title),
        "page_footer": css_string(
            f"Erstellt am {generated:%d.%m.%Y, %H:%M} Uhr · nur für den Dienstgebrauch"
        ),
    }


def case_file_archival(case: Cooperation) -> bytes:
    from reports.casefile import case_file_context

    return render_pdf("pdf/case_file.html", case_file_context(case), archival=True)


def messages_pdf(case: Cooperation, generated: dt.datetime) -> bytes:
    context = _pdf_context(case, f"Nachrichten {case.reference}", generated)
    context["messages"] = list(
        Message.objects.filter(cooperation=case).select_related("author").order_by("created_at", "pk")
    )
    return render_pdf("dossier/pdf/messages.html", context, archival=True)


def _changes(case: Cooperation) -> list[dict[str, Any]]:
    """The case's master-data changes from django-simple-history, oldest first."""
    kinds = {"+": "angelegt", "~": "geändert", "-": "gelöscht"}
    records = list(case.history.select_related("history_user").order_by("history_date", "history_id"))
    changes: list[dict[str, Any]] = []
    previous = None
    for record in records:
        fields: list[dict[str, Any]] = []
        if previous is not None:
            for change in record.diff_against(previous).changes:
                field = Cooperation._meta.get_field(change.field)
                fields.append(
                    {
                        "label": str(getattr(field, "verbose_name", change.field)),
                        "old": change.old,
                        "new": change.new,
                    }
                )
        user = record.history_user
        changes.append(
            {
                "at": record.history_date,
                "kind": kinds.get(record.history_type, record.history_type),
                "by": (user.get_full_name() or user.email) if user else "",
                "fields": fields,
            }
        )
        previous = record
    return changes


def history_pdf(case: Cooperation, generated: dt.datetime) -> bytes:
    context = _pdf_context(case, f"Verlauf {case.reference}", generated)
    context["events"] = (
        CaseEvent.objects.filter(cooperation=case).select_related("actor").order_by("created_at", "pk")
    )
    context["activities"] = Activity.objects.filter(cooperation=case).order_by("date", "pk")
    context["changes"] = _changes(case)
    return render_pdf("dossier/pdf/history.html", context, archival=True)


def grants_csv(case: Cooperation) -> bytes:
    grants = (
        Grant.objects.filter(cooperation=case)
        .select_related("cooperation", "programme")
        .order_by("budget_year", "pk")
    )
    return GermanCSV().export_data(GrantResource().export(queryset=grants)).encode("utf-8")


def payments_csv(case: Cooperation) -> bytes:
    payments = (
        Disbursement.objects.filter(grant__cooperation=case)
        .select_related("grant__cooperation")
        .order_by("date", "pk")
    )
    return GermanCSV().export_data(DisbursementResource().export(queryset=payments)).encode("utf-8")


def _generated(name: str, kind: str, build: Any, now: dt.datetime) -> Entry:
    # Built when the entry is written (one PDF in memory at a time).
    return Entry(name=name, chunks=lambda: bytes_chunks(build())(), modified=now, kind=kind)


def _document_entry(document: Document, name: str) -> Entry:
    storage = document.file.storage
    stored = str(document.file.name)
    modified = timezone.localtime(document.created_at)
    about = {
        "originalname": document.original_name,
        "dokumentart": str(document.get_kind_display()),
        "hochgeladen_am": modified.isoformat(),
        "fuer_kommune_sichtbar": document.visible_to_municipality,
    }

    def missing() -> Entry:
        logger.error("media file missing in dossier", extra={"file": stored, "document": document.pk})
        text = MISSING_TEXT.format(name=document.original_name, date=f"{modified:%d.%m.%Y}")
        return Entry(
            name=f"{name}.FEHLT.txt",
            chunks=bytes_chunks(text.encode()),
            modified=modified,
            kind="fehlende_datei",
            about=about,
        )

    return Entry(
        name=name,
        chunks=lambda: stored_chunks(storage, stored),
        modified=modified,
        kind="dokument",
        size_hint=document.size,
        about=about,
        missing=missing,
    )


def case_entries(case: Cooperation, *, prefix: str = "") -> Iterator[Entry]:
    """The files of one case's dossier, generated lazily in archive order."""
    now = timezone.localtime()
    folder = f"{prefix}{case.reference}/"
    yield _generated(f"{folder}fallakte.pdf", "fallakte", lambda: case_file_archival(case), now)
    yield _generated(f"{folder}nachrichten.pdf", "nachrichten", lambda: messages_pdf(case, now), now)
    yield _generated(f"{folder}verlauf.pdf", "verlauf", lambda: history_pdf(case, now), now)
    yield _generated(f"{folder}foerderungen.csv", "foerderungen", lambda: grants_csv(case), now)
    yield _generated(f"{folder}auszahlungen.csv", "auszahlungen", lambda: payments_csv(case), now)
    documents = Document.objects.filter(cooperation=case).order_by("created_at", "pk")
    # iterator(): the rows of 500 documents are fetched in batches, not held as a list.
    for number, document in enumerate(documents.iterator(chunk_size=200), start=1):
        yield _document_entry(document, f"{folder}dokumente/{number:04d}-{safe_name(document.original_name)}")


def manifest_entry(
    case: Cooperation, written: Iterable[Written], *, prefix: str = "", actor: str = ""
) -> Entry:
    folder = f"{prefix}{case.reference}/"
    now = timezone.localtime()
    manifest = {
        "format": MANIFEST_FORMAT,
        "erstellt_am": now.isoformat(),
        "erstellt_von": actor,
        "vorgang": case_metadata(case),
        "dateien": [w.manifest_row(folder) for w in written if w.name.startswith(folder)],
    }
    data = json.dumps(manifest, ensure_ascii=False, indent=2).encode("utf-8")
    return Entry(name=f"{folder}{MANIFEST}", chunks=bytes_chunks(data), modified=now, kind="manifest")


def dossier_queryset() -> Any:
    return Cooperation.objects.select_related("field_of_action", "lead_municipality__district", "adviser")
