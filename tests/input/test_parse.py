"""The one parser of numbers from requests (core.parse): only 0–9, range-checked."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.http import Http404

from core import parse

HOSTILE = ["²", "٣", "３", "1" * 20, "-1", "", " ", "text", "1.5", "0x10", "1e3", "+3", None]


@pytest.mark.parametrize("raw", HOSTILE)
def test_nothing_but_ascii_digits_is_an_id(raw: object) -> None:
    assert parse.parse_id(raw) is None
    with pytest.raises(Http404):
        parse.id_or_404(raw)


@pytest.mark.parametrize(
    ("raw", "expected"), [("7", 7), (" 42 ", 42), ("0009", 9), (str(2**63 - 1), 2**63 - 1)]
)
def test_plain_ids_are_read(raw: str, expected: int) -> None:
    assert parse.parse_id(raw) == expected


def test_zero_and_ids_beyond_bigint_are_refused() -> None:
    assert parse.parse_id("0") is None
    assert parse.parse_id(str(2**63)) is None
    assert parse.parse_id("0" * 30 + "5") == 5  # leading zeros are no overflow


def test_a_list_of_ticked_ids_keeps_the_real_ones_in_order() -> None:
    assert parse.parse_ids(["3", "²", "1", "٣", "3", "1" * 20, "2"]) == [3, 1, 2]


def test_years_and_pages_are_range_checked() -> None:
    assert parse.parse_year("2026") == 2026
    assert parse.parse_year("20266") is None
    assert parse.parse_year("٢٠٢٦") is None
    assert parse.parse_page("3") == 3
    assert parse.parse_page("３") == 1
    assert parse.parse_page("1" * 20) == 1


def test_the_german_message_names_the_value_and_the_digits() -> None:
    with pytest.raises(parse.ParseError) as info:
        parse.parse_int("²", low=1, high=10)
    assert info.value.message == "„²“ ist keine Zahl. Bitte verwenden Sie nur die Ziffern 0 bis 9."
    with pytest.raises(parse.ParseError) as info:
        parse.parse_int("11", low=1, high=10)
    assert info.value.message == "Bitte geben Sie eine Zahl zwischen 1 und 10 ein."


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("60.000,00", Decimal("60000.00")),
        ("60000,00", Decimal("60000.00")),
        ("25.000,50", Decimal("25000.50")),
        ("60000", Decimal("60000.00")),
        ("1,5", Decimal("1.50")),
        ("1.234.567,89 €", Decimal("1234567.89")),
    ],
)
def test_amounts_are_read_as_germans_type_them(raw: str, expected: Decimal) -> None:
    assert parse.parse_amount(raw) == expected


@pytest.mark.parametrize("raw", ["60.00", "6.0000", "abc", "１", "-5", "1,234", "", "1" * 25, "99999999999"])
def test_anything_else_is_no_amount(raw: str) -> None:
    with pytest.raises(parse.ParseError):
        parse.parse_amount(raw)
