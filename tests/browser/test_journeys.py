"""A working day per role, across the role boundaries, in a real Chromium against a
real SMTP server on loopback (issue 14): what one role creates, the next one opens.

1. A municipality submits an inquiry with an attachment; the adviser takes it over in
   the Eingang, opens the attachment, answers, records a grant and a payment on the
   grant page; the municipality reads the answer and sees the money.
2. Anyone asks the Förderlotse from a programme page; the adviser answers on the
   question's page; the answer reaches the asker by mail.
3. The ministry orders the annual PDF and finds the dashboard's figures and charts in it.

Every page a role sees is checked with axe and screenshot at 320 and 1280 px
(test-artifacts/journey-*)."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from accounts.models import User
from contacts.models import Municipality
from cooperations.models import Cooperation, FieldOfAction
from funding.models import FunderLevel, FunderQuestion, Grant, Programme
from tests.browser.conftest import axe_check, login, press, screenshot, visit
from tests.browser.wizard import PDF, fill_the_inquiry
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
    """What a person would check on every page: no axe violation, and a picture of it."""
    axe_check(page)
    screenshot(page, f"journey-{name}")


def as_user(browser: Any, live_server: Any, user: User) -> Any:
    context = browser.new_context(
        locale="de-DE", timezone_id="Europe/Berlin", viewport={"width": 1280, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    login(page, live_server, user)
    return page


def test_a_municipality_asks_the_adviser_answers_and_pays_the_municipality_sees_it(
    page: Any,
    browser: Any,
    live_server: Any,
    smtp: Inbox,
    settings: Any,
    anna: User,
    clara: User,
    kassel: Municipality,
    fulda: Municipality,
    kuenzell: Municipality,
) -> None:
    settings.IKZ_REQUIRE_STAFF_2FA = False  # the second factor has its own tests (tests/backoffice)
    FieldOfAction.objects.get_or_create(name="Bauhof", defaults={"slug": "bauhof"})
    Programme.objects.create(name="IKZ-Förderung Hessen", funder_level=FunderLevel.LAND)

    # Morning, Kassel: an inquiry with two partners and a sketch as PDF.
    login(page, live_server, anna)
    visit(page, live_server, reverse("cooperations:inquiry-start"))
    fill_the_inquiry(page, look=lambda page, name: look(page, f"1-{name}"))
    press(page, "Anfrage absenden")
    case = Cooperation.objects.get(title="Gemeinsamer Bauhof Nordhessen")
    smtp.wait_for("clara@kikz.hessen.de", case.reference)

    # The adviser finds it in the Eingang and takes it over.
    office = as_user(browser, live_server, clara)
    visit(office, live_server, reverse("admin:cooperations_cooperation_triage"))
    assert case.reference in office.content()
    look(office, "1-eingang")
    with office.expect_navigation(wait_until="load"):
        office.get_by_role("button", name=f"Übernehmen {case.reference}").click()
    assert f"Sie bearbeiten jetzt {case.reference}" in office.content()
    case.refresh_from_db()
    assert case.adviser == clara
    visit(office, live_server, reverse("admin:cooperations_cooperation_change", args=[case.pk]))
    look(office, "1-case-page")

    # … opens the municipality's attachment (the checked, audited download) …
    with office.expect_download() as download:
        office.get_by_role("link", name=re.compile("Skizze.pdf")).first.click()
    assert download.value.path().read_bytes() == PDF

    # … answers …
    office.get_by_label("Nachricht an die Kommune").fill("Gern beraten wir Sie am Dienstag im Rathaus.")
    with office.expect_navigation(wait_until="load"):
        office.get_by_role("button", name="Nachricht senden").click()
    assert "Die Antwort an Kassel ist gespeichert" in office.content()
    smtp.wait_for("anna@kassel.de", "Neue Nachricht")

    # … records the grant on the grant page (the case page links it with the rule's proposal) …
    visit(office, live_server, reverse("admin:funding_grant_add") + f"?cooperation={case.pk}")
    office.get_by_label("Förderprogramm").select_option(label="IKZ-Förderung Hessen")
    office.get_by_label("beantragt (€)").fill("75.000,00")
    office.get_by_label("bewilligt (€)").fill("75.000,00")
    office.get_by_label("Haushaltsjahr").fill(str(timezone.localdate().year))
    office.get_by_label("Status").select_option(label="bewilligt")
    office.get_by_label("Bescheid vom").fill(timezone.localdate().strftime("%d.%m.%Y"))
    office.get_by_label("Aktenzeichen").fill("IKZ 2026/017")
    with office.expect_navigation(wait_until="load"):
        office.get_by_role("button", name="Sichern und weiter bearbeiten").click()
    assert Grant.objects.filter(file_number="IKZ 2026/017").exists(), office.locator(
        ".errornote, .errorlist"
    ).all_inner_texts()
    grant = Grant.objects.get(file_number="IKZ 2026/017")
    assert grant.approved_amount == Decimal("75000.00")
    look(office, "1-grant-page")

    # … and the first payment, typed the German way.
    office.get_by_role("button", name="Auszahlung hinzufügen").click()
    office.locator('[name="disbursements-0-date"]').fill(timezone.localdate().strftime("%d.%m.%Y"))
    office.locator('[name="disbursements-0-betrag"]').fill("60.000,00")
    with office.expect_navigation(wait_until="load"):
        office.get_by_role("button", name="Sichern und weiter bearbeiten").click()
    assert "60.000,00 €" in office.locator("#disbursements-group").inner_text()
    assert grant.disbursements.get().amount == Decimal("60000.00")
    office.context.close()

    # Afternoon, Kassel: the answer and the money on the case page.
    visit(page, live_server, reverse("cooperations:case-detail", args=[case.pk]))
    assert page.get_by_text("Gern beraten wir Sie am Dienstag im Rathaus.").is_visible()
    money = page.locator("#foerderung").locator("..").inner_text()
    assert "75.000,00 €" in money and "60.000,00 €" in money and "15.000,00 €" in money
    look(page, "1-municipal-case-page")


def test_a_question_from_a_programme_page_is_answered_and_the_asker_gets_the_mail(
    page: Any, browser: Any, live_server: Any, smtp: Inbox, settings: Any, clara: User
) -> None:
    settings.IKZ_REQUIRE_STAFF_2FA = False
    programme = Programme.objects.create(name="Dorfentwicklung Hessen", funder_level=FunderLevel.LAND)

    # A club treasurer finds the programme and asks from its page.
    visit(page, live_server, reverse("funding:programme-detail", args=[programme.pk]))
    look(page, "2-programme")
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("link", name="Frage zu diesem Programm stellen").click()
    page.get_by_role("radio", name="Verein").check()
    page.get_by_label("Ihr Name").fill("Gerda Gärtner")
    page.get_by_label("Ihre E-Mail-Adresse").fill("gerda@heimatverein.example")
    page.get_by_label("Ihre Frage").fill(
        page.get_by_label("Ihre Frage").input_value()
        + "Fördert das Programm auch die Sanierung unseres Backhauses?"
    )
    page.get_by_label(re.compile("Ich bin einverstanden")).check()
    look(page, "2-question-form")
    press(page, "Frage senden")
    question = FunderQuestion.objects.get(email="gerda@heimatverein.example")
    assert question.programme == programme
    smtp.wait_for("gerda@heimatverein.example", "Frage")

    # The adviser answers on the question's page.
    office = as_user(browser, live_server, clara)
    visit(office, live_server, reverse("admin:cooperations_cooperation_triage"))
    assert "Gerda Gärtner" in office.content()
    with office.expect_navigation(wait_until="load"):
        office.get_by_role("link", name=re.compile("Frage zum Programm „Dorfentwicklung Hessen“")).click()
    look(office, "2-question-page")
    office.get_by_label("Antwort").fill(
        "Ja, als Dorfgemeinschaftseinrichtung; wenden Sie sich an das Amt für Bodenmanagement."
    )
    with office.expect_navigation(wait_until="load"):
        office.get_by_role("button", name="Antwort senden").click()
    office.context.close()

    # The receipt and the answer share most of their subject: the answer is the one with its text.
    smtp.wait_for_text("gerda@heimatverein.example", "Dorfgemeinschaftseinrichtung")
    question.refresh_from_db()
    assert question.status == FunderQuestion.Status.ANSWERED


def test_the_ministry_orders_the_annual_pdf_and_finds_the_dashboards_figures(
    page: Any, live_server: Any, dieter: User, kassel: Municipality, kuenzell: Municipality
) -> None:
    year = timezone.localdate().year
    for title, amount in (("Gemeinsamer Bauhof", "75000.00"), ("Standesamt Nordhessen", "100000.00")):
        case = CooperationFactory(title=title, lead_municipality=kassel, partners=[kuenzell])
        GrantFactory(
            cooperation=case, budget_year=year, status=Grant.Status.APPROVED, approved_amount=Decimal(amount)
        )

    login(page, live_server, dieter)
    visit(page, live_server, reverse("reports:dashboard") + f"?jahr={year}")
    look(page, "3-dashboard")
    dashboard = page.content()
    assert "175.000,00 €" in dashboard or "175.000 €" in dashboard
    press(page, "Bericht erstellen")
    link = page.get_by_role("link", name=re.compile(f"Jahresstatistik {year}"))
    link.first.wait_for()
    look(page, "3-report-ready")
    response = page.request.get(live_server.url + link.first.get_attribute("href"))
    assert response.ok and response.headers["content-type"] == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages)
    assert re.search(r"175\.000(,00)?\s*€", text), text[:2000]
    for chart in ("Rechtsform", "Programm", "Handlungsfeld", "Landkreis"):
        assert chart in text, f"{chart} fehlt im PDF"
