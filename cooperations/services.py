"""Writes on cooperation cases. Every status change goes through `case_transition`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from .models import FORWARD, OPEN_STATES, PAUSE_STATES, CaseEvent, Cooperation, Participation, Status

if TYPE_CHECKING:
    from accounts.models import User
    from contacts.models import Municipality

TRANSITION_NOT_ALLOWED = "Ein Wechsel von „{frm}“ nach „{to}“ ist nicht möglich."
TOO_FEW_PARTNERS = (
    "Eine Kooperation braucht mindestens zwei beteiligte Kommunen, bevor ein Förderantrag gestellt wird."
)
LEAD_AMONG_PARTNERS = "Die federführende Kommune ist schon beteiligt; bitte nur weitere Partner angeben."
REASON_REQUIRED = "Bitte geben Sie einen Grund an."


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


def last_active_state(case: Cooperation) -> str:
    """The state a withdrawn or dormant case left, to bring it back there."""
    event = (
        case.events.filter(kind=CaseEvent.Kind.STATUS, new_status=case.status)
        .exclude(old_status__in=PAUSE_STATES)
        .order_by("-created_at", "-pk")
        .first()
    )
    return event.old_status if event else Status.RECEIVED


def allowed_transitions(case: Cooperation) -> list[Status]:
    if case.status in PAUSE_STATES:
        return [Status(last_active_state(case))]
    allowed = [Status(s) for s in FORWARD[case.status]]
    if case.status in OPEN_STATES:
        allowed += [Status.WITHDRAWN, Status.DORMANT]
    return allowed


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
    old = case.status
    case.status = to
    case.save(update_fields=["status", "updated_at"])
    CaseEvent.objects.create(
        cooperation=case, actor=actor, kind=CaseEvent.Kind.STATUS, old_status=old, new_status=to, note=reason
    )
    return case
