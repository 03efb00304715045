"""Issue #16 part 2 in a real Chromium: the lead municipality computes the cost-sharing
key on its case and downloads the draft; the adviser opens the same key in the back
office, computes a new version and downloads the DOCX. Axe and screenshots on every page
(test-artifacts/agreements-*)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.urls import reverse
from docx import Document

from accounts.models import User
from agreements.models import CostKey
from cooperations.models import Cooperation
from tests.browser.conftest import axe_check, login, press, screenshot, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def look(page: Any, name: str) -> None:
    axe_check(page)
    screenshot(page, f"agreements-{name}")


def test_the_municipality_computes_the_key_and_the_adviser_takes_it_on(
    page: Any,
    browser: Any,
    live_server: Any,
    settings: Any,
    anna: User,
    clara: User,
    case_kassel: Cooperation,
) -> None:
    settings.IKZ_REQUIRE_STAFF_2FA = False  # the second factor has its own tests (tests/backoffice)
    login(page, live_server, anna)
    visit(page, live_server, reverse("cooperations:case-detail", args=[case_kassel.pk]))
    look(page, "case-empty")
    page.get_by_role("link", name="Kostenverteilung berechnen").click()
    page.wait_for_load_state()
    page.get_by_label("zu gleichen Teilen", exact=True).check()
    page.get_by_label("Jährliche Gesamtkosten in Euro").fill("100,00")
    press(page, "Berechnen und als neue Version speichern")
    assert page.get_by_text("Der Schlüssel ist als Version 1 gespeichert.").is_visible()
    look(page, "portal-key")
    # A mistake: percentages that do not add up come back with the German error.
    page.get_by_label("nach vereinbarten Prozentsätzen", exact=True).check()
    page.get_by_label("Kassel (06611000): Einheiten oder Prozent").fill("70")
    page.get_by_label("Künzell (06631016): Einheiten oder Prozent").fill("20")
    press(page, "Berechnen und als neue Version speichern")
    assert page.get_by_role("heading", name="Es gibt ein Problem").is_visible()
    look(page, "portal-key-error")
    assert CostKey.objects.filter(cooperation=case_kassel).count() == 1

    office_context = browser.new_context(
        locale="de-DE", timezone_id="Europe/Berlin", viewport={"width": 1280, "height": 900}
    )
    office = office_context.new_page()
    login(office, live_server, clara)
    visit(office, live_server, reverse("admin:cooperations_cooperation_change", args=[case_kassel.pk]))
    assert office.get_by_role("heading", name="Kostenverteilung und Vereinbarung").is_visible()
    look(office, "office-case")
    # its tab shows the section alone, as every other section of the case page
    office.get_by_role("navigation", name="Abschnitte des Vorgangs").get_by_role(
        "link", name="Kostenverteilung"
    ).click()
    assert office.get_by_role("heading", name="Kostenverteilung und Vereinbarung").is_visible()
    assert not office.get_by_role("heading", name="Beteiligte", exact=True).is_visible()
    office.get_by_role("link", name="Kostenverteilung berechnen, Versionen ansehen").click()
    office.wait_for_load_state()
    office.get_by_label("nach Einwohnerzahl", exact=True).check()
    press(office, "Berechnen und als neue Version speichern")
    assert office.get_by_text("als Version 2 gespeichert").is_visible()
    look(office, "office-key")
    with office.expect_download() as download:
        office.get_by_role("link", name="Entwurf zum Bearbeiten (Word): vereinbarung.docx").click()
    document = Document(io.BytesIO(open(download.value.path(), "rb").read()))  # noqa: SIM115
    text = "\n".join(p.text for p in document.paragraphs)
    assert "keine Rechtsberatung" in text
    assert [r.cells[0].text for r in document.tables[1].rows][1:] == ["Kassel", "Künzell", "Summe"]
    office_context.close()
