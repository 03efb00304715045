"""The demography view in a real browser: the municipal case page and the atlas entry of
a cooperation of three partners, one of which has no figure for the first edition (a
merger). axe without findings, screenshots at 320 and 1280 px for people to look at."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from accounts.models import User
from contacts.models import Municipality, PopulationRecord
from tests.browser.conftest import axe_check, login, screenshot, visit
from tests.factories import CooperationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EDITIONS = (dt.date(2018, 9, 30), dt.date(2021, 12, 31), dt.date(2025, 11, 30))


@pytest.fixture
def bauhof(kassel: Municipality, fulda: Municipality, kuenzell: Municipality) -> Any:
    wesertal = Municipality.objects.create(ags="06633030", name="Wesertal", kind="gemeinde", population=4_713)
    figures = {
        kassel: (199_062, 200_406, 197_230),
        fulda: (68_462, 69_117, 70_136),
        kuenzell: (16_250, 16_416, 16_702),
        wesertal: (None, 5_137, 4_713),
    }
    PopulationRecord.objects.bulk_create(
        PopulationRecord(municipality=m, reference_date=d, population=p)
        for m, values in figures.items()
        for d, p in zip(EDITIONS, values, strict=True)
        if p is not None
    )
    return CooperationFactory(
        title="Gemeinsamer Bauhof Nordhessen",
        lead_municipality=kassel,
        partners=[fulda, kuenzell, wesertal],
        is_published=True,
    )


def test_the_case_page_and_the_atlas_entry_show_the_partners_population(
    page: Any, live_server: Any, anna: User, bauhof: Any
) -> None:
    visit(page, live_server, f"/atlas/{bauhof.pk}/")
    section = page.locator("section.demography")
    assert section.get_by_role(
        "heading", name="Bevölkerungsentwicklung der beteiligten Kommunen"
    ).is_visible()
    assert section.get_by_role(
        "img", name="Bevölkerungsentwicklung der beteiligten Kommunen", exact=False
    ).is_visible()
    table = section.get_by_role("table", name="Einwohnerzahl je Stand und Veränderung")
    assert "−0,9 %" in table.inner_text() and "199.062" in table.inner_text()
    axe_check(page)
    screenshot(page, "demografie-atlas")

    kassel = bauhof.lead_municipality
    visit(
        page,
        live_server,
        f"/atlas/partnersuche/?kreis={kassel.pk}&handlungsfeld={bauhof.field_of_action_id}&sortierung=bevoelkerung",
    )
    assert "Bevölkerungsentwicklung: −0,9 %" in page.locator(".portal-result").first.inner_text()
    axe_check(page)
    screenshot(page, "demografie-partnersuche")

    login(page, live_server, anna)
    visit(page, live_server, f"/vorgaenge/{bauhof.pk}/")
    section = page.locator("section.demography")
    assert section.get_by_role("row", name="zusammen", exact=False).is_visible()
    assert "„–“: Für diesen Stand fehlt die Zahl" in section.inner_text()
    # At 320 px the chart fits the screen: no text smaller than its 12 units shrink to.
    page.set_viewport_size({"width": 320, "height": 900})
    box = section.locator("svg.demography-chart").bounding_box()
    assert box is not None and 250 <= box["width"] <= 320
    axe_check(page)
    screenshot(page, "demografie-vorgang")


def test_the_back_office_municipality_page_shows_its_editions(
    page: Any, live_server: Any, bauhof: Any
) -> None:
    from allauth.mfa.models import Authenticator
    from django.contrib.auth.models import Group

    from accounts import roles
    from accounts.roles import sync_groups

    sync_groups()  # the flush of a transactional test removed the groups
    clara = User.objects.create_user(email="clara@kikz.example", password="geheim-genug-123", is_staff=True)
    clara.groups.set([Group.objects.get(name=roles.KIKZ)])
    Authenticator.objects.create(
        user=clara, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    login(page, live_server, clara)
    kassel = Municipality.objects.get(ags="06611000")
    visit(page, live_server, f"/admin/contacts/municipality/{kassel.pk}/change/")
    field = page.locator(".field-population_editions")
    assert "Bevölkerungsentwicklung von Kassel" in field.inner_text()
    assert "199.062" in field.inner_text() and "−0,9 %" in field.inner_text()
    axe_check(page)
    screenshot(page, "demografie-backoffice")
