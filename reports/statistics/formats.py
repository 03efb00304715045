"""German number formats of the statistics: 1.712; 25,1 Mio. €; 31.12.2020; 12,5 %."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from .constants import ZERO


def fmt_int(value: int | None) -> str:
    return f"{value or 0:,}".replace(",", ".")


def fmt_decimal(value: Decimal, places: int = 2) -> str:
    q = Decimal(1).scaleb(-places)
    text = f"{value.quantize(q, rounding=ROUND_HALF_UP):,.{places}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def fmt_euro(value: Decimal | None) -> str:
    """Whole euros, as the report prints them: 1.234.567 €."""
    return f"{fmt_decimal(value or ZERO, 0)} €"


def fmt_euro_short(value: Decimal | None) -> str:
    """25,1 Mio. € from one million on, otherwise whole euros."""
    value = value or ZERO
    if value >= Decimal("1000000"):
        return f"{fmt_decimal(value / Decimal('1000000'), 1)} Mio. €"
    return fmt_euro(value)


def fmt_pct(value: Decimal | None) -> str:
    return "–" if value is None else f"{fmt_decimal(value, 1)} %"


def fmt_date(value: dt.date) -> str:
    return f"{value:%d.%m.%Y}"


def plural(n: int, one: str, many: str) -> str:
    return f"{fmt_int(n)} {one if n == 1 else many}"


def share(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part or 0) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
