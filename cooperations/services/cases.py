"""Writes on a case itself: create, change, status (every status change goes through
`case_transition`), assignment, next step, merging a duplicate, deleting one typed by
mistake; and the fields of action the cases are sorted by."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from core.records import record_delete, record_save

from ..models import (
    OPEN_STATES,
    PAUSE_STATES,
    CaseEvent,
    Cooperation,
    FieldOfAction,
    Participation,
    Status,
)

if TYPE_CHECKING:
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


# --- Deleting a case typed by mistake ---------------------------------------------

CASE_IS_RECORD = (
    "Der Vorgang {reference} kann nicht gelöscht werden: Er hat {what}. Ein Vorgang mit "
    "Förderungen, Veranstaltungen, Nachrichten oder Dokumenten gehört zur Akte; setzen Sie ihn "
    "stattdessen auf „zurückgezogen“ oder „abgeschlossen“."
)


def case_delete(*, case: Cooperation, actor: User | None) -> None:
    """Delete a case that was entered by mistake (a duplicate, a test). A case that holds
    money, an event, the correspondence with the municipality or its documents is part
    of the record and stays: refused with a German message naming what it holds. Its
    partners, activities and timeline go with it; the history keeps who deleted it."""
    with transaction.atomic():
        case = Cooperation.objects.select_for_update().get(pk=case.pk)
        # By the reverse relations: cooperations imports neither funding nor events.
        counts = [
            (case.grants.count(), "Förderung(en)"),  # type: ignore[attr-defined]
            (case.info_events.count(), "Veranstaltung(en)"),  # type: ignore[attr-defined]
            (case.messages.count(), "Nachricht(en)"),
            (case.documents.count(), "Dokument(e)"),
        ]
        held = [f"{n} {label}" for n, label in counts if n]
        if held:
            raise ValidationError(CASE_IS_RECORD.format(reference=case.reference, what=", ".join(held)))
        case._history_user = actor  # type: ignore[attr-defined]
        case.delete()


# --- The fields of action (reference data of the back office) ---------------------


def field_of_action_save(*, field: FieldOfAction, actor: User | None) -> FieldOfAction:
    return record_save(record=field, actor=actor)


def field_of_action_delete(*, field: FieldOfAction, actor: User | None) -> None:
    """Refused while a case is filed under it (the cases keep their field)."""
    record_delete(record=field, actor=actor)
