"""Back-office fixtures: staff with a second factor (TOTP), as production demands,
and a small file of cases, grants and consultations for the admin pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client

from accounts.models import User
from budget_advice.models import BudgetFigures, Meeting, Recommendation
from contacts.models import Municipality
from cooperations.models import Cooperation
from tests import factories


@pytest.fixture(autouse=True)
def _require_2fa(settings: Any) -> None:
    settings.IKZ_REQUIRE_STAFF_2FA = True


def with_totp(user: User) -> User:
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    return user


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def adviser(clara: User) -> Client:
    return logged_in(with_totp(clara))


@pytest.fixture
def budget_adviser(hanna: User) -> Client:
    return logged_in(with_totp(hanna))


@pytest.fixture
def administrator(admin_user: User) -> Client:
    return logged_in(with_totp(admin_user))


@pytest.fixture
def demo_file(
    case_kassel: Cooperation, clara: User, kassel: Municipality, kuenzell: Municipality
) -> dict[str, Any]:
    """One of everything, so every change page has something to show."""
    case_kassel.adviser = clara
    case_kassel.next_step_due = dt.date(2020, 1, 1)
    case_kassel.save()
    factories.ActivityFactory(cooperation=case_kassel)
    factories.MessageFactory(cooperation=case_kassel)
    factories.CaseEventFactory(cooperation=case_kassel, note="Vermerk")
    grant = factories.GrantFactory(cooperation=case_kassel, proof_of_use_due=dt.date(2021, 1, 1))
    factories.DisbursementFactory(grant=grant)
    programme = factories.ProgrammeFactory()
    person = factories.PersonFactory(municipality=kassel)
    org = factories.OrganisationFactory()
    question = factories.FunderQuestionFactory()
    consultation = factories.ConsultationFactory(municipality=kuenzell)
    consultation.advisers.add(clara)
    Meeting.objects.create(consultation=consultation, kind=Meeting.Kind.FIRST, date=consultation.date)
    BudgetFigures.objects.create(
        consultation=consultation, year=2019, tax_rate_property_b=450, debt_per_inhabitant=Decimal("1200")
    )
    Recommendation.objects.create(
        consultation=consultation, area=Recommendation.Area.REVENUE, text="Hebesatz anpassen"
    )
    membership = factories.MembershipFactory(municipality=kassel)
    return {
        "case": case_kassel,
        "grant": grant,
        "programme": programme,
        "person": person,
        "organisation": org,
        "question": question,
        "consultation": consultation,
        "membership": membership,
    }
