"""`Cooperation.objects.visible_to` decides what "Meine Vorgänge" shows: exactly the
cases in which one of the user's confirmed municipalities takes part or leads –
each once – and nothing else (issue 6 rewrote it as an id union over two indexes)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from contacts.models import Membership, Municipality
from cooperations.models import Cooperation, Participation
from tests import factories

pytestmark = pytest.mark.django_db


def visible(user: User) -> list[int]:
    return list(Cooperation.objects.visible_to(user).values_list("pk", flat=True))


def test_a_user_sees_exactly_the_cases_of_their_confirmed_municipalities(
    anna: User, kassel: Municipality, fulda: Municipality, kuenzell: Municipality
) -> None:
    wolfhagen = factories.MunicipalityFactory(name="Wolfhagen")
    Membership.objects.create(user=anna, municipality=wolfhagen, status=Membership.Status.CONFIRMED)
    requested = factories.MunicipalityFactory(name="Baunatal")
    Membership.objects.create(user=anna, municipality=requested, status=Membership.Status.REQUESTED)

    led = factories.CooperationFactory(lead_municipality=kassel, partners=[kuenzell])
    partner = factories.CooperationFactory(lead_municipality=fulda, partners=[kassel, kuenzell])
    second_town = factories.CooperationFactory(lead_municipality=wolfhagen)
    left = factories.CooperationFactory(lead_municipality=fulda)  # Kassel took part and left
    Participation.objects.create(cooperation=left, municipality=kassel, left_on="2024-01-01")
    # An adviser made Kassel the lead afterwards; no participation row was written for it.
    relead = factories.CooperationFactory(lead_municipality=fulda)
    Cooperation.objects.filter(pk=relead.pk).update(lead_municipality=kassel)
    factories.CooperationFactory(lead_municipality=fulda, partners=[kuenzell])  # not Kassel's
    factories.CooperationFactory(lead_municipality=requested)  # membership not confirmed

    seen = visible(anna)

    assert sorted(seen) == sorted([led.pk, partner.pk, second_town.pk, left.pk, relead.pk])
    assert Cooperation.objects.visible_to(anna).count() == 5  # each case once


def test_without_a_confirmed_municipality_nothing_is_visible(udo: User, fulda: Municipality) -> None:
    factories.CooperationFactory(lead_municipality=fulda)
    assert visible(udo) == []


def test_my_cases_lists_each_own_case_once_and_no_other(
    anna: User, kassel: Municipality, fulda: Municipality, kuenzell: Municipality
) -> None:
    own = factories.CooperationFactory(
        title="Gemeinsamer Bauhof", lead_municipality=kassel, partners=[kuenzell]
    )
    joined = factories.CooperationFactory(title="Standesamt Nord", lead_municipality=fulda, partners=[kassel])
    factories.CooperationFactory(title="Fremdes Klärwerk", lead_municipality=fulda, partners=[kuenzell])
    client = Client()
    client.force_login(anna)

    html = client.get(reverse("cooperations:my-cases")).content.decode()

    assert html.count(own.reference) == 1 and html.count(joined.reference) == 1
    assert "Fremdes Klärwerk" not in html
