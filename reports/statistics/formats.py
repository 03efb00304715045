"""The statistics' presets of the one German formatter (core.formats):
1.712; 25,1 Mio. €; 31.12.2020; 12,5 %."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from core.formats import euro, euro_short, number, percent

from .constants import ZERO


def fmt_int(value: int | None) -> str:
    return number(value or 0)


def fmt_decimal(value: Decimal, places: int = 2) -> str:
    return number(value, places)


def fmt_euro(value: Decimal | None) -> str:
    """Whole euros, as the report prints them: 1.234.567 €."""
    return euro(value or ZERO, 0)


def fmt_euro_short(value: Decimal | None) -> str:
    """25,1 Mio. € from one million on, otherwise whole euros."""
    return euro_short(value)


def fmt_pct(value: Decimal | None) -> str:
    return percent(value)


def fmt_date(value: dt.date) -> str:
    return f"{value:%d.%m.%Y}"


def plural(n: int, one: str, many: str) -> str:
    return f"{fmt_int(n)} {one if n == 1 else many}"


def share(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part or 0) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
