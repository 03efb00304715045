"""Budget consultations: derived running numbers, snapshots, and refused bad input."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from budget_advice.models import FOLLOW_UP_ORDER, Consultation, Recommendation
from budget_advice.services import consultation_create
from contacts.models import SizeClass
from tests.factories import ConsultationFactory, MunicipalityFactory

pytestmark = pytest.mark.django_db

TWO_PLACES = "Bitte sicherstellen, dass der Wert höchstens 2 Dezimalstellen enthält."


def recommendation(consultation: Consultation, **fields: object) -> Recommendation:
    return Recommendation(
        consultation=consultation, area=Recommendation.Area.REVENUE, text="Gebühren prüfen", **fields
    )


def test_a_follow_up_before_the_consultation_is_refused_in_german() -> None:
    consultation = ConsultationFactory(date=dt.date(2024, 5, 1))
    with pytest.raises(ValidationError) as exc:
        recommendation(consultation, followed_up_on=dt.date(2024, 4, 30)).full_clean()
    assert exc.value.message_dict["followed_up_on"] == [FOLLOW_UP_ORDER]


def test_a_negative_or_over_precise_estimated_effect_is_refused() -> None:
    consultation = ConsultationFactory()
    with pytest.raises(ValidationError) as exc:
        recommendation(consultation, estimated_effect=Decimal("-1.00")).full_clean()
    assert "Die geschätzte Wirkung darf nicht negativ sein." in exc.value.messages
    with pytest.raises(ValidationError) as exc:
        recommendation(consultation, estimated_effect=Decimal("10.005")).full_clean()
    assert exc.value.message_dict["estimated_effect"] == [TWO_PLACES]


def test_the_running_number_of_a_consultation_follows_the_dates_per_municipality() -> None:
    town, other = MunicipalityFactory(), MunicipalityFactory()
    second = ConsultationFactory(municipality=town, date=dt.date(2022, 3, 1))
    first = ConsultationFactory(municipality=town, date=dt.date(2019, 3, 1))
    third = ConsultationFactory(municipality=town, date=dt.date(2025, 3, 1))
    only = ConsultationFactory(municipality=other, date=dt.date(2023, 3, 1))
    numbers = dict(Consultation.objects.with_number().values_list("pk", "number"))
    assert (numbers[first.pk], numbers[second.pk], numbers[third.pk], numbers[only.pk]) == (1, 2, 3, 1)


def test_a_consultation_keeps_the_population_and_size_class_of_its_day() -> None:
    town = MunicipalityFactory(population=19_500)
    consultation = consultation_create(municipality=town, date=dt.date(2024, 5, 1))
    town.population = 21_000
    town.save()
    consultation.refresh_from_db()
    assert (consultation.population, consultation.size_class) == (19_500, SizeClass.KLEINSTADT)
    assert town.size_class == SizeClass.MITTELSTADT
