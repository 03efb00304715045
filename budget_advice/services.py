from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db import transaction

from contacts.models import Municipality, size_class_for

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
