"""The back office in a real browser: the pages advisers use all day pass axe,
load under the enforced CSP, and a status change works by keyboard and click."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from django.utils import timezone

from accounts import roles
from accounts.models import User
from budget_advice.models import BudgetFigures, Meeting
from cooperations.models import Cooperation, Status
from tests.browser.conftest import axe_check, login, press, screenshot, visit
from tests.factories import (
    ConsultationFactory,
    CooperationFactory,
    FunderQuestionFactory,
    GrantFactory,
    MunicipalityFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def staff(email: str, group: str) -> User:
    from django.contrib.auth.models import Group

    user = User.objects.create_user(
        email=email, password="geheim-genug-123", is_staff=True, first_name="Clara"
    )
    user.groups.set([Group.objects.get(name=group)])
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    return user


@pytest.fixture
def desk(settings: Any) -> dict[str, Any]:
    from accounts.roles import sync_groups

    settings.IKZ_REQUIRE_STAFF_2FA = True
    sync_groups()  # the flush of a transactional test removed the groups
    clara = staff("clara@kikz.example", roles.KIKZ)
    hanna = staff("hanna@lbwv.example", roles.BUDGET)
    case = CooperationFactory(
        title="Gemeinsamer Bauhof",
        partners=[MunicipalityFactory(), MunicipalityFactory()],
        adviser=clara,
        next_step_due=dt.date(2020, 1, 1),
        next_step="Gremienbeschlüsse einholen",
    )
    Cooperation.objects.filter(pk=case.pk).update(status=Status.IN_CONSULTATION)
    GrantFactory(cooperation=case, proof_of_use_due=dt.date(2021, 1, 1))
    CooperationFactory(title="Neue Anfrage Standesamt")
    FunderQuestionFactory()
    consultation = ConsultationFactory(date=timezone.localdate())
    Meeting.objects.create(consultation=consultation, kind=Meeting.Kind.FIRST, date=timezone.localdate())
    BudgetFigures.objects.create(
        consultation=consultation, year=2025, tax_rate_property_b=500, debt_per_inhabitant=Decimal("1500")
    )
    return {"clara": clara, "hanna": hanna, "case": case, "consultation": consultation}


def test_the_advisers_pages_pass_axe_under_the_csp(page: Any, live_server: Any, desk: dict[str, Any]) -> None:
    login(page, live_server, desk["clara"])
    case = desk["case"]
    for name, path in [
        ("backoffice-start", "/admin/"),
        ("backoffice-cases", "/admin/cooperations/cooperation/"),
        ("backoffice-case", f"/admin/cooperations/cooperation/{case.pk}/change/"),
        ("backoffice-triage", "/admin/cooperations/cooperation/eingang/"),
        ("backoffice-grant-proposal", f"/admin/funding/grant/add/?cooperation={case.pk}"),
    ]:
        visit(page, live_server, path)
        axe_check(page)
        screenshot(page, name)
    visit(page, live_server, "/admin/")
    assert page.get_by_text("Gremienbeschlüsse einholen").is_visible()


def test_a_budget_adviser_sees_the_comparison_sheet(
    page: Any, live_server: Any, desk: dict[str, Any]
) -> None:
    login(page, live_server, desk["hanna"])
    visit(page, live_server, f"/admin/budget_advice/consultation/{desk['consultation'].pk}/change/")
    assert page.get_by_text("Vergleichsbogen").first.is_visible()
    axe_check(page)
    screenshot(page, "backoffice-consultation")


def test_an_adviser_puts_a_case_to_rest_with_a_reason(
    page: Any, live_server: Any, desk: dict[str, Any]
) -> None:
    login(page, live_server, desk["clara"])
    case = desk["case"]
    visit(page, live_server, f"/admin/cooperations/cooperation/{case.pk}/change/")
    page.get_by_label("Begründung").nth(2).fill("Kommunalwahl abwarten")
    press(page, "Status „ruhend“ setzen")
    assert page.url.endswith(f"/cooperation/{case.pk}/change/")
    assert page.get_by_role("heading", name="Status: ruhend").is_visible()
    case.refresh_from_db()
    assert case.status == Status.DORMANT


def test_staff_without_a_second_factor_land_on_the_totp_setup(
    page: Any, live_server: Any, desk: dict[str, Any]
) -> None:
    Authenticator.objects.filter(user=desk["clara"]).delete()
    login(page, live_server, desk["clara"])
    page.goto(live_server.url + "/admin/")
    assert "/konto/2fa/totp/activate/" in page.url or "/konto/reauthenticate/" in page.url
