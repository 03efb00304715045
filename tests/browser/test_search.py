"""The search in a real browser, typed as people type: the atlas shows the case behind
„Bauhoefe“ first, the back office's case list finds a case by a word and a misspelt
municipality („Bauhof Kasel“); both result pages pass axe under the CSP."""

from __future__ import annotations

from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client

from accounts import roles
from accounts.models import User
from tests.browser.conftest import axe_check, login, screenshot, visit
from tests.search.world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(settings: Any) -> None:
    settings.IKZ_REQUIRE_STAFF_2FA = True
    build_world()
    # The process's first request imports every view and compiles the page's templates:
    # on a busy machine (2 cores, several test runs) longer than the browser's page timeout.
    Client().get("/atlas/")


def test_the_atlas_shows_the_case_of_a_word_form_typed_without_umlaut(
    page: Any, live_server: Any, world: None
) -> None:
    visit(page, live_server, "/atlas/")
    page.get_by_label("Suchbegriff").fill("Bauhoefe")
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("button", name="Filtern").click()
    titles = page.locator("main h3").all_inner_texts()
    assert titles[0] == "Maschinenring der Bauhöfe"
    assert "Gemeinsamer Bauhof Kassel-Land" in titles  # „Bauhöfe“ in its description
    assert "Bauhof-Kooperation (Entwurf)" not in titles  # not published
    axe_check(page)
    screenshot(page, "search-atlas")


def test_the_case_list_finds_a_case_by_a_word_and_a_misspelt_municipality(
    page: Any, live_server: Any, world: None
) -> None:
    from django.contrib.auth.models import Group

    from accounts.roles import sync_groups

    sync_groups()  # the flush of a transactional test removed the groups
    clara = User.objects.create_user(email="clara@kikz.example", password="geheim-genug-123", is_staff=True)
    clara.groups.set([Group.objects.get(name=roles.KIKZ)])
    Authenticator.objects.create(
        user=clara, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    login(page, live_server, clara)
    visit(page, live_server, "/admin/cooperations/cooperation/")
    page.locator("#searchbar").fill("Bauhof Kasel")
    with page.expect_navigation(wait_until="load"):
        page.locator("#searchbar").press("Enter")
    rows = page.locator("#result_list tbody tr").all_inner_texts()
    assert len(rows) == 1 and "Bauhof-Kooperation (Entwurf)" in rows[0]
    axe_check(page)
    screenshot(page, "search-case-list")
