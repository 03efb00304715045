"""Money in the back office, written and typed the German way: shown `60.000,00 €`,
typed `60.000,00`, `60000,00` or `60000` (a copy from a spreadsheet with `€` too).
One form field and widget for every money field of the admin: a model DecimalField
with two decimal places whose name ends in „(€)“ (`is_money`) gets them through
`MoneyFieldsMixin.formfield_for_dbfield`, which the back office's base admins and
inlines carry. Django's own DecimalField takes only `60000.00` in a number box."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.http import HttpRequest

from core.formats import euro, number

CENT = Decimal("0.01")
BAD_AMOUNT = "„{value}“ ist kein Betrag; bitte z. B. 60.000,00 angeben."
TOO_MANY_CENTS = "Bitte höchstens zwei Nachkommastellen angeben (Cent)."

# 60.000,00 | 60000,00 | 60000 | 60.000 | 1.234.567,5 – and the English 60000.00 a
# spreadsheet may paste (a dot followed by one or two digits only, no comma).
_GROUPED = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$", re.ASCII)
_PLAIN = re.compile(r"^-?\d+(,\d+)?$", re.ASCII)
_POINT = re.compile(r"^-?\d+\.\d{1,2}$", re.ASCII)  # ASCII: no „٣“


def euro_text(value: Decimal | int | None) -> str:
    """1.234,56 € (empty for None): the one money format of the back office."""
    return euro(value)


def euro_number(value: Decimal | int) -> str:
    """1.234,56 without the currency sign (input boxes, CSV columns of amounts)."""
    return number(value, 2)


def parse_euro(value: Any) -> Decimal | None:
    """A German amount as Decimal; None for empty. ValidationError (German) otherwise."""
    if value is None:
        return None
    if isinstance(value, Decimal | int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(str(value))
    text = str(value).replace("€", "").replace("\xa0", "").replace("\u202f", "").replace(" ", "").strip()
    if not text:
        return None
    if _GROUPED.match(text) or _PLAIN.match(text):
        text = text.replace(".", "").replace(",", ".")
    elif not _POINT.match(text):
        raise ValidationError(BAD_AMOUNT.format(value=str(value).strip()), code="invalid")
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ValidationError(BAD_AMOUNT.format(value=str(value).strip()), code="invalid") from None
    if amount != amount.quantize(CENT):
        raise ValidationError(TOO_MANY_CENTS, code="max_decimal_places")
    return amount


class MoneyInput(forms.TextInput):
    """A text box (not type=number, which refuses the comma) that shows 60.000,00."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__({"inputmode": "decimal", "autocomplete": "off", "size": 14, **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        if value in (None, ""):
            return None
        if isinstance(value, str):
            try:
                parsed = parse_euro(value)
            except ValidationError:
                return value  # what was typed comes back as typed, with its error
            return euro_number(parsed) if parsed is not None else None
        return euro_number(value)


class MoneyField(forms.DecimalField):
    widget = MoneyInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.pop("localize", None)
        super().__init__(**kwargs)
        self.widget.attrs.pop("step", None)

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if value in self.empty_values:
            return None
        return parse_euro(value)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        # No min/max/step: they belong to type=number and would make the browser refuse 60.000,00.
        return {}


def is_money(db_field: Any) -> bool:
    return (
        isinstance(db_field, models.DecimalField)
        and db_field.decimal_places == 2
        and "€" in str(db_field.verbose_name)
    )


def money_formfield(db_field: models.DecimalField, **kwargs: Any) -> forms.Field | None:
    return db_field.formfield(form_class=MoneyField, **{k: v for k, v in kwargs.items() if k != "widget"})


class MoneyFieldsMixin:
    """For ModelAdmins and inlines: every money field of the model gets MoneyField."""

    def formfield_for_dbfield(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if is_money(db_field):
            return money_formfield(db_field, **kwargs)
        return super().formfield_for_dbfield(db_field, request, **kwargs)  # type: ignore[misc]
