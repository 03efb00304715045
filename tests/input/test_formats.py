"""The one German formatter (core.formats): what every page, PDF and CSV prints."""

from decimal import Decimal

import pytest

from core import formats


@pytest.mark.parametrize(
    ("value", "places", "text"),
    [
        (0, 0, "0"),
        (1234567, 0, "1.234.567"),
        (Decimal("60000"), 2, "60.000,00"),
        (Decimal("25000.5"), 2, "25.000,50"),
        (Decimal("0.005"), 2, "0,01"),  # commercial rounding, half up
        (Decimal("-1234.565"), 2, "-1.234,57"),
        (Decimal("999.96"), 1, "1.000,0"),
    ],
)
def test_number(value: Decimal | int, places: int, text: str) -> None:
    assert formats.number(value, places) == text


def test_money_and_csv_cells() -> None:
    assert formats.euro(Decimal("60000")) == "60.000,00 €"
    assert formats.euro(Decimal("1234567.49"), 0) == "1.234.567 €"
    assert formats.euro(None) == ""
    assert formats.euro_short(Decimal("25080000")) == "25,1 Mio. €"
    assert formats.euro_short(Decimal("999999.4")) == "999.999 €"
    assert formats.number(Decimal("1234567.8"), 2, grouped=False) == "1234567,80"


def test_percentages() -> None:
    assert formats.percent(Decimal("12.45")) == "12,5 %"
    assert formats.percent(None) == "–"
    assert formats.percent(Decimal("-3.24"), signed=True) == "\u22123,2 %"
    assert formats.percent(Decimal("1.0"), signed=True) == "+1,0 %"
    assert formats.percent(Decimal("-0.04"), signed=True) == "±0,0 %"
    assert formats.percent(Decimal("62.50"), None) == "62,5 %"
    assert formats.percent(Decimal("15.00"), None) == "15 %"


def test_a_float_is_refused() -> None:
    # A float has lost the cent before it gets here; the formatter will not hide that.
    with pytest.raises(TypeError):
        formats.euro(0.1 + 0.2)  # type: ignore[arg-type]
