from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction

from .models import Municipality

if TYPE_CHECKING:
    from accounts.models import User

MERGER_NEEDS_TWO = "Ein Zusammenschluss braucht mindestens eine bisherige Kommune, die nicht die neue ist."
MERGER_ALREADY_RETIRED = "{name} ist seit {date} nicht mehr im Verzeichnis und kann nicht erneut fusionieren."


@transaction.atomic
def municipality_merge(
    *, old: Iterable[Municipality], new: Municipality, on: dt.date, actor: User | None = None
) -> list[Municipality]:
    """Record a Zusammenschluss: the old municipalities end the day before `on` and
    name `new` as successor. Nothing is deleted; old cases keep pointing at them."""
    olds = [m for m in old if m.pk != new.pk]
    if not olds:
        raise ValidationError(MERGER_NEEDS_TWO)
    for m in olds:
        if m.valid_until is not None and m.valid_until < on - dt.timedelta(days=1):
            raise ValidationError(
                MERGER_ALREADY_RETIRED.format(name=m.name, date=f"{m.valid_until:%d.%m.%Y}")
            )
    Municipality.objects.filter(pk__in=[m.pk for m in olds]).update(
        valid_until=on - dt.timedelta(days=1), successor=new
    )
    if new.valid_from is None or new.valid_from > on:
        new.valid_from = on
        new.save(update_fields=["valid_from", "updated_at"])
    for m in olds:
        m.refresh_from_db()
    return olds
