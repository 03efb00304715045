"""Funding rules as data: the standard amount proposed and the rule warnings."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from cooperations.models import Cooperation, LegalForm
from funding import rules
from funding.models import FundingGuideline
from tests.factories import CooperationFactory, MunicipalityFactory

pytestmark = pytest.mark.django_db

IN_FORCE = dt.date(2024, 6, 1)


def case_with(partners: int, **fields: object) -> Cooperation:
    # The lead counts as a partner: `partners` municipalities in total.
    return CooperationFactory(partners=[MunicipalityFactory() for _ in range(partners - 1)], **fields)


@pytest.mark.parametrize(("partners", "amount"), [(2, "50000"), (3, "75000"), (4, "100000"), (7, "100000")])
def test_hessen_2021_proposes_the_standard_amount_by_partner_count(partners: int, amount: str) -> None:
    check = rules.check_case(case_with(partners), on=IN_FORCE)
    assert check.guideline is not None and check.guideline.land == "06"
    assert check.amount == Decimal(amount)


def test_a_gemeindeverwaltungsverband_gets_the_amount_per_member() -> None:
    check = rules.check_case(case_with(3, legal_form=LegalForm.GVV), on=IN_FORCE)
    assert check.amount == Decimal("450000")


def test_nrw_adds_an_amount_per_further_partner(settings: object) -> None:
    settings.IKZ_LAND = "05"  # type: ignore[attr-defined]
    check = rules.check_case(case_with(4), on=IN_FORCE)
    assert check.amount == Decimal("175000") + 2 * Decimal("35000")


def test_a_case_breaking_the_rules_gets_a_warning_for_each_rule() -> None:
    case = case_with(2, planned_duration_years=3, expected_savings_pct=Decimal("10"))
    check = rules.check_case(case, on=IN_FORCE)
    assert check.warnings == [
        rules.TOO_FEW_PARTNERS.format(count=2, min=3, exception=2),
        rules.DURATION_SHORT.format(years=3, min=5),
        rules.SAVINGS_LOW.format(pct="10", min="15"),
    ]


def test_an_exception_reason_lifts_the_partner_warning() -> None:
    case = case_with(2, planned_duration_years=5, expected_savings_pct=Decimal("20"))
    assert rules.check_case(case, exception_reason="Nur zwei Gemeinden im Tal", on=IN_FORCE).warnings == []


def test_an_edited_guideline_changes_the_proposal() -> None:
    guideline = rules.guideline_in_force(on=IN_FORCE)
    assert guideline is not None
    FundingGuideline.objects.filter(pk=guideline.pk).update(amounts=[{"partners": 2, "amount": "60000.00"}])
    assert rules.check_case(case_with(2), on=IN_FORCE).amount == Decimal("60000")


def test_the_grant_form_proposes_the_amount_and_shows_the_warnings(adviser: Client, settings: object) -> None:
    # The Hessian guideline runs to 2026; the NRW one has no end: use a case in the NRW portal.
    settings.IKZ_LAND = "05"  # type: ignore[attr-defined]
    case = case_with(3, planned_duration_years=2)
    page = adviser.get(reverse("admin:funding_grant_add") + f"?cooperation={case.pk}").content.decode()
    assert 'value="210.000,00"' in page  # 175,000 € + 35,000 € for the third partner
    assert "210.000,00 €" in page
    assert rules.DURATION_SHORT.format(years=2, min=5) in page


def test_guideline_amount_tables_are_checked_in_the_admin(administrator: Client) -> None:
    guideline = FundingGuideline.objects.get(land="06")
    url = reverse("admin:funding_fundingguideline_change", args=[guideline.pk])
    response = administrator.post(
        url,
        {
            "land": "06",
            "name": guideline.name,
            "valid_from": "2021-12-07",
            "min_partners": 3,
            "exception_min_partners": 2,
            "min_duration_years": 5,
            "min_savings_pct": "15",
            "amounts": '[{"partners": "zwei", "amount": "50000"}]',
            "per_additional_partner": "0",
        },
    )
    assert response.status_code == 200
    assert "Zeile 1: „partners“ muss eine ganze Zahl" in response.content.decode()


def test_the_case_page_shows_the_rule_check_and_links_to_a_grant_with_the_proposal(
    adviser: Client, settings: object
) -> None:
    settings.IKZ_LAND = "05"  # type: ignore[attr-defined]
    case = case_with(2, planned_duration_years=6, expected_savings_pct=Decimal("5"))
    page = adviser.get(reverse("admin:cooperations_cooperation_change", args=[case.pk])).content.decode()
    assert "175.000,00 €" in page
    assert reverse("admin:funding_grant_add") + f"?cooperation={case.pk}" in page
    # NRW: two partners suffice and no minimum saving is set.
    assert "Alle Regeln der Richtlinie sind erfüllt." in page
