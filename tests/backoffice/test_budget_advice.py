"""Budget advice in the back office: comparison sheet and follow-up."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from budget_advice.admin import comparison
from budget_advice.models import BudgetFigures, Consultation, Recommendation
from contacts.models import SizeClass
from tests.factories import ConsultationFactory, MunicipalityFactory

pytestmark = pytest.mark.django_db


def consultation_with(rate: int, debt: str, population: int = 8_000) -> Consultation:
    c = ConsultationFactory(municipality=MunicipalityFactory(population=population))
    BudgetFigures.objects.create(
        consultation=c, year=2020, tax_rate_property_b=rate, debt_per_inhabitant=Decimal(debt)
    )
    return c


def test_the_comparison_sheet_shows_quartiles_of_the_same_size_class(budget_adviser: Client) -> None:
    own = consultation_with(500, "900")
    for rate, debt in [(300, "1000"), (400, "2000"), (600, "3000"), (700, "4000")]:
        consultation_with(rate, debt)
    consultation_with(990, "99999", population=150_000)  # a Großstadt: not compared
    assert own.size_class == SizeClass.KLEINSTADT
    rows = {r["label"]: r for r in comparison(own)}
    grundsteuer = rows["Hebesatz Grundsteuer B"]
    assert (grundsteuer["own"], grundsteuer["n"]) == (500, 4)
    assert (grundsteuer["q1"], grundsteuer["median"], grundsteuer["q3"]) == (375.0, 500.0, 625.0)
    assert rows["Schulden je Einwohner"]["median"] == 2500.0
    page = budget_adviser.get(
        reverse("admin:budget_advice_consultation_change", args=[own.pk])
    ).content.decode()
    assert "Größenklasse: Kleinstadt" in page
    assert "2.500,00 €" in page


def test_a_recommendation_is_followed_up_twelve_months_later(budget_adviser: Client) -> None:
    c = ConsultationFactory(date=dt.date(2024, 2, 29))
    response = budget_adviser.post(
        reverse("admin:budget_advice_recommendation_add"),
        {
            "consultation": c.pk,
            "area": Recommendation.Area.PERSONNEL,
            "text": "Stellen bündeln",
            "estimated_effect": "25000",
            "implemented": Recommendation.Implemented.OPEN,
        },
    )
    assert response.status_code == 302
    assert Recommendation.objects.get().follow_up_due == dt.date(2025, 2, 28)
