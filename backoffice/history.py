"""The history pages of the back office (django-simple-history) in German and readable:
labels instead of stored codes (`antrag_gestellt → bewilligt`), „–“ instead of None or
„Deleted Benutzer (pk=None)“ for an empty field, German dates, numbers and yes/no."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import ManyToManyField
from django.utils import formats, timezone
from simple_history.models import DeletedObject, ModelChange
from simple_history.template_utils import HistoricalRecordContextHelper

EMPTY = "–"


class GermanHistoryHelper(HistoricalRecordContextHelper):
    def prepare_delta_change_value(self, change: ModelChange, value: Any) -> Any:
        field = self.model._meta.get_field(change.field)
        if isinstance(field, ManyToManyField):
            names = [str(v) for v in super().prepare_delta_change_value(change, value) or []]
            return ", ".join(names) or EMPTY
        return readable(field, value)

    def stringify_delta_change_values(self, change: ModelChange, old: Any, new: Any) -> Any:
        return super().stringify_delta_change_values(change, str(old), str(new))


def readable(field: Any, value: Any) -> str:
    if value is None or value == "":
        return EMPTY
    if isinstance(value, DeletedObject):
        if value.pk is None:
            return EMPTY
        return f"gelöscht: {value.model._meta.verbose_name} Nr. {value.pk}"
    if getattr(field, "choices", None):
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, dt.datetime):
        return (
            f"{timezone.localtime(value):%d.%m.%Y %H:%M}"
            if timezone.is_aware(value)
            else f"{value:%d.%m.%Y %H:%M}"
        )
    if isinstance(value, dt.date):
        return f"{value:%d.%m.%Y}"
    if isinstance(value, Decimal):
        return formats.number_format(value, decimal_pos=2, use_l10n=True, force_grouping=True)
    return str(value)
