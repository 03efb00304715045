"""The map, a cooperation's small map, the open-data page and the API documentation in a
real Chromium under the enforced CSP: axe finds no WCAG 2.1 A/AA violation, and the
screenshots at 320 and 1280 px are kept for people to look at (test-artifacts/)."""

from __future__ import annotations

import pytest

from cooperations.models import FieldOfAction
from demo.seed.boundaries import load_demo_boundaries
from tests import factories
from tests.browser.conftest import axe_check, screenshot, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def content(kassel, fulda, kuenzell) -> dict[str, object]:
    load_demo_boundaries()
    bauhof = FieldOfAction.objects.get(slug="bauhof")
    coop = factories.CooperationFactory(
        title="Gemeinsamer Bauhof Fulda-Künzell",
        lead_municipality=fulda,
        partners=[kuenzell],
        field_of_action=bauhof,
        is_published=True,
    )
    factories.CooperationFactory(
        title="Standesamt Kassel und Künzell",
        lead_municipality=kassel,
        partners=[kuenzell],
        is_published=True,
    )
    return {"coop": coop, "bauhof": bauhof}


def test_the_map_is_accessible_and_its_areas_are_links_a_keyboard_reaches(live_server, page, content) -> None:
    visit(page, live_server, "/atlas/karte/")
    assert page.get_by_role("heading", name="Karte der Kooperationen").is_visible()
    axe_check(page)
    screenshot(page, "atlas-karte")
    # The area's <title> is the link's accessible name.
    kuenzell = page.get_by_role("link", name="Künzell: 2 Kooperationen")
    assert "kommune=06631016" in (kuenzell.get_attribute("href") or "")
    kuenzell.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "kommune=06631016" in page.url
    assert page.get_by_text("2 Kooperationen gefunden").is_visible()


def test_the_filtered_map_and_a_cooperations_small_map(live_server, page, content) -> None:
    visit(page, live_server, f"/atlas/karte/?handlungsfeld={content['bauhof'].pk}")
    assert page.get_by_role("link", name="Kassel: keine Kooperation").count() == 1
    axe_check(page)
    visit(page, live_server, f"/atlas/{content['coop'].pk}/")
    assert page.get_by_role("heading", name="Lage der beteiligten Kommunen").is_visible()
    axe_check(page)
    screenshot(page, "atlas-kooperation-karte")


def test_the_open_data_page_and_the_api_documentation(live_server, page, content) -> None:
    visit(page, live_server, "/opendata/")
    axe_check(page)
    screenshot(page, "offene-daten")
    # Swagger UI from the sidecar package, under the portal's CSP: no console error (the
    # page fixture fails the test on one), and the endpoints are listed.
    visit(page, live_server, "/api/v1/docs/")
    page.wait_for_selector(".opblock")
    assert page.locator(".opblock").count() == 9
    assert page.get_by_text("/api/v1/kooperationen/", exact=True).first.is_visible()
