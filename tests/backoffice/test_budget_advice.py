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
    for rate, debt in [(300, "1000"), (400, "2000"), (600, "3000"), (700, "4000"), (800, "5000")]:
        consultation_with(rate, debt)
    consultation_with(990, "99999", population=150_000)  # a Großstadt: not compared
    assert own.size_class == SizeClass.KLEINSTADT
    rows = {r["label"]: r for r in comparison(own)}
    grundsteuer = rows["Hebesatz Grundsteuer B"]
    assert (grundsteuer["own"], grundsteuer["n"]) == (500, 5)
    assert (grundsteuer["q1"], grundsteuer["median"], grundsteuer["q3"]) == (400.0, 600.0, 700.0)
    assert rows["Schulden je Einwohner"]["median"] == 3000.0
    page = budget_adviser.get(
        reverse("admin:budget_advice_consultation_change", args=[own.pk])
    ).content.decode()
    assert "Größenklasse: Kleinstadt" in page
    assert "3.000,00 €" in page


def test_fewer_than_five_peers_give_no_quartiles_but_a_note(budget_adviser: Client) -> None:
    # One peer's figures would be all three quartiles: 905/905/905 reveals that municipality.
    own = consultation_with(500, "900")
    peer = consultation_with(905, "1234")
    second_of_peer = ConsultationFactory(municipality=peer.municipality, date=dt.date(2022, 5, 1))
    BudgetFigures.objects.create(consultation=second_of_peer, year=2022, tax_rate_property_b=910)
    for rate in (300, 400, 600):
        consultation_with(rate, "1000")
    rows = {r["label"]: r for r in comparison(own)}
    grundsteuer = rows["Hebesatz Grundsteuer B"]
    # Five values, but from four municipalities: a repeat consultation is no fifth peer.
    assert grundsteuer["n"] == 4
    assert (grundsteuer["q1"], grundsteuer["median"], grundsteuer["q3"]) == (None, None, None)
    page = budget_adviser.get(
        reverse("admin:budget_advice_consultation_change", args=[own.pk])
    ).content.decode()
    assert "Kein Vergleich: Für Hebesatz Grundsteuer B gibt es Werte von weniger als 5" in page
    assert "905" not in page and "1.234" not in page


def test_the_consultation_shows_its_running_number(budget_adviser: Client) -> None:
    first = ConsultationFactory(date=dt.date(2019, 3, 1))
    municipality = first.municipality
    ConsultationFactory(
        municipality=municipality, date=dt.date(2020, 1, 1), status=Consultation.Status.CANCELLED
    )
    second = ConsultationFactory(municipality=municipality, date=dt.date(2021, 6, 1))
    planned = ConsultationFactory(
        municipality=municipality, date=dt.date(2030, 1, 1), status=Consultation.Status.PLANNED
    )
    url = "admin:budget_advice_consultation_change"
    assert "1. Beratung dieser Kommune" in budget_adviser.get(reverse(url, args=[first.pk])).content.decode()
    assert "2. Beratung dieser Kommune" in budget_adviser.get(reverse(url, args=[second.pk])).content.decode()
    # A planned one is numbered as it will count once held; the cancelled one never counts.
    assert (
        "3. Beratung dieser Kommune" in budget_adviser.get(reverse(url, args=[planned.pk])).content.decode()
    )


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
