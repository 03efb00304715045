"""Every public page in a real Chromium: axe-core finds no WCAG 2.1 A/AA violation,
the error states included, and screenshots at 320 and 1280 px are kept."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from cooperations.models import FieldOfAction, LegalForm
from funding.models import Eligibility, FundingArea
from tests import factories
from tests.browser.conftest import axe_check, login, press, screenshot, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def content(kassel, fulda, kuenzell) -> dict[str, object]:
    bauhof = FieldOfAction.objects.get(slug="bauhof")
    coop = factories.CooperationFactory(
        title="Gemeinsamer Bauhof Fulda-Künzell",
        description="Zwei Bauhöfe teilen Maschinen, Personal und Winterdienst.",
        lead_municipality=fulda,
        partners=[kuenzell],
        field_of_action=bauhof,
        legal_form=LegalForm.PUBLIC_AGREEMENT,
        started_on=dt.date(2023, 4, 1),
        is_published=True,
        publish_funding=True,
    )
    factories.GrantFactory(
        cooperation=coop, approved_amount=Decimal("75000"), applied_amount=Decimal("80000")
    )
    factories.CooperationFactory(
        title="Standesamt Kassel und Künzell",
        lead_municipality=kassel,
        partners=[kuenzell],
        is_published=True,
    )
    programme = factories.ProgrammeFactory(
        name="Förderung der interkommunalen Zusammenarbeit",
        summary="Zuschüsse für Kommunen, die Aufgaben gemeinsam erledigen.",
        funder="Hessisches Ministerium des Innern",
        rate_pct=Decimal("50"),
        ceiling=Decimal("100000"),
        url="https://example.org/ikz",
        is_ikz=True,
    )
    programme.eligible.set(Eligibility.objects.filter(slug__in=["kommune", "landkreis"]))
    programme.areas.set(FundingArea.objects.filter(slug="interkommunale-zusammenarbeit"))
    factories.PersonFactory(
        first_name="Clara", last_name="Klein", function="Beraterin IKZ", is_public=True, phone="0611 123456"
    )
    return {"coop": coop, "programme": programme, "bauhof": bauhof}


PAGES = [
    ("/", "home"),
    ("/ansprechpartner/", "contacts"),
    ("/barrierefreiheit/", "accessibility"),
    ("/impressum/", "imprint"),
    ("/datenschutz/", "privacy"),
    ("/atlas/", "atlas-list"),
    ("/atlas/partnersuche/", "atlas-partner-search"),
    ("/foerderlotse/", "funding-list"),
    ("/foerderlotse/frage/", "funding-question"),
]


def test_every_public_page_has_no_accessibility_violations(page, live_server, content) -> None:
    # One test for all pages: a live_server test costs a database flush, the pages do not.
    pages = [
        *PAGES,
        (f"/atlas/{content['coop'].pk}/", "atlas-detail"),
        (f"/foerderlotse/programme/{content['programme'].pk}/", "funding-detail"),
    ]
    failures = []
    for path, name in pages:
        visit(page, live_server, path)
        try:
            axe_check(page)
        except AssertionError as error:
            failures.append(str(error))
        screenshot(page, f"public-{name}")
    assert not failures, "\n\n".join(failures)


def test_filtered_lists_and_partner_search_results_are_accessible(
    page, live_server, content, kreis_fulda
) -> None:
    visit(page, live_server, "/atlas/")
    page.get_by_label("Landkreis / kreisfreie Stadt").select_option(label="Landkreis Fulda (06631000)")
    press(page, "Filtern")
    assert page.get_by_text("1 Kooperation gefunden").is_visible()
    axe_check(page)
    visit(
        page, live_server, f"/atlas/partnersuche/?kreis={kreis_fulda.pk}&handlungsfeld={content['bauhof'].pk}"
    )
    assert page.get_by_role("heading", name="Künzell").is_visible()
    axe_check(page)
    screenshot(page, "public-atlas-partner-results")


def test_the_question_form_error_state_is_accessible_and_focuses_the_summary(
    page, live_server, content
) -> None:
    visit(page, live_server, "/foerderlotse/frage/")
    page.get_by_label("Ihr Name").fill("<b>Eva</b>")
    page.get_by_label("Ihre E-Mail-Adresse").fill("eva(at)example")
    press(page, "Frage senden")
    assert page.title().startswith("Fehler: ")
    summary = page.locator("[data-error-summary]")
    assert summary.is_visible()
    assert summary.evaluate("el => el === document.activeElement")
    assert page.get_by_label("Ihr Name").input_value() == "<b>Eva</b>"
    axe_check(page)
    screenshot(page, "public-funding-question-errors")
    # The summary link takes keyboard users to the field.
    summary.get_by_role("link", name="Geben Sie eine E-Mail-Adresse im Format name@beispiel.de ein.").click()
    assert page.get_by_label("Ihre E-Mail-Adresse").evaluate("el => el === document.activeElement")


def test_a_question_can_be_sent_with_the_keyboard_only(page, live_server, content) -> None:
    visit(page, live_server, "/foerderlotse/frage/")
    page.get_by_role("radio", name="Verein").check()
    page.get_by_label("Ihr Name").fill("Turnverein Beispiel")
    page.get_by_label("Ihre E-Mail-Adresse").fill("vorstand@tv-beispiel.de")
    page.get_by_label("Ihre Frage").fill("Welche Programme fördern eine neue Flutlichtanlage?")
    page.get_by_label("Ich bin einverstanden", exact=False).focus()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")  # the privacy link
    page.keyboard.press("Tab")  # the submit button (the honeypot is skipped)
    assert page.get_by_role("button", name="Frage senden").evaluate("el => el === document.activeElement")
    with page.expect_navigation(url="**/frage/gesendet/"):
        page.keyboard.press("Enter")
    assert page.get_by_role("heading", name="Ihre Frage ist angekommen").is_visible()
    axe_check(page)
    screenshot(page, "public-funding-question-sent")


def test_the_feedback_form_error_state_is_accessible(page, live_server, content) -> None:
    visit(page, live_server, "/barrierefreiheit/")
    press(page, "Rückmeldung senden")
    assert page.title().startswith("Fehler: ")
    axe_check(page)
    screenshot(page, "public-accessibility-errors")


def test_the_skip_link_is_the_first_stop_and_jumps_to_the_content(page, live_server, content) -> None:
    visit(page, live_server, "/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Zum Inhalt springen")
    assert skip.evaluate("el => el === document.activeElement")
    assert skip.is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#inhalt"


def test_signed_in_roles_see_their_links_and_pages_stay_accessible(
    page, live_server, content, anna, dieter
) -> None:
    login(page, live_server, anna)
    visit(page, live_server, "/")
    assert page.get_by_role("link", name="Meine Vorgänge").is_visible()
    axe_check(page)
    screenshot(page, "public-home-anna")
    page.context.clear_cookies()
    login(page, live_server, dieter)
    visit(page, live_server, "/atlas/")
    assert page.get_by_role("link", name="Statistik").is_visible()
    assert page.get_by_role("link", name="Meine Vorgänge").count() == 0
    axe_check(page)
