"""Writes on the knowledge base: save an entry, put a new version in its place, count a
download. The admin and the demo call these; nothing saves an entry by hand."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F

from .models import Entry

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from accounts.models import User
    from cooperations.models import FieldOfAction
    from core.uploads import CheckedUpload
    from funding.models import Programme

# A knowledge file is a document to read or fill in, never a spreadsheet or an image.
ALLOWED_EXTENSIONS = ("pdf", "docx", "odt")
FILE_TYPE_NOT_ALLOWED = "Für Arbeitshilfen sind nur PDF, Word (DOCX) und OpenDocument-Text (ODT) erlaubt."
FILE_OR_TEXT = "Geben Sie eine Datei oder einen Seitentext an."
ALREADY_REPLACED = "Die Fassung {version} ist schon durch eine neuere ersetzt. Legen Sie die neue Fassung bei der aktuellen an."
SAME_VERSION = "Die neue Fassung braucht eine andere Bezeichnung als „{version}“."


def check_entry_upload(upload: UploadedFile) -> CheckedUpload:
    """Size, extension and content (magic bytes) like every upload, and a document type."""
    from core.uploads import validate_upload

    checked = validate_upload(upload)
    if checked.extension not in ALLOWED_EXTENSIONS:
        raise ValidationError(FILE_TYPE_NOT_ALLOWED, code="extension")
    return checked


def _attach(entry: Entry, upload: UploadedFile) -> None:
    checked = check_entry_upload(upload)
    entry.original_name = checked.original_name
    entry.content_type = checked.content_type
    entry.size = checked.size
    entry.file.save(f"upload.{checked.extension}", upload, save=False)


@transaction.atomic
def entry_save(
    *,
    entry: Entry,
    actor: User | None,
    upload: UploadedFile | None = None,
    fields_of_action: Iterable[FieldOfAction] | None = None,
    programmes: Iterable[Programme] | None = None,
) -> Entry:
    """Create or change an entry (the history records who and what)."""
    if upload is not None:
        _attach(entry, upload)
    if not entry.file and not entry.body.strip():
        raise ValidationError(FILE_OR_TEXT)
    entry.changed_by = actor
    entry._history_user = actor  # type: ignore[attr-defined] # also outside a request (demo, tests)
    entry.full_clean(exclude=["file"])
    entry.save()
    if fields_of_action is not None:
        entry.fields_of_action.set(fields_of_action)
    if programmes is not None:
        entry.programmes.set(programmes)
    return entry


@transaction.atomic
def entry_new_version(
    *,
    entry: Entry,
    actor: User | None,
    version: str,
    valid_from: dt.date,
    upload: UploadedFile | None = None,
    body: str | None = None,
    summary: str | None = None,
) -> Entry:
    """A new version takes the entry's place in the list; the old one stays reachable
    under its address, marked as replaced, with a link to the new one."""
    old = Entry.objects.select_for_update().get(pk=entry.pk)
    if old.superseded_by_id is not None:
        raise ValidationError(ALREADY_REPLACED.format(version=old.version))
    if version.strip() == old.version:
        raise ValidationError({"version": SAME_VERSION.format(version=old.version)})
    new = Entry(
        kind=old.kind,
        title=old.title,
        summary=old.summary if summary is None else summary,
        body=old.body if body is None else body,
        legal_forms=list(old.legal_forms),
        land=old.land,
        version=version.strip(),
        valid_from=valid_from,
        is_published=old.is_published,
    )
    if upload is None and old.file:
        # The same file goes on: the new row points at the stored file, nothing is copied.
        new.file = old.file.name
        new.original_name, new.content_type, new.size = old.original_name, old.content_type, old.size
    entry_save(
        entry=new,
        actor=actor,
        upload=upload,
        fields_of_action=list(old.fields_of_action.all()),
        programmes=list(old.programmes.all()),
    )
    old.superseded_by = new
    old.changed_by = actor
    old._history_user = actor  # type: ignore[attr-defined]
    old.save(update_fields=["superseded_by", "changed_by", "updated_at"])
    return new


def entry_delete(*, entry: Entry, actor: User | None) -> None:
    """Delete an entry and, once that is committed, its file. A newer version that
    replaced it stays; an older one it replaced becomes the current version again."""
    with transaction.atomic():
        file = entry.file.name if entry.file else ""
        entry._history_user = actor  # type: ignore[attr-defined]
        storage = entry.file.storage
        entry.delete()
        if file:
            transaction.on_commit(lambda: storage.delete(file))


def entry_record_download(*, entry: Entry) -> None:
    # One UPDATE with F(): two downloads at the same moment both count.
    Entry.objects.filter(pk=entry.pk).update(downloads=F("downloads") + 1)
