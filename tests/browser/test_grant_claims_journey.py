"""The grant from the municipality's side, in Chromium against a real SMTP server:
Kassel (lead) asks for too much, reads the German error with its text kept, requests
25.000,00 € with an invoice; the adviser finds it on the start page, opens the invoice
through the audited download and approves; Kassel gets the mail and sees the payment.
Then Kassel submits the proof of use, the adviser returns it with a reason. Every page
checked with axe and screenshot (test-artifacts/grant-claims-*)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from accounts.models import User
from contacts.models import Municipality
from cooperations.models import Cooperation
from funding.models import ClaimStatus, Disbursement, Grant, PaymentRequest, ProofOfUse
from tests.browser.conftest import axe_check, login, press, screenshot, visit
from tests.browser.wizard import PDF
from tests.factories import CooperationFactory, GrantFactory
from tests.smtp import Inbox, smtp_server

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def smtp(settings: Any) -> Iterator[Inbox]:
    with smtp_server() as inbox:
        settings.MAILERS = {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": inbox.port, "timeout": 5},
            }
        }
        yield inbox


def look(page: Any, name: str) -> None:
    axe_check(page)
    screenshot(page, f"grant-claims-{name}")


def test_kassel_requests_money_the_adviser_pays_and_returns_the_proof_of_use(
    page: Any,
    browser: Any,
    live_server: Any,
    smtp: Inbox,
    settings: Any,
    tmp_path: Any,
    anna: User,
    clara: User,
    kassel: Municipality,
    kuenzell: Municipality,
) -> None:
    settings.IKZ_REQUIRE_STAFF_2FA = False  # the second factor has its own tests (tests/backoffice)
    case: Cooperation = CooperationFactory(  # type: ignore[assignment]
        title="Gemeinsamer Bauhof Kassel", lead_municipality=kassel, partners=[kuenzell], adviser=clara
    )
    grant: Grant = GrantFactory(  # type: ignore[assignment]
        cooperation=case,
        applied_amount=Decimal("60000"),
        approved_amount=Decimal("60000"),
        file_number="IKZ 2026/017",
        proof_of_use_due=dt.date(2027, 6, 30),
    )

    # Kassel sees its grant and asks for more than was approved.
    login(page, live_server, anna)
    visit(page, live_server, reverse("cooperations:case-detail", args=[case.pk]))
    grant_box = page.locator(".portal-grant")
    assert "60.000,00 €" in grant_box.inner_text() and "30.06.2027" in grant_box.inner_text()
    look(page, "1-case-page")
    page.get_by_role("link", name="Mittel abrufen").click()
    page.wait_for_load_state()
    page.get_by_label("Betrag (€)").fill("60.000,01")
    page.get_by_label("Verwendungszweck").fill("Rechnung der Machbarkeitsstudie")
    press(page, "Mittelabruf einreichen")
    assert "Sie können höchstens 60.000,00 € abrufen" in page.content()
    assert page.get_by_label("Verwendungszweck").input_value() == "Rechnung der Machbarkeitsstudie"
    look(page, "2-request-error")

    invoice = tmp_path / "Rechnung-Studie.pdf"
    invoice.write_bytes(PDF)
    page.get_by_label("Betrag (€)").fill("25.000,00")
    page.get_by_label("Anhänge").set_input_files(str(invoice))
    press(page, "Mittelabruf einreichen")
    assert "Ihr Mittelabruf über 25.000,00 € ist eingegangen." in page.content()
    request = PaymentRequest.objects.get()
    smtp.wait_for("clara@kikz.hessen.de", "Mittelabruf eingegangen")
    look(page, "3-request-sent")

    # The adviser finds it on the start page, opens the invoice and approves.
    office = browser.new_context(locale="de-DE", timezone_id="Europe/Berlin").new_page()
    login(office, live_server, clara)
    visit(office, live_server, reverse("admin:index"))
    card = office.locator(".ikz-card", has_text="Mittelabrufe und Verwendungsnachweise prüfen")
    assert case.reference in card.inner_text()
    look(office, "4-start-page")
    with office.expect_navigation(wait_until="load"):
        card.get_by_role("link", name=re.compile(f"Mittelabruf {case.reference}")).click()
    look(office, "5-decide")
    with office.expect_download() as download:
        office.get_by_role("link", name="Rechnung-Studie.pdf").click()
    assert download.value.path().read_bytes() == PDF
    office.get_by_label("annehmen").check()
    office.get_by_label("Auszahlung am").fill("10.12.2026")
    with office.expect_navigation(wait_until="load"):
        office.get_by_role("button", name="Entscheidung speichern").click()
    assert "25.000,00 € sind als Auszahlung gebucht" in office.content()
    request.refresh_from_db()
    assert request.status == ClaimStatus.APPROVED
    assert Disbursement.objects.get(grant=grant).date == dt.date(2026, 12, 10)
    look(office, "6-grant-page")
    smtp.wait_for("anna@kassel.de", "angenommen")

    # Kassel sees the payment and submits the proof of use.
    visit(page, live_server, reverse("cooperations:case-detail", args=[case.pk]))
    box = page.locator(".portal-grant").inner_text()
    assert "25.000,00 €" in box and "35.000,00 €" in box and "angenommen" in box
    page.get_by_role("link", name="Verwendungsnachweis einreichen").click()
    page.wait_for_load_state()
    page.get_by_label("Sachbericht").fill("Der Bauhof arbeitet seit Juli gemeinsam; die Studie liegt bei.")
    page.get_by_label("Gesamtausgaben (€)").fill("30.000,00")
    page.get_by_label("davon aus der Zuwendung (€)").fill("25.000,00")
    look(page, "7-proof-form")
    press(page, "Verwendungsnachweis einreichen")
    assert "Ihr Verwendungsnachweis ist eingegangen." in page.content()
    proof = ProofOfUse.objects.get()

    # The adviser finds it in the Eingang and returns it with a reason; Kassel is told by mail.
    visit(office, live_server, reverse("admin:cooperations_cooperation_triage"))
    queue = office.locator("section", has_text="Mittelabrufe und Verwendungsnachweise (1)")
    assert case.reference in queue.inner_text() and "davon Zuwendung 25.000,00 €" in queue.inner_text()
    look(office, "8-eingang")
    with office.expect_navigation(wait_until="load"):
        queue.get_by_role("link", name="Verwendungsnachweis prüfen").click()
    assert office.url.endswith(reverse("admin:funding_proofofuse_decide", args=[proof.pk]))
    office.get_by_label("zurückgeben").check()
    with office.expect_navigation(wait_until="load"):
        office.get_by_role("button", name="Entscheidung speichern").click()
    assert "Bitte geben Sie an, warum" in office.content()
    look(office, "9-return-error")
    office.get_by_label("Grund der Rückgabe").fill("Bitte die Belegliste der Ausgaben anhängen.")
    with office.expect_navigation(wait_until="load"):
        office.get_by_role("button", name="Entscheidung speichern").click()
    mail = smtp.wait_for("anna@kassel.de", "zurückgegeben")
    assert mail is not None
    visit(page, live_server, reverse("cooperations:case-detail", args=[case.pk]))
    assert "Bitte die Belegliste der Ausgaben anhängen." in page.content()
    look(page, "10-case-page-returned")
