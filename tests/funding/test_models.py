"""Money and dates in funding: German messages for bad input, and the database and
disbursement_create as the last line of defence."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from cooperations.models import NEGATIVE_AMOUNT as CASE_NEGATIVE_AMOUNT
from funding.models import (
    APPROVED_ABOVE_APPLIED,
    APPROVED_AMOUNT_MISSING,
    BUDGET_YEAR_RANGE,
    GUIDELINE_DATES,
    NEGATIVE_AMOUNT,
    POSITIVE_AMOUNT,
    Disbursement,
    FundingGuideline,
    Grant,
)
from funding.services import DISBURSEMENT_ABOVE_APPROVED, DISBURSEMENT_NOT_APPROVED, disbursement_create
from tests.factories import CooperationFactory, GrantFactory

pytestmark = pytest.mark.django_db

# Django's own German text for a DecimalField(decimal_places=2).
TWO_PLACES = "Bitte sicherstellen, dass der Wert höchstens 2 Dezimalstellen enthält."


def errors_of(obj: object) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as exc:
        obj.full_clean()  # type: ignore[attr-defined]
    return exc.value.message_dict


def grant(**fields: object) -> Grant:
    return GrantFactory.build(cooperation=CooperationFactory(), **fields)


def test_a_negative_applied_amount_is_refused_in_german() -> None:
    assert NEGATIVE_AMOUNT in errors_of(grant(applied_amount=Decimal("-1.00")))["applied_amount"]


def test_an_amount_with_more_than_two_decimal_places_is_refused_in_german() -> None:
    errors = errors_of(grant(applied_amount=Decimal("10.005"), approved_amount=Decimal("10.00")))
    assert errors["applied_amount"] == [TWO_PLACES]


def test_the_approved_amount_cannot_exceed_the_applied_amount() -> None:
    errors = errors_of(grant(applied_amount=Decimal("50000.00"), approved_amount=Decimal("50000.01")))
    assert errors["approved_amount"] == [APPROVED_ABOVE_APPLIED]


def test_an_approved_grant_needs_an_amount_and_a_decision_date() -> None:
    errors = errors_of(grant(approved_amount=None, decision_date=None, status=Grant.Status.APPROVED))
    assert APPROVED_AMOUNT_MISSING in errors["approved_amount"]


def test_a_budget_year_outside_2000_to_2100_is_refused() -> None:
    assert BUDGET_YEAR_RANGE in errors_of(grant(budget_year=1999))["budget_year"]


def test_the_database_refuses_a_negative_amount_even_without_form_validation() -> None:
    with pytest.raises(IntegrityError, match="grant_applied_not_negative"), transaction.atomic():
        GrantFactory(applied_amount=Decimal("-5.00"))


def test_a_case_with_negative_or_over_precise_expected_savings_is_refused() -> None:
    case = CooperationFactory()
    case.expected_savings_eur = Decimal("-100.00")
    assert CASE_NEGATIVE_AMOUNT in errors_of(case)["expected_savings_eur"]
    case.expected_savings_eur = Decimal("10.005")
    assert errors_of(case)["expected_savings_eur"] == [TWO_PLACES]


# --- Disbursements ---------------------------------------------------------------------


def test_disbursements_may_add_up_to_exactly_the_approved_amount() -> None:
    approved = GrantFactory(approved_amount=Decimal("100000.00"))
    disbursement_create(grant=approved, date=dt.date(2024, 7, 1), amount=Decimal("60000.00"))
    disbursement_create(grant=approved, date=dt.date(2024, 9, 1), amount=Decimal("40000.00"))
    approved.refresh_from_db()
    assert approved.status == Grant.Status.PAID
    assert sum(d.amount for d in approved.disbursements.all()) == Decimal("100000.00")


def test_a_disbursement_above_the_approved_amount_is_refused_and_not_saved() -> None:
    approved = GrantFactory(approved_amount=Decimal("100000.00"))
    disbursement_create(grant=approved, date=dt.date(2024, 7, 1), amount=Decimal("60000.00"))
    with pytest.raises(ValidationError) as exc:
        disbursement_create(grant=approved, date=dt.date(2024, 9, 1), amount=Decimal("40000.01"))
    assert exc.value.message_dict["amount"] == [
        DISBURSEMENT_ABOVE_APPROVED.format(total="100.000,01", approved="100.000,00")
    ]
    assert approved.disbursements.count() == 1


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        (Decimal("0.00"), POSITIVE_AMOUNT),
        (Decimal("-10.00"), POSITIVE_AMOUNT),
        (Decimal("10.005"), TWO_PLACES),
    ],
    ids=["zero", "negative", "over-precise"],
)
def test_a_disbursement_must_be_a_positive_amount_in_cents(amount: Decimal, message: str) -> None:
    approved = GrantFactory()
    with pytest.raises(ValidationError) as exc:
        disbursement_create(grant=approved, date=dt.date(2024, 7, 1), amount=amount)
    assert message in exc.value.message_dict["amount"]
    assert not Disbursement.objects.exists()


def test_a_grant_that_is_only_applied_for_cannot_be_paid_out() -> None:
    applied = GrantFactory(status=Grant.Status.APPLIED, approved_amount=None, decision_date=None)
    with pytest.raises(ValidationError) as exc:
        disbursement_create(grant=applied, date=dt.date(2024, 7, 1), amount=Decimal("1.00"))
    assert exc.value.messages == [DISBURSEMENT_NOT_APPROVED]


def test_the_database_refuses_a_zero_disbursement_written_past_the_service() -> None:
    with pytest.raises(IntegrityError, match="disbursement_positive"), transaction.atomic():
        Disbursement.objects.create(grant=GrantFactory(), date=dt.date(2024, 7, 1), amount=Decimal("0"))


# --- Guideline dates ---------------------------------------------------------------------


def test_a_guideline_cannot_end_before_it_starts() -> None:
    guideline = FundingGuideline(
        name="Rahmenvereinbarung IKZ", valid_from=dt.date(2021, 12, 7), valid_until=dt.date(2021, 12, 6)
    )
    assert GUIDELINE_DATES in errors_of(guideline)["__all__"]
    with pytest.raises(IntegrityError, match="guideline_dates_in_order"), transaction.atomic():
        guideline.save()


def test_a_guideline_may_end_on_the_day_it_starts_or_run_open_ended() -> None:
    FundingGuideline(
        name="Eintägig", valid_from=dt.date(2021, 1, 1), valid_until=dt.date(2021, 1, 1)
    ).full_clean()
    FundingGuideline(name="Offen", valid_from=dt.date(2021, 1, 1)).full_clean()
