"""Every page of the municipal portal, including each wizard step's error state,
passes axe-core (WCAG 2.1 AA) in a real Chromium; screenshots at 320 and 1280 px
land in test-artifacts/ so a person can look."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from contacts.models import Municipality
from cooperations.models import Cooperation, FieldOfAction, InquiryDraft
from cooperations.services import document_add, message_send
from tests.browser.conftest import axe_check, login, press, screenshot, visit
from tests.factories import CooperationFactory
from tests.portal.conftest import pdf_upload

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def ensure_fields() -> None:
    # transactional_db flushes the rows of data migrations; the wizard needs some fields.
    for i, name in enumerate(("Bauhof", "Allgemeine Verwaltung", "IT, IT-Sicherheit, E-Government")):
        FieldOfAction.objects.get_or_create(name=name, defaults={"slug": f"feld-{i}", "position": -10 + i})


def check(page: Any, name: str, *, errors: bool = False) -> None:
    if errors:
        summary = page.locator("[data-error-summary]")
        assert summary.count() >= 1, f"{name}: keine Fehlerübersicht"
        assert page.title().startswith("Fehler: "), page.title()
        # The summary gets the focus, so a screen reader announces it first.
        assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    axe_check(page)
    screenshot(page, f"portal-{name}")


def submit(page: Any, label: str = "Weiter") -> None:
    press(page, label)


def test_the_municipal_pages_have_no_accessibility_violations(
    page: Any, live_server: Any, anna: User, kassel: Municipality, fulda: Municipality, clara: User
) -> None:
    ensure_fields()
    case = CooperationFactory(
        title="Gemeinsamer Bauhof Kassel",
        lead_municipality=kassel,
        partners=[fulda],
        field_of_action=FieldOfAction.objects.first(),
        description="Zwei Bauhöfe werden einer.",
    )
    for _i in range(3):
        CooperationFactory(lead_municipality=kassel, field_of_action=FieldOfAction.objects.first())
    message_send(case=case, author=anna, body="Wann passt ein Gespräch?")
    message_send(case=case, author=clara, body="Am Dienstag um 10 Uhr.")
    document_add(case=case, upload=pdf_upload("Ratsbeschluss.pdf"), actor=anna)
    login(page, live_server, anna)

    visit(page, live_server, reverse("cooperations:my-cases"))
    check(page, "my-cases")
    visit(page, live_server, reverse("cooperations:case-detail", args=[case.pk]))
    check(page, "case-detail")
    page.locator("#id_body").fill("")
    submit(page, "Nachricht senden")
    check(page, "case-detail-message-error", errors=True)

    # The wizard: each step empty first (error state), then answered.
    visit(page, live_server, reverse("cooperations:inquiry-start"))
    check(page, "inquiry-start")
    submit(page, "Anfrage beginnen")
    draft = InquiryDraft.objects.get(user=anna)
    draft.data = {"done": []}  # start without the pre-selection, to see the error state
    draft.save()
    page.reload()
    submit(page)
    check(page, "step-kommune-error", errors=True)
    page.get_by_label("Kassel").check()
    submit(page)
    check(page, "step-partner")
    page.get_by_label("Partnerkommune suchen").fill("06999999")
    submit(page, "Suchen")
    check(page, "step-partner-search-error", errors=True)
    submit(page)
    check(page, "step-partner-error", errors=True)
    page.get_by_label("Partnerkommune suchen").fill("Fulda")
    submit(page, "Suchen")
    page.get_by_label("Fulda (AGS 06631009)", exact=True).check()
    submit(page)
    submit(page)
    check(page, "step-handlungsfelder-error", errors=True)
    page.get_by_label("Bauhof").check()
    submit(page)
    submit(page)
    check(page, "step-stufe-error", errors=True)
    page.get_by_label("Austausch").check()
    submit(page)
    page.get_by_label("Titel des Vorhabens").fill("T" * 201)
    submit(page)
    check(page, "step-beschreibung-error", errors=True)
    page.get_by_label("Titel des Vorhabens").fill("Gemeinsamer Bauhof")
    page.get_by_label("Kurze Beschreibung").fill("Zwei Bauhöfe werden einer.")
    submit(page)
    page.locator("#id_q1_fields_0").uncheck()
    submit(page)
    check(page, "step-checkliste-error", errors=True)
    page.locator("#id_q1_fields_0").check()
    for n in range(2, 8):
        page.locator(f"#id_q{n}_0").check()
    submit(page)
    page.get_by_label("Datei hinzufügen").set_input_files(
        {"name": "programm.pdf", "mimeType": "application/pdf", "buffer": b"MZ\x90\x00" + b"\x00" * 64}
    )
    submit(page, "Datei hochladen")
    check(page, "step-anhaenge-error", errors=True)
    submit(page)
    check(page, "review")
    submit(page, "Anfrage absenden")
    check(page, "done")
    assert Cooperation.objects.filter(title="Gemeinsamer Bauhof").count() == 1

    visit(page, live_server, reverse("budget_advice:request"))
    check(page, "budget")
    past = timezone.localdate() - dt.timedelta(days=3)
    page.get_by_role("group", name="Frühester möglicher Termin").get_by_label("Tag").fill(str(past.day))
    page.get_by_label("Monat").fill(str(past.month))
    page.get_by_label("Jahr").fill(str(past.year))
    submit(page, "Beratung anfragen")
    check(page, "budget-error", errors=True)

    visit(page, live_server, reverse("accounts:memberships"))
    check(page, "memberships")
    submit(page, "Bestätigung anfragen")
    check(page, "memberships-error", errors=True)
    for name in ("mfa_index", "account_email", "account_change_password", "usersessions_list"):
        visit(page, live_server, reverse(name))
        check(page, f"account-{name}")


def test_the_account_pages_have_no_accessibility_violations(page: Any, live_server: Any) -> None:
    visit(page, live_server, reverse("account_signup"))
    check(page, "signup")
    page.get_by_label("E-Mail-Adresse").fill("kein-at-zeichen")
    submit(page, "Registrieren")
    check(page, "signup-error", errors=True)
    visit(page, live_server, reverse("account_login"))
    check(page, "login")
    page.get_by_label("E-Mail-Adresse").fill("niemand@example.org")
    page.get_by_label("Passwort").fill("falsch-falsch")
    submit(page, "Anmelden")
    check(page, "login-error", errors=True)
    visit(page, live_server, reverse("account_reset_password"))
    check(page, "password-reset")
    # The e-mail code page after a sign-up, and its error state.
    visit(page, live_server, reverse("account_signup"))
    page.get_by_label("Vorname").fill("Nina")
    page.get_by_label("Nachname").fill("Neu")
    page.get_by_label("E-Mail-Adresse").fill("neu@kuenzell.de")
    page.get_by_label("Passwort", exact=True).fill("Kooperation-2026-sicher")
    page.get_by_label("Passwort (Wiederholung)").fill("Kooperation-2026-sicher")
    submit(page, "Registrieren")
    check(page, "email-code")
    page.get_by_label("Code").fill("AAAA-AAAA")
    submit(page, "Bestätigen")
    check(page, "email-code-error", errors=True)
