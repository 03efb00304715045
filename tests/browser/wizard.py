"""The inquiry wizard filled in as a municipal user would: Kassel with Fulda and Künzell,
the field Bauhof, a sketch as PDF – shared by the journeys that start with an inquiry."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.browser.conftest import press

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
TITLE = "Gemeinsamer Bauhof Nordhessen"


def fill_the_inquiry(page: Any, *, look: Callable[[Any, str], None] = lambda page, name: None) -> None:
    """From „Anfrage beginnen“ to the review page (the page is on the wizard's start);
    `look(page, name)` runs on the partner step and on the review."""
    press(page, "Anfrage beginnen")
    page.get_by_label("Kassel").check()
    press(page, "Weiter")
    for term, label in (("Fulda", "Fulda (AGS 06631009)"), ("Künzell", "Künzell (AGS 06631016)")):
        page.get_by_label("Partnerkommune suchen").fill(term)
        press(page, "Suchen")
        page.get_by_label(label, exact=True).check()
    look(page, "partner")
    press(page, "Weiter")
    page.get_by_label("Bauhof").check()
    press(page, "Weiter")
    page.get_by_label("Austausch").check()
    press(page, "Weiter")
    page.get_by_label("Titel des Vorhabens").fill(TITLE)
    page.get_by_label("Kurze Beschreibung").fill("Drei Bauhöfe teilen Fahrzeuge und Personal.")
    press(page, "Weiter")
    page.locator("#id_q1_fields_0").check()
    for n in range(2, 8):
        page.locator(f"#id_q{n}_0").check()
    press(page, "Weiter")
    page.get_by_label("Datei hinzufügen").set_input_files(
        {"name": "Skizze.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    press(page, "Weiter")
    look(page, "review")
