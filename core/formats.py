"""The one place where numbers become German text: 1.234; 1.234,56 €; 12,5 %; −3,2 %.

Decimal only (an int is exact as a Decimal; a float is refused, because a float has already
lost the cent that a grant is about). Rounding is commercial (half up), as in the annual
report. Every other formatter of the portal — the back office's money, the statistics,
the demography view, CSV cells, the templates' `euro`/`number`/`percent` filters — calls
these functions with its own places and signs."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

MINUS = "\u2212"  # the typographic minus of percentages in running text: „−3,2 %“
DASH = "–"  # an empty figure in a table


def _decimal(value: Decimal | int) -> Decimal:
    if isinstance(value, float):
        raise TypeError("Beträge und Zahlen werden als Decimal oder int formatiert, nicht als float.")
    return Decimal(value)


def places_needed(value: Decimal | int) -> int:
    """The decimal places a rate needs to be exact: 15 → 0, 62.50 → 1, 33.33 → 2."""
    return max(0, -int(_decimal(value).normalize().as_tuple().exponent))


def number(value: Decimal | int, places: int = 0, *, grouped: bool = True, minus: str = "-") -> str:
    """1.234.567,89 (`grouped=False`: 1234567,89 for machine-read CSV cells)."""
    q = _decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    sign = minus if q < 0 else ""
    whole, _, fraction = f"{abs(q):.{places}f}".partition(".")
    if grouped:
        whole = f"{int(whole):,}".replace(",", ".")
    return f"{sign}{whole},{fraction}" if places else f"{sign}{whole}"


def euro(value: Decimal | int | None, places: int = 2, *, empty: str = "") -> str:
    """1.234,56 € (places=0: whole euros, as the annual report prints them)."""
    return empty if value is None else f"{number(value, places)} €"


def euro_short(value: Decimal | int | None) -> str:
    """25,1 Mio. € from one million on, otherwise whole euros."""
    amount = _decimal(value or 0)
    if amount >= Decimal("1000000"):
        return f"{number(amount / Decimal('1000000'), 1)} Mio. €"
    return euro(amount, 0)


def percent(value: Decimal | int | None, places: int | None = 1, *, signed: bool = False) -> str:
    """12,5 % (signed: +3,2 % / −3,2 % / ±0,0 %; places=None: as many as the rate has);
    a dash for no value."""
    if value is None:
        return DASH
    if places is None:
        places = places_needed(value)
    text = number(value, places, minus=MINUS)
    if signed:
        rounded = _decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        text = f"±{text}" if rounded == 0 else text if rounded < 0 else f"+{text}"
    return f"{text} %"
