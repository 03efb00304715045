"""Writes on cooperation cases. Every status change goes through `case_transition`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from . import drafts
from .models import (
    MESSAGE_EMPTY,
    MESSAGE_LIMIT,
    MESSAGE_TOO_LONG,
    OPEN_STATES,
    PARTNER_IS_OWN,
    PAUSE_STATES,
    Activity,
    CaseEvent,
    Cooperation,
    Document,
    InquiryDraft,
    Message,
    Participation,
    Status,
)

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from accounts.models import User
    from contacts.models import Municipality

TRANSITION_NOT_ALLOWED = "Ein Wechsel von „{frm}“ nach „{to}“ ist nicht möglich."
TOO_FEW_PARTNERS = (
    "Eine Kooperation braucht mindestens zwei beteiligte Kommunen, bevor ein Förderantrag gestellt wird."
)
LEAD_AMONG_PARTNERS = "Die federführende Kommune ist schon beteiligt; bitte nur weitere Partner angeben."
REASON_REQUIRED = "Bitte geben Sie einen Grund an."
NO_APPROVED_GRANT = (
    "„bewilligt“ setzt eine bewilligte Förderung voraus: Bitte erfassen Sie zuerst die Förderung "
    "mit bewilligtem Betrag und Bescheiddatum."
)


def next_reference(year: int | None = None) -> str:
    """IKZ-<year>-<nnnn>, unique even when two cases are created at the same moment:
    the counter row is incremented atomically in one statement (upsert)."""
    year = year or timezone.localdate().year
    table = "cooperations_referencecounter"
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (year, last) VALUES (%s, 1) "  # noqa: S608 - table name is a constant
            f"ON CONFLICT (year) DO UPDATE SET last = {table}.last + 1 RETURNING last",
            [year],
        )
        (number,) = cursor.fetchone()
    return f"IKZ-{year}-{number:04d}"


def allowed_transitions(case: Cooperation) -> list[Status]:
    return case.allowed_transitions()


@transaction.atomic
def case_create(
    *,
    title: str,
    field_of_action_id: int,
    lead: Municipality,
    partners: Iterable[Municipality] = (),
    actor: User | None,
    submitted: bool = False,
    **fields: object,
) -> Cooperation:
    case = Cooperation(
        reference=next_reference(),
        title=title,
        field_of_action_id=field_of_action_id,
        lead_municipality=lead,
        submitted_by=actor if submitted else None,
        submitted_at=timezone.now() if submitted else None,
        **fields,
    )
    case.full_clean(exclude=["reference"])
    case.save()
    Participation.objects.create(cooperation=case, municipality=lead, role=Participation.Role.LEAD)
    seen = {lead.pk}
    for partner in partners:
        if partner.pk in seen:
            continue
        seen.add(partner.pk)
        Participation.objects.create(cooperation=case, municipality=partner, role=Participation.Role.PARTNER)
    CaseEvent.objects.create(
        cooperation=case, actor=actor, kind=CaseEvent.Kind.CREATED, new_status=case.status
    )
    return case


@transaction.atomic
def case_update(*, case: Cooperation, actor: User | None) -> Cooperation:
    """The case's own fields changed on its page. Its status moves only through
    case_transition, and a new adviser is recorded as by case_assign."""
    old = Cooperation.objects.select_for_update().get(pk=case.pk)
    case.status = old.status
    case.full_clean(exclude=["reference"])
    new_adviser, case.adviser_id = case.adviser_id, old.adviser_id
    case._history_user = actor  # type: ignore[attr-defined]
    case.save()
    if new_adviser != old.adviser_id:
        from accounts.models import User

        adviser = User.objects.get(pk=new_adviser) if new_adviser else None
        case_assign(case=case, adviser=adviser, actor=actor)
        case.adviser_id = new_adviser
    return case


# --- The rows of a case page: partners, activities, documents (the back office) ----------

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
def case_transition(
    *, case: Cooperation, to: Status | str, actor: User | None, reason: str = ""
) -> Cooperation:
    to = Status(to)
    # Lock the row: two advisers clicking at once must not both move the case.
    case = Cooperation.objects.select_for_update().get(pk=case.pk)
    if to not in allowed_transitions(case):
        raise ValidationError(TRANSITION_NOT_ALLOWED.format(frm=case.get_status_display(), to=to.label))
    if to in PAUSE_STATES and not reason.strip():
        raise ValidationError(REASON_REQUIRED)
    if to == Status.APPLIED and case.participations.filter(left_on__isnull=True).count() < 2:
        raise ValidationError(TOO_FEW_PARTNERS)
    if to == Status.APPROVED:
        from funding.models import Grant

        if not Grant.objects.approved().filter(cooperation=case).exists():
            raise ValidationError(NO_APPROVED_GRANT)
    old = case.status
    case.status = to
    case.save(update_fields=["status", "updated_at"])
    CaseEvent.objects.create(
        cooperation=case, actor=actor, kind=CaseEvent.Kind.STATUS, old_status=old, new_status=to, note=reason
    )
    return case


# --- Portal: inquiries, messages, documents ---------------------------------------

INQUIRY_INCOMPLETE = "Die Anfrage ist noch nicht vollständig: {steps}."
INQUIRY_NOT_YOURS = "Sie können nur für Kommunen anfragen, für die Sie bestätigt sind."


@transaction.atomic
def inquiry_submit(*, draft: InquiryDraft, actor: User) -> Cooperation:
    """Turn a completed wizard draft into exactly one case. The draft row is locked,
    so a double click, the back button or a resubmit returns the case made first."""
    from contacts.models import Membership, Municipality
    from ikz_portal.emails import kikz_recipients, send_templated_mail

    from .models import FieldOfAction

    locked = InquiryDraft.objects.select_for_update().get(pk=draft.pk, user=actor)
    if locked.cooperation_id is not None:
        return Cooperation.objects.get(pk=locked.cooperation_id)
    data = locked.data or {}
    missing = drafts.missing_step_titles(data)
    if missing:
        raise ValidationError(INQUIRY_INCOMPLETE.format(steps=", ".join(missing)))
    if not Membership.objects.confirmed().filter(user=actor, municipality_id=data["municipality"]).exists():
        raise ValidationError(INQUIRY_NOT_YOURS)
    lead = Municipality.objects.get(pk=data["municipality"])
    partners = list(Municipality.objects.filter(pk__in=data.get("partners", [])).order_by("name"))
    for partner in partners:
        if partner.pk == lead.pk:
            raise ValidationError(PARTNER_IS_OWN.format(name=lead.name))
    known = set(FieldOfAction.objects.filter(pk__in=data["fields"]).values_list("pk", flat=True))
    field_ids = [f for f in data["fields"] if f in known]
    if not field_ids:
        raise ValidationError(INQUIRY_INCOMPLETE.format(steps=FieldOfAction._meta.verbose_name_plural))
    case = case_create(
        title=data["title"],
        description=data.get("description", ""),
        field_of_action_id=field_ids[0],
        lead=lead,
        partners=partners,
        actor=actor,
        submitted=True,
        stage=data["stage"],
        other_partners=data.get("other_partners", ""),
        checklist=data.get("checklist", {}),
    )
    if len(field_ids) > 1:
        case.further_fields.set(field_ids[1:])
    for att in data.get("attachments", []):
        # The file was checked and stored under a server-made name when it was uploaded.
        Document.objects.create(
            cooperation=case,
            file=att["name"],
            original_name=att["original_name"],
            content_type=att["content_type"],
            size=att["size"],
            uploaded_by=actor,
        )
    locked.cooperation = case
    locked.save(update_fields=["cooperation", "updated_at"])
    send_templated_mail("inquiry_submitted", [actor.email], {"case": case})
    send_templated_mail("inquiry_notice", kikz_recipients(), {"case": case, "partners": partners})
    return case


def _municipal_recipients(case: Cooperation) -> list[str]:
    from contacts.models import Membership

    municipalities = case.participations.values("municipality_id")
    emails = Membership.objects.confirmed().filter(
        Q(municipality_id__in=municipalities) | Q(municipality_id=case.lead_municipality_id),
        user__is_active=True,
    )
    return sorted({*emails.values_list("user__email", flat=True)})


@transaction.atomic
def message_send(*, case: Cooperation, author: User, body: str) -> Message:
    """A message between the municipality and the KIKZ; the other side gets a mail
    without the text (it may hold personal data), only a link."""
    from django.conf import settings

    from ikz_portal.emails import kikz_recipients, send_templated_mail
    from ikz_portal.permissions import is_case_staff

    body = body.strip()
    if not body:
        raise ValidationError({"body": MESSAGE_EMPTY})
    if len(body) > MESSAGE_LIMIT:
        raise ValidationError({"body": MESSAGE_TOO_LONG.format(limit=MESSAGE_LIMIT, length=len(body))})
    from_municipality = not is_case_staff(author)
    message = Message.objects.create(
        cooperation=case, author=author, from_municipality=from_municipality, body=body
    )
    site = settings.SITE_URL.rstrip("/")
    if from_municipality:
        to = [case.adviser.email] if case.adviser_id and case.adviser else kikz_recipients()
        link = f"{site}/admin/cooperations/cooperation/{case.pk}/change/"
    else:
        to = _municipal_recipients(case)
        link = site + reverse("cooperations:case-detail", args=[case.pk]) + "#nachrichten"
    to = [addr for addr in to if addr != author.email]
    send_templated_mail("message_new", to, {"case": case, "message": message, "link": link})
    return message


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
    from ikz_portal.uploads import validate_upload

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


# --- Back office (issue 4): assignment, next step, merging a duplicate inquiry ---

MERGE_SAME_CASE = "Ein Vorgang kann nicht mit sich selbst zusammengeführt werden."
MERGE_DUPLICATE_CLOSED = (
    "Der Vorgang {reference} ist schon abgeschlossen oder ruht und kann nicht zusammengeführt werden."
)
MERGE_INTO_FINAL = "In den Vorgang {reference} kann nicht mehr zusammengeführt werden: er ist abgeschlossen."
MERGE_REASON = "Doppelte Anfrage, zusammengeführt mit {reference}."
ASSIGNED_NOTE = "Zuständig: {name}"
NEXT_STEP_NOTE = "Nächster Schritt bis {date}: {step}"


@transaction.atomic
def case_assign(*, case: Cooperation, adviser: User | None, actor: User | None) -> Cooperation:
    """Make `adviser` responsible for the case (None: nobody); recorded in the timeline."""
    case = Cooperation.objects.select_for_update().get(pk=case.pk)
    if case.adviser_id == (adviser.pk if adviser else None):
        return case
    case.adviser = adviser
    case.save(update_fields=["adviser", "updated_at"])
    name = (adviser.get_full_name() or adviser.email) if adviser else "niemand"
    CaseEvent.objects.create(
        cooperation=case,
        actor=actor,
        kind=CaseEvent.Kind.ASSIGNED,
        note=ASSIGNED_NOTE.format(name=name),
        visible_to_municipality=False,
    )
    return case


@transaction.atomic
def case_set_next_step(*, case: Cooperation, due: object, step: str = "", actor: User | None) -> Cooperation:
    case = Cooperation.objects.select_for_update().get(pk=case.pk)
    case.next_step_due = due  # type: ignore[assignment]
    if step.strip():
        case.next_step = step.strip()[:200]
    case.save(update_fields=["next_step_due", "next_step", "updated_at"])
    CaseEvent.objects.create(
        cooperation=case,
        actor=actor,
        kind=CaseEvent.Kind.NOTE,
        note=NEXT_STEP_NOTE.format(date=f"{due:%d.%m.%Y}" if due else "–", step=case.next_step or "–"),
        visible_to_municipality=False,
    )
    return case


@transaction.atomic
def case_merge(*, duplicate: Cooperation, into: Cooperation, actor: User | None) -> Cooperation:
    """A municipality asked twice for the same thing: move partners, activities,
    messages, documents and grants of `duplicate` to `into`, and withdraw the
    duplicate with a pointer to `into`. Nothing is deleted (the timeline stays)."""
    from funding.models import Grant

    if duplicate.pk == into.pk:
        raise ValidationError(MERGE_SAME_CASE)
    # Lock both rows in a fixed order, so two merges of the same pair cannot deadlock.
    locked = {
        c.pk: c
        for c in Cooperation.objects.select_for_update().filter(pk__in=[duplicate.pk, into.pk]).order_by("pk")
    }
    duplicate, into = locked[duplicate.pk], locked[into.pk]
    if duplicate.status not in OPEN_STATES:
        raise ValidationError(MERGE_DUPLICATE_CLOSED.format(reference=duplicate.reference))
    if into.status in {Status.CLOSED, Status.REJECTED}:
        raise ValidationError(MERGE_INTO_FINAL.format(reference=into.reference))
    present = set(into.participations.values_list("municipality_id", flat=True))
    for participation in duplicate.participations.exclude(municipality_id__in=present):
        participation.cooperation = into
        participation.role = Participation.Role.PARTNER
        participation.save(update_fields=["cooperation", "role", "updated_at"])
    duplicate.activities.update(cooperation=into)
    duplicate.messages.update(cooperation=into)
    duplicate.documents.update(cooperation=into)
    Grant.objects.filter(cooperation=duplicate).update(cooperation=into)
    if not into.adviser_id and duplicate.adviser_id:
        into.adviser_id = duplicate.adviser_id
        into.save(update_fields=["adviser", "updated_at"])
    CaseEvent.objects.create(
        cooperation=into,
        actor=actor,
        kind=CaseEvent.Kind.MERGED,
        note=f"Anfrage {duplicate.reference} („{duplicate.title}“) hierher übernommen.",
    )
    case_transition(
        case=duplicate, to=Status.WITHDRAWN, actor=actor, reason=MERGE_REASON.format(reference=into.reference)
    )
    CaseEvent.objects.create(
        cooperation=duplicate,
        actor=actor,
        kind=CaseEvent.Kind.MERGED,
        note=MERGE_REASON.format(reference=into.reference),
    )
    into.refresh_from_db()
    return into


def mark_replies_read(*, case: Cooperation, reader: User) -> int:
    """A municipal reader opened the case: the office's replies count as read. Staff
    reading a case change nothing (the municipality's unread marks stay)."""
    from ikz_portal.permissions import is_case_staff

    if is_case_staff(reader):
        return 0
    return case.messages.filter(from_municipality=False, read_at__isnull=True).update(read_at=timezone.now())


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
