"""The arithmetic of the key without the database: shares in cents and per cent that add
up exactly, the awkward cases of issue #16, and the German refusals."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agreements import keys
from agreements.keys import Partner, compute, largest_remainder
from agreements.models import KeyMethod


def partners(*populations: int | None, values: list[str] | None = None) -> list[Partner]:
    return [
        Partner(
            municipality_id=i + 1,
            name=f"Gemeinde {i + 1}",
            ags=f"06435{i + 1:03d}",
            population=pop,
            value=Decimal(values[i]) if values else None,
        )
        for i, pop in enumerate(populations)
    ]


def amounts(lines: list[keys.Line]) -> list[Decimal]:
    return [line.amount for line in lines]


def test_three_equal_partners_of_100_euros_add_up_to_exactly_100_euros() -> None:
    lines = compute(method=KeyMethod.EQUAL, total=Decimal("100.00"), partners=partners(1, 1, 1))
    assert amounts(lines) == [Decimal("33.34"), Decimal("33.33"), Decimal("33.33")]
    assert sum(amounts(lines)) == Decimal("100.00")
    assert [line.percent for line in lines] == [Decimal("33.34"), Decimal("33.33"), Decimal("33.33")]


def test_a_partner_with_0_inhabitants_pays_nothing_by_population_and_the_rest_adds_up() -> None:
    lines = compute(method=KeyMethod.POPULATION, total=Decimal("1000.00"), partners=partners(2000, 0, 1000))
    assert amounts(lines) == [Decimal("666.67"), Decimal("0.00"), Decimal("333.33")]
    assert sum(line.percent for line in lines) == Decimal("100.00")


def test_a_partner_with_0_inhabitants_pays_its_base_share_in_the_mixed_key() -> None:
    lines = compute(
        method=KeyMethod.MIXED,
        total=Decimal("1000.00"),
        partners=partners(3000, 0, 1000),
        base_share_pct=Decimal("30"),
    )
    # 300 € base: 100 € each; 700 € by population: 525 € and 175 €
    assert amounts(lines) == [Decimal("625.00"), Decimal("100.00"), Decimal("275.00")]


def test_forty_partners_share_to_the_cent() -> None:
    populations = [1_000 + (i * 7_919) % 40_000 for i in range(40)]
    total = Decimal("987654.31")
    lines = compute(method=KeyMethod.POPULATION, total=total, partners=partners(*populations))
    assert len(lines) == 40
    assert sum(amounts(lines)) == total
    assert sum(line.percent for line in lines) == Decimal("100.00")
    everyone = sum(populations)
    for line, pop in zip(lines, populations, strict=True):  # each within a cent of its exact quota
        assert abs(Fraction(line.amount) - Fraction(total) * pop / everyone) < Fraction(1, 100)


def test_the_left_over_cent_goes_to_the_largest_remainder_then_to_the_first_listed() -> None:
    assert largest_remainder([Fraction(1), Fraction(1), Fraction(1)], 100) == [34, 33, 33]
    assert largest_remainder([Fraction(1), Fraction(2)], 100) == [33, 67]
    # quotas 4.55, 2.73, 2.73: two units left, for the two larger remainders
    assert largest_remainder([Fraction(5), Fraction(3), Fraction(3)], 10) == [4, 3, 3]
    assert largest_remainder([Fraction(1), Fraction(1)], 3) == [2, 1]


def test_usage_units_and_agreed_percentages_are_used_as_typed() -> None:
    lines = compute(
        method=KeyMethod.USAGE, total=Decimal("100"), partners=partners(None, None, values=["1", "2"])
    )
    assert amounts(lines) == [Decimal("33.33"), Decimal("66.67")]
    lines = compute(
        method=KeyMethod.CUSTOM, total=Decimal("250"), partners=partners(None, None, values=["12.5", "87.5"])
    )
    assert amounts(lines) == [Decimal("31.25"), Decimal("218.75")]


@settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.integers(min_value=0, max_value=4_000_000), min_size=0, max_size=40),
    st.integers(min_value=1, max_value=10**11),
)
def test_the_shares_always_add_up_to_the_total(some: list[int], cents: int) -> None:
    populations = [*some, 1]  # at least one inhabitant somewhere
    total = Decimal(cents) / 100
    lines = compute(method=KeyMethod.POPULATION, total=total, partners=partners(*populations))
    assert sum(amounts(lines)) == total
    assert sum(line.percent for line in lines) == Decimal("100.00")


def messages(exc: pytest.ExceptionInfo[ValidationError]) -> list[str]:
    return exc.value.messages


def test_percentages_that_do_not_add_up_to_100_are_refused_in_german() -> None:
    with pytest.raises(ValidationError) as exc:
        compute(
            method=KeyMethod.CUSTOM,
            total=Decimal("100"),
            partners=partners(None, None, values=["40", "59.5"]),
        )
    assert messages(exc) == [keys.PERCENT_SUM.format(total="99,5")]
    assert "Zusammen müssen es genau 100 % sein" in messages(exc)[0]


def test_negative_units_are_refused_beside_the_partner() -> None:
    with pytest.raises(ValidationError) as exc:
        compute(
            method=KeyMethod.USAGE, total=Decimal("100"), partners=partners(None, None, values=["3", "-1"])
        )
    assert exc.value.message_dict == {"value_2": [keys.NEGATIVE_UNITS.format(name="Gemeinde 2")]}


def test_a_case_without_partners_is_refused() -> None:
    with pytest.raises(ValidationError) as exc:
        compute(method=KeyMethod.EQUAL, total=Decimal("100"), partners=[])
    assert messages(exc) == [keys.NO_PARTNERS]


@pytest.mark.parametrize("total", [None, Decimal("0"), Decimal("-5")])
def test_a_total_of_nothing_is_refused(total: Decimal | None) -> None:
    with pytest.raises(ValidationError) as exc:
        compute(method=KeyMethod.EQUAL, total=total, partners=partners(1, 1))
    assert exc.value.message_dict == {"total": [keys.TOTAL_POSITIVE]}


def test_a_population_key_needs_every_partners_population() -> None:
    with pytest.raises(ValidationError) as exc:
        compute(method=KeyMethod.POPULATION, total=Decimal("100"), partners=partners(500, None))
    assert messages(exc) == [keys.NO_POPULATION.format(name="Gemeinde 2")]
    with pytest.raises(ValidationError) as exc:
        compute(method=KeyMethod.POPULATION, total=Decimal("100"), partners=partners(0, 0))
    assert messages(exc) == [keys.ZERO_POPULATION]


def test_the_mixed_key_needs_a_base_share_between_0_and_100() -> None:
    for base, message in [(None, keys.BASE_MISSING), (Decimal("120"), keys.BASE_RANGE)]:
        with pytest.raises(ValidationError) as exc:
            compute(
                method=KeyMethod.MIXED, total=Decimal("100"), partners=partners(1, 2), base_share_pct=base
            )
        assert exc.value.message_dict == {"base_share_pct": [message]}


def test_usage_units_all_zero_are_refused() -> None:
    with pytest.raises(ValidationError) as exc:
        compute(
            method=KeyMethod.USAGE, total=Decimal("100"), partners=partners(None, None, values=["0", "0"])
        )
    assert messages(exc) == [keys.NO_UNITS]
