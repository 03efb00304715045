"""The municipal case page shows the money and every Handlungsfeld of the case (issue 14)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from cooperations.models import Cooperation, FieldOfAction
from funding.models import Grant
from funding.services import disbursement_create
from tests.factories import GrantFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


def page(client: Client, user: User, case: Cooperation) -> str:
    client.force_login(user)
    return client.get(reverse("cooperations:case-detail", args=[case.pk])).content.decode()


def test_the_case_page_shows_each_grant_with_its_payments_and_what_remains(
    client: Client, anna: User, clara: User, case_kassel: Cooperation
) -> None:
    grant = GrantFactory(
        cooperation=case_kassel,
        programme=ProgrammeFactory(name="Landesprogramm IKZ"),
        applied_amount=Decimal("75000"),
        approved_amount=Decimal("60000"),
        budget_year=2026,
        decision_date=dt.date(2026, 9, 1),
        proof_of_use_due=dt.date(2028, 6, 30),
        file_number="IKZ-2026-17",
    )
    disbursement_create(grant=grant, date=dt.date(2026, 12, 10), amount=Decimal("25000.50"), actor=clara)
    GrantFactory(
        cooperation=case_kassel,
        applied_amount=Decimal("10000"),
        approved_amount=None,
        decision_date=None,
        budget_year=2027,
        status=Grant.Status.APPLIED,
    )
    body = page(client, anna, case_kassel)
    money = body[body.index('id="foerderung"') : body.index('id="verlauf"')]
    assert "Landesprogramm IKZ" in money and "IKZ-2026-17" in money
    assert "75.000,00 €" in money  # applied
    assert "60.000,00 €" in money  # approved
    assert "25.000,50 €" in money and "10.12.2026" in money  # the payment
    assert "34.999,50 €" in money  # still to be paid
    assert "30.06.2028" in money  # proof of use due
    assert "beantragt" in money and "10.000,00 €" in money  # the grant applied for


def test_a_case_without_grants_says_so(client: Client, anna: User, case_kassel: Cooperation) -> None:
    assert "noch keine Förderung erfasst" in page(client, anna, case_kassel)


def test_another_municipality_sees_neither_the_case_nor_its_money(
    client: Client, bernd: User, case_kassel: Cooperation
) -> None:
    GrantFactory(cooperation=case_kassel)
    client.force_login(bernd)
    assert client.get(reverse("cooperations:case-detail", args=[case_kassel.pk])).status_code == 404


def test_the_second_handlungsfeld_is_shown_on_the_case_page(
    client: Client, anna: User, case_kassel: Cooperation
) -> None:
    second = FieldOfAction.objects.exclude(pk=case_kassel.field_of_action_id)[1]
    case_kassel.further_fields.set([second])
    body = page(client, anna, case_kassel)
    assert "Handlungsfelder" in body
    assert f"{case_kassel.field_of_action.name}, {second.name}" in body
