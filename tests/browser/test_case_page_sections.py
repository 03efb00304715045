"""The adviser's case page, history page and Eingang in Chromium (issue #14): sections
that show one at a time without JavaScript logic of their own, one German time-zone
note however many date fields, axe on every page, screenshots at 320 and 1280 px."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from allauth.mfa.models import Authenticator

from accounts import roles
from accounts.models import User
from contacts.models import Membership
from cooperations.models import Cooperation, Status
from cooperations.services import document_add
from tests.browser.conftest import axe_check, login, screenshot, visit
from tests.factories import (
    ActivityFactory,
    CooperationFactory,
    GrantFactory,
    MunicipalityFactory,
    UserFactory,
)
from tests.portal.conftest import pdf_upload

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SECTIONS = ["ueberblick", "beteiligte", "aktivitaeten", "foerderung", "dokumente", "nachrichten", "verlauf"]


@pytest.fixture
def adviser_case(settings: Any) -> dict[str, Any]:
    from django.contrib.auth.models import Group

    from accounts.roles import sync_groups

    settings.IKZ_REQUIRE_STAFF_2FA = True
    sync_groups()
    clara = User.objects.create_user(
        email="clara@kikz.example",
        password="geheim-genug-123",
        is_staff=True,
        first_name="Clara",
        last_name="Klein",
    )
    clara.groups.set([Group.objects.get(name=roles.KIKZ)])
    Authenticator.objects.create(
        user=clara, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    case = CooperationFactory(
        title="Gemeinsamer Bauhof der Gemeinden am Edersee mit einem sehr langen Titel",
        partners=[MunicipalityFactory(), MunicipalityFactory()],
        adviser=clara,
        next_step_due=dt.date(2027, 1, 15),
        next_step="Gremienbeschlüsse einholen",
    )
    Cooperation.objects.filter(pk=case.pk).update(status=Status.IN_CONSULTATION)
    for _ in range(3):
        ActivityFactory(cooperation=case)
    GrantFactory(cooperation=case)
    document_add(case=case, upload=pdf_upload("Ratsbeschluss.pdf"), actor=clara)
    waiting = UserFactory(email="neu@gemeinde.example", first_name="Nora", last_name="Neu")
    Membership.objects.create(
        user=waiting, municipality=case.lead_municipality, status=Membership.Status.REQUESTED
    )
    return {"clara": clara, "case": case}


def test_the_case_page_shows_one_section_per_link(
    page: Any, live_server: Any, adviser_case: dict[str, Any]
) -> None:
    login(page, live_server, adviser_case["clara"])
    case = adviser_case["case"]
    path = f"/admin/cooperations/cooperation/{case.pk}/change/"
    visit(page, live_server, path)
    for anchor in SECTIONS:
        assert page.locator(f"#{anchor}").is_visible()
    axe_check(page)
    screenshot(page, "backoffice-case-sections")
    title = page.locator("#id_title").bounding_box()
    assert title is not None and title["width"] >= 500  # a wide title field at 1280 px

    page.get_by_role("link", name="Förderung", exact=True).click()
    page.wait_for_url("**#foerderung")
    assert page.locator("#foerderung").is_visible()
    assert not page.locator("#aktivitaeten").is_visible()
    assert page.get_by_role("link", name="Fallakte als PDF öffnen").is_visible()
    screenshot(page, "backoffice-case-foerderung")
    page.get_by_role("link", name="Dokumente", exact=True).click()
    page.wait_for_url("**#dokumente")
    link = page.get_by_role("link", name="Ratsbeschluss.pdf")
    assert "/datei/" in (link.get_attribute("href") or "")


def test_the_history_and_the_eingang_pass_axe(
    page: Any, live_server: Any, adviser_case: dict[str, Any]
) -> None:
    login(page, live_server, adviser_case["clara"])
    case = adviser_case["case"]
    visit(page, live_server, f"/admin/cooperations/cooperation/{case.pk}/history/")
    assert page.locator("h1").inner_text().startswith("Verlauf:")
    axe_check(page)
    screenshot(page, "backoffice-history")
    visit(page, live_server, "/admin/cooperations/cooperation/eingang/")
    assert page.get_by_text("Zugänge zu Kommunen bestätigen (1)").is_visible()
    axe_check(page)
    screenshot(page, "backoffice-triage-memberships")


def test_an_english_browser_in_new_york_gets_one_german_time_note(
    browser: Any, live_server: Any, adviser_case: dict[str, Any]
) -> None:
    context = browser.new_context(
        locale="en-US", timezone_id="America/New_York", viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    try:
        login(page, live_server, adviser_case["clara"])
        visit(page, live_server, f"/admin/cooperations/cooperation/{adviser_case['case'].pk}/change/")
        page.wait_for_load_state("load")
        notes = page.locator(".timezonewarning")
        assert page.locator("input.vDateField").count() > 3
        assert notes.count() <= 1
        if notes.count():
            assert notes.first.inner_text().startswith("Hinweis: Uhrzeiten gelten in der Zeitzone")
        body = page.locator("body").inner_text()
        for english in ("Change Kooperation", "LOG OUT", "Log out", "Save and continue"):
            assert english not in body, english
    finally:
        context.close()
