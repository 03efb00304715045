"""One parser for the numbers that arrive as text in a URL or a form: ids, years, page
numbers, date parts and amounts.

`str.isdigit()` and `int()` accept far more than 0–9: `"²".isdigit()` is true but
`int("²")` raises, `int("٣")` and `int("３")` are 3, and twenty digits overflow a
PostgreSQL bigint. Each of those was a 500 or a silent surprise (issue #13). Here only
ASCII digits count and every number is range-checked; callers get `None` (ignore),
a `ParseError` with a German message (show it) or a 404 (`id_or_404`).

This module sits at the bottom of the import graph: it imports no app.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.http import Http404
from django_filters import fields as filter_fields

# Bounds of the columns the numbers end up in: ids are BigAutoField (bigint).
ID_MAX = 2**63 - 1
YEAR_MIN, YEAR_MAX = 1900, 2200
PAGE_MAX = 1_000_000
# DecimalField(max_digits=12, decimal_places=2): ten digits before the comma.
AMOUNT_MAX = Decimal("9999999999.99")

NOT_A_NUMBER = "„{value}“ ist keine Zahl. Bitte verwenden Sie nur die Ziffern 0 bis 9."
OUT_OF_RANGE = "Bitte geben Sie eine Zahl zwischen {low} und {high} ein."
NOT_AN_AMOUNT = "„{value}“ ist kein Betrag. Schreiben Sie ihn z. B. als 60.000,00 oder 60000,00."
AMOUNT_OUT_OF_RANGE = "Der Betrag muss zwischen 0,00 und 9.999.999.999,99 liegen."
FILTER_IGNORED = "Der Filter „{name}“ hatte einen ungültigen Wert und wurde nicht angewendet."

_DIGITS = re.compile(r"[0-9]+", re.ASCII)
# 60000 · 60000,5 · 60000,50 · 60.000 · 60.000,50 (German grouping, comma decimals).
_AMOUNT = re.compile(r"(?:[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+)(?:,[0-9]{1,2})?", re.ASCII)
# Longest text worth converting: a bigint has 19 digits; more is out of range anyway.
_MAX_LEN = 19


class ParseError(ValueError):
    """A number that is not one; `message` is German and safe to show."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def is_ascii_digits(raw: object) -> bool:
    """True for a non-empty text of the digits 0–9 only (a search term that is an AGS)."""
    return isinstance(raw, str) and _DIGITS.fullmatch(raw) is not None


def parse_int(raw: object, *, low: int, high: int) -> int:
    """The integer in `raw` within [low, high], or a ParseError. A leading minus sign
    is not accepted: none of the numbers read from requests is negative."""
    text = str(raw if raw is not None else "").strip()
    if not is_ascii_digits(text):
        raise ParseError(NOT_A_NUMBER.format(value=text[:20]))
    if len(text.lstrip("0")) > _MAX_LEN:
        raise ParseError(OUT_OF_RANGE.format(low=low, high=high))
    value = int(text)
    if not low <= value <= high:
        raise ParseError(OUT_OF_RANGE.format(low=low, high=high))
    return value


def int_or_none(raw: object, *, low: int, high: int) -> int | None:
    try:
        return parse_int(raw, low=low, high=high)
    except ParseError:
        return None


def parse_id(raw: object) -> int | None:
    """A primary key from a request, or None when it cannot be one."""
    return int_or_none(raw, low=1, high=ID_MAX)


def parse_ids(values: Iterable[object]) -> list[int]:
    """The valid primary keys among `values`, first occurrence first; the rest is dropped
    (a list of ticked checkboxes where a forged value must not cost the real ones)."""
    seen: dict[int, None] = {}
    for raw in values:
        pk = parse_id(raw)
        if pk is not None:
            seen.setdefault(pk, None)
    return list(seen)


def id_or_404(raw: object) -> int:
    pk = parse_id(raw)
    if pk is None:
        raise Http404
    return pk


def parse_year(raw: object) -> int | None:
    return int_or_none(raw, low=YEAR_MIN, high=YEAR_MAX)


def parse_page(raw: object) -> int:
    """A page number; anything that is not one means the first page."""
    return int_or_none(raw, low=1, high=PAGE_MAX) or 1


def parse_amount(raw: object) -> Decimal:
    """An amount in euros as typed in Germany: `60.000,00`, `60000,00`, `60000`.
    Returns a Decimal with two places or raises a ParseError."""
    text = str(raw if raw is not None else "").strip().removesuffix("€").strip()
    if len(text) > 20 or not _AMOUNT.fullmatch(text):
        raise ParseError(NOT_AN_AMOUNT.format(value=text[:20]))
    try:
        value = Decimal(text.replace(".", "").replace(",", ".")).quantize(Decimal("0.01"))
    except InvalidOperation:
        raise ParseError(NOT_AN_AMOUNT.format(value=text[:20])) from None
    if value > AMOUNT_MAX:
        raise ParseError(AMOUNT_OUT_OF_RANGE)
    return value


def _refuse_non_ids(field: forms.Field, values: Iterable[object], code: str) -> None:
    """Model choice fields take only ASCII ids: Django's own turn `٣` into 3."""
    for pk in values:
        if pk not in field.empty_values and parse_id(pk) is None:
            raise ValidationError(field.error_messages[code], code=code, params={"pk": pk, "value": pk})


class IdChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def to_python(self, value: Any) -> Any:
        _refuse_non_ids(self, [value], "invalid_choice")
        return super().to_python(value)


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def _check_values(self, value: Any) -> Any:
        _refuse_non_ids(self, value, "invalid_pk_value")
        return super()._check_values(value)  # type: ignore[misc]  # private in the stubs


class _IdFilterField(filter_fields.ModelChoiceField):
    def to_python(self, value: Any) -> Any:
        _refuse_non_ids(self, [value], "invalid_choice")
        return super().to_python(value)


class _IdMultipleFilterField(filter_fields.ModelMultipleChoiceField):
    def _check_values(self, value: Any) -> Any:
        _refuse_non_ids(self, value, "invalid_pk_value")
        return super()._check_values(value)


class IdChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = _IdFilterField


class IdMultipleChoiceFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = _IdMultipleFilterField
