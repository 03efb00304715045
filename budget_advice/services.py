from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db import transaction

from accounts import roles
from contacts.models import Municipality, size_class_for
from core.emails import send_templated_mail
from core.records import record_delete

from .models import BudgetFigures, Consultation, Meeting, Recommendation

FOLLOW_UP_MONTHS = 12

if TYPE_CHECKING:
    from accounts.models import User


@transaction.atomic
def consultation_create(
    *, municipality: Municipality, date: dt.date, actor: User | None = None, **fields: Any
) -> Consultation:
    """A consultation keeps the population and size class the municipality has now
    (its date's figures), so later register updates never move past statistics."""
    consultation = Consultation(
        municipality=municipality,
        date=date,
        population=municipality.population,
        size_class=(size_class_for(municipality.kind, municipality.population) or ""),
        **fields,
    )
    consultation.full_clean()
    consultation.save()
    return consultation


@transaction.atomic
def consultation_request(
    *, municipality: Municipality, earliest: dt.date, topics: str, preferred_dates: str, actor: User
) -> Consultation:
    """A municipality asks for a budget consultation: a requested consultation, a
    confirmation to the asker and a notice to the budget advisers (both mails through the
    outbox, sent after commit)."""
    from accounts.models import User

    consultation = consultation_create(
        municipality=municipality,
        date=earliest,
        actor=actor,
        status=Consultation.Status.REQUESTED,
        topics=topics,
        preferred_dates=preferred_dates,
        requested_by=actor,
    )
    send_templated_mail("consultation_request_received", [actor.email], {"consultation": consultation})
    advisers = User.objects.filter(is_active=True, groups__name=roles.BUDGET).values_list("email", flat=True)
    send_templated_mail("consultation_requested", sorted(set(advisers)), {"consultation": consultation})
    return consultation


def consultation_update(*, consultation: Consultation, actor: User | None) -> Consultation:
    """The consultation's own fields changed in the back office (its population and
    size class stay those of its date)."""
    consultation.full_clean()
    consultation._history_user = actor  # type: ignore[attr-defined]
    consultation.save()
    return consultation


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for d in (day.day, 28):
        try:
            return day.replace(year=year, month=month, day=d)
        except ValueError:
            continue
    return day


ConsultationRow = Meeting | BudgetFigures | Recommendation


@transaction.atomic
def consultation_row_save(*, row: ConsultationRow, actor: User | None) -> ConsultationRow:
    """A meeting, the key figures or a recommendation of a consultation, new or changed.
    A recommendation is followed up 12 months after the consultation unless a date is set."""
    if isinstance(row, Recommendation) and row.follow_up_due is None and row.consultation_id:
        row.follow_up_due = add_months(row.consultation.date, FOLLOW_UP_MONTHS)
    row.full_clean()
    if isinstance(row, Recommendation):
        row._history_user = actor  # type: ignore[attr-defined]
    row.save()
    return row


def consultation_delete(*, consultation: Consultation, actor: User | None) -> None:
    """A consultation entered by mistake, with its meetings, figures and recommendations."""
    record_delete(record=consultation, actor=actor)


@transaction.atomic
def consultation_row_delete(*, row: ConsultationRow, actor: User | None) -> None:
    if isinstance(row, Recommendation):
        row._history_user = actor  # type: ignore[attr-defined]
    row.delete()
