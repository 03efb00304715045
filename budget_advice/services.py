from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db import transaction

from accounts import roles
from contacts.models import Municipality, size_class_for
from ikz_portal.emails import send_templated_mail

from .models import Consultation

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
