"""The knowledge base and the self-check in a real Chromium, with axe and screenshots."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from cooperations.models import LegalForm
from knowledge.models import Entry
from tests.browser.conftest import axe_check, press, screenshot, visit
from tests.knowledge.conftest import make_entry, pdf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_browse_filter_open_and_the_self_check(page: Any, live_server: Any) -> None:
    make_entry(title="Leitfaden Interkommunale Zusammenarbeit", upload=pdf())
    make_entry(
        title="Muster: Verbandssatzung eines Zweckverbands",
        kind=Entry.Kind.MODEL_AGREEMENT,
        legal_forms=[LegalForm.ZWECKVERBAND],
        upload=pdf("satzung.pdf"),
    )
    make_entry(
        title="Checkliste Interkommunale Zusammenarbeit", kind=Entry.Kind.CHECKLIST, upload=pdf("check.pdf")
    )

    visit(page, live_server, "/")
    with page.expect_navigation():
        page.get_by_role(
            "link", name="Wissen und Arbeitshilfen: Leitfäden, Mustervereinbarungen, Checklisten"
        ).click()
    axe_check(page)
    screenshot(page, "knowledge-list")
    page.get_by_label("Rechtsform").select_option(label="Zweckverband")
    press(page, "Filtern")
    assert page.locator(".portal-result").count() == 1
    page.get_by_role("link", name="Muster: Verbandssatzung eines Zweckverbands").click()
    page.wait_for_load_state()
    axe_check(page)
    screenshot(page, "knowledge-detail")

    visit(page, live_server, reverse("knowledge:selfcheck"))
    axe_check(page)
    press(page, "Ergebnis ansehen")
    assert "Es gibt ein Problem" in page.content()
    axe_check(page)
    page.locator("#id_q1_fields_0").check()
    for n in range(2, 8):
        page.locator(f"#id_q{n}_0").check()
    page.get_by_label("Anmerkung zu Frage 3").fill("Standesamt mit Nachbarn")
    press(page, "Ergebnis ansehen")
    assert "Ergebnis Ihres Selbstchecks" in page.content()
    assert page.get_by_role("button", name="Ergebnis drucken").is_visible()
    axe_check(page)
    screenshot(page, "knowledge-selfcheck-result")
    page.emulate_media(media="print")
    assert not page.get_by_role("navigation", name="Hauptnavigation").is_visible()
    page.emulate_media(media="screen")
