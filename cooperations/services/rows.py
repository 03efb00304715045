"""Writes on the rows of a case page: partners, activities, documents – the back
office's inlines, the portal's upload and other apps (an information event writes
its activity here)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction

from ..models import (
    Activity,
    CaseEvent,
    Cooperation,
    Document,
    Participation,
)

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from accounts.models import User

LEAD_CANNOT_GO = "Die federführende Kommune {name} bleibt beteiligt; ändern Sie zuerst die Federführung."
PARTNER_TWICE = "{name} ist an diesem Vorgang schon beteiligt."
PARTNER_ADDED = "Partner hinzugefügt: {name}"
PARTNER_REMOVED = "Partner entfernt: {name}"


@transaction.atomic
def participation_save(*, participation: Participation, actor: User | None) -> Participation:
    """A partner row of the case page, new or changed; a new partner is noted in the timeline."""
    adding = participation.pk is None
    if (
        adding
        and Participation.objects.filter(
            cooperation_id=participation.cooperation_id, municipality_id=participation.municipality_id
        ).exists()
    ):
        raise ValidationError({"municipality": PARTNER_TWICE.format(name=participation.municipality.name)})
    participation.full_clean()
    participation.save()
    if adding:
        CaseEvent.objects.create(
            cooperation_id=participation.cooperation_id,
            actor=actor,
            kind=CaseEvent.Kind.NOTE,
            note=PARTNER_ADDED.format(name=participation.municipality.name),
            visible_to_municipality=False,
        )
    return participation


@transaction.atomic
def participation_remove(*, participation: Participation, actor: User | None) -> None:
    case = participation.cooperation
    if participation.municipality_id == case.lead_municipality_id:
        raise ValidationError(LEAD_CANNOT_GO.format(name=participation.municipality.name))
    name = participation.municipality.name
    participation.delete()
    CaseEvent.objects.create(
        cooperation=case,
        actor=actor,
        kind=CaseEvent.Kind.NOTE,
        note=PARTNER_REMOVED.format(name=name),
        visible_to_municipality=False,
    )


@transaction.atomic
def activity_save(*, activity: Activity, actor: User | None) -> Activity:
    """A talk, event or call of a case, new or changed; a new one records who entered it."""
    if activity.pk is None:
        activity.created_by = actor
    activity.full_clean()
    activity.save()
    return activity


@transaction.atomic
def activity_delete(*, activity: Activity, actor: User | None) -> None:
    activity.delete()


@transaction.atomic
def document_update(*, document: Document, actor: User | None) -> Document:
    """A document's kind or visibility for the municipality changed (the file stays)."""
    document.full_clean()
    document.save(update_fields=["kind", "visible_to_municipality", "updated_at"])
    return document


@transaction.atomic
def document_delete(*, document: Document, actor: User | None) -> None:
    document.delete()


@transaction.atomic
def document_add(
    *,
    case: Cooperation,
    upload: UploadedFile,
    actor: User,
    kind: str = "sonstiges",
    visible_to_municipality: bool = True,
) -> Document:
    """Store an uploaded file for a case after checking size, extension and content."""
    from core.uploads import validate_upload

    checked = validate_upload(upload)
    document = Document(
        cooperation=case,
        kind=kind,
        original_name=checked.original_name,
        content_type=checked.content_type,
        size=checked.size,
        uploaded_by=actor,
        visible_to_municipality=visible_to_municipality,
    )
    # Storage name from document_upload_to: a random name, only the checked extension kept.
    document.file.save(f"upload.{checked.extension}", upload, save=False)
    document.save()
    return document


# --- for other apps: an activity on a case ------------------------------------------


@transaction.atomic
def activity_record(
    *,
    case: Cooperation,
    kind: str,
    date: object,
    notes: str = "",
    participants: str = "",
    actor: User | None,
    activity: Activity | None = None,
) -> Activity:
    """Create an activity of a case, or update `activity` (an information event that
    moved or filled up writes its activity again instead of adding a second one)."""
    if activity is None:
        activity = Activity(cooperation=case, created_by=actor)
    activity.cooperation = case
    activity.kind = kind
    activity.date = date  # type: ignore[assignment]
    activity.notes = notes
    activity.participants = participants
    activity.full_clean()
    activity.save()
    return activity
