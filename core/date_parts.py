"""A date as KERN UX asks for it: three text fields Tag, Monat, Jahr in one
fieldset, numeric keyboard on phones (REFERENCE.md 4.2; GOV.UK "Dates"). Native
date pickers differ per browser and are hard to use with screen readers.

    earliest = DatePartsField(label="Frühester möglicher Termin",
                              error_messages={"required": "…", "invalid": "…"})

templates/includes/_field.html renders it (widget_kind "date"); what the user typed
comes back unchanged after an error, also when it is no valid date."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from .parse import is_ascii_digits

PARTS = (("tag", "Tag", 2), ("monat", "Monat", 2), ("jahr", "Jahr", 4))


class DatePartsWidget(forms.MultiWidget):
    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        widgets: dict[str, forms.Widget | type[forms.Widget]] = {
            key: forms.TextInput(attrs={"inputmode": "numeric", "maxlength": str(width)})
            for key, _label, width in PARTS
        }
        super().__init__(widgets, attrs)

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, str):
            try:
                value = dt.date.fromisoformat(value)
            except ValueError:
                return [None, None, None]
        if isinstance(value, dt.date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class DatePartsField(forms.MultiValueField):
    widget = DatePartsWidget
    default_error_messages = {
        "required": "Geben Sie ein Datum an.",
        "invalid": "Geben Sie ein gültiges Datum an, z. B. 15 3 2027.",
    }

    def __init__(self, **kwargs: Any) -> None:
        parts = tuple(forms.CharField(required=False) for _ in PARTS)
        super().__init__(parts, require_all_fields=False, **kwargs)

    def compress(self, data_list: list[str]) -> dt.date | None:
        values = [(v or "").strip() for v in data_list] if data_list else []
        if not any(values):
            return None
        if len(values) != len(PARTS) or not all(is_ascii_digits(v) and len(v) <= 4 for v in values):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        day, month, year = (int(v) for v in values)
        if year < 100:  # "27" means 2027
            year += 2000
        try:
            return dt.date(year, month, day)
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
