"""Savings monitoring in Chromium: the lead municipality reports a year on its case page
(a negative cost is refused in German, the typed figures stay), then the adviser opens
the case in the back office and sees target against actual as a chart and a table,
flagged below target two years running – axe clean, screenshots in test-artifacts/."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from django.utils import timezone

from accounts import roles
from accounts.models import User
from contacts.models import Membership
from cooperations.models import Cooperation
from savings.models import NEGATIVE_COSTS, SavingsReport
from savings.services import savings_report_submit
from tests.browser.conftest import axe_check, login, press, screenshot, visit
from tests.factories import CooperationFactory, GrantFactory, MunicipalityFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_municipality_reports_and_the_adviser_sees_target_against_actual(
    page: Any, live_server: Any, settings: Any
) -> None:
    from django.contrib.auth.models import Group

    from accounts.roles import sync_groups

    settings.IKZ_REQUIRE_STAFF_2FA = True
    sync_groups()  # the flush of a transactional test removed the groups
    year = timezone.localdate().year
    kassel = MunicipalityFactory(name="Kassel", ags="06611000")
    anna = User.objects.create_user(
        email="anna@kassel.example", password="geheim-genug-123", first_name="Anna"
    )
    Membership.objects.create(user=anna, municipality=kassel, status=Membership.Status.CONFIRMED)
    clara = User.objects.create_user(email="clara@kikz.example", password="geheim-genug-123", is_staff=True)
    clara.groups.set([Group.objects.get(name=roles.KIKZ)])
    Authenticator.objects.create(
        user=clara, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    case: Cooperation = CooperationFactory(  # type: ignore[assignment]
        title="Gemeinsamer Bauhof Kassel",
        lead_municipality=kassel,
        partners=[MunicipalityFactory()],
        started_on=dt.date(year - 3, 1, 1),
        planned_duration_years=5,
        expected_savings_pct=Decimal("20"),
        expected_savings_eur=Decimal("40000"),
        adviser=clara,
    )
    GrantFactory(cooperation=case, budget_year=year - 3)
    savings_report_submit(
        case=case,
        year=year - 3,
        baseline_year=year - 4,
        baseline_costs=Decimal("250000"),
        current_costs=Decimal("220000"),
        actor=anna,
    )

    login(page, live_server, anna)
    visit(page, live_server, f"/vorgaenge/{case.pk}/")
    portal_section = page.locator("section[aria-labelledby=einsparungen]")
    assert "12,00 %" in portal_section.inner_text()
    page.get_by_role("link", name=f"Einsparungen für {year - 2} melden").click()
    page.wait_for_load_state()
    assert page.get_by_label("Berichtsjahr", exact=True).input_value() == str(year - 2)
    assert page.get_by_label("Kosten im Basisjahr (€)").input_value() == "250.000,00"
    page.get_by_label("Kosten im Berichtsjahr (€)").fill("-230.000,00")
    page.get_by_label("Erläuterung").fill("Tarifsteigerung im Bauhof")
    press(page, "Bericht senden")

    assert NEGATIVE_COSTS in page.locator(".portal-error-summary").inner_text()
    assert page.get_by_label("Erläuterung").input_value() == "Tarifsteigerung im Bauhof"
    axe_check(page)
    screenshot(page, "savings-report-error")
    page.get_by_label("Kosten im Berichtsjahr (€)").fill("230.000,00")
    press(page, "Bericht senden")

    assert f"Ihr Einsparbericht für {year - 2} ist gespeichert" in page.content()
    assert SavingsReport.objects.get(cooperation=case, year=year - 2).savings_pct == Decimal("8.00")
    section = page.locator("section[aria-labelledby=einsparungen]").inner_text()
    assert "liegen zwei Jahre in Folge unter dem Ziel" in section
    axe_check(page)
    screenshot(page, "savings-case-page")

    page.context.clear_cookies()
    login(page, live_server, clara)
    visit(page, live_server, f"/admin/cooperations/cooperation/{case.pk}/change/#einsparungen")
    section = page.locator("#einsparungen")
    assert section.locator("svg title").text_content() == "Einsparung je Jahr gegenüber dem Ziel von 20,0 %"
    assert "8,00 %" in section.inner_text() and "Zwei Jahre in Folge unter dem Ziel" in section.inner_text()
    axe_check(page)
    screenshot(page, "savings-admin-case")
    visit(page, live_server, "/admin/")
    assert case.reference in page.locator(".ikz-card", has_text="Einsparberichte").inner_text()
    screenshot(page, "savings-admin-start")
