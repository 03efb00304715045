"""The municipal journey end to end, in a real Chromium against a real SMTP server
on loopback (aiosmtpd): sign up → confirm the e-mail with the code from the mail →
ask to be confirmed for a municipality → an adviser confirms → submit an inquiry
with two partners and an attachment → the case is in Meine Vorgänge and in the
admin → the adviser replies → the municipal user reads the reply."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import reverse

from accounts.models import User
from contacts.models import Membership, Municipality
from contacts.services import membership_confirm
from cooperations.models import Cooperation, FieldOfAction
from cooperations.services import message_send
from tests.browser.conftest import login, press, screenshot
from tests.browser.wizard import fill_the_inquiry
from tests.smtp import Inbox, smtp_server, text_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Kooperation-2026-sicher"


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


def problems_on(page: Any) -> str:
    """What the page says is wrong (error summary and field errors), for a failing assert."""
    texts = page.locator("[data-error-summary], .kern-error, .kern-alert").all_inner_texts()
    return f"{page.url}: " + " | ".join(" ".join(t.split()) for t in texts)


def click(page: Any, name: str) -> None:
    press(page, name)


def test_from_sign_up_to_the_advisers_reply(
    page: Any,
    live_server: Any,
    smtp: Inbox,
    settings: Any,
    browser: Any,
    kassel: Municipality,
    fulda: Municipality,
    kuenzell: Municipality,
    clara: User,
) -> None:
    settings.IKZ_REQUIRE_STAFF_2FA = False  # the adviser's second factor is the back office's own test
    FieldOfAction.objects.get_or_create(name="Bauhof", defaults={"slug": "bauhof"})

    # 1. Sign up and confirm the address with the code from the mail.
    page.goto(live_server.url + reverse("account_signup"))
    page.get_by_label("Vorname").fill("Erika")
    page.get_by_label("Nachname").fill("Muster")
    page.get_by_label("E-Mail-Adresse").fill("erika@kassel.de")
    page.get_by_label("Passwort", exact=True).fill(PASSWORD)
    page.get_by_label("Passwort (Wiederholung)").fill(PASSWORD)
    click(page, "Registrieren")
    code_mail = smtp.wait_for("erika@kassel.de", "E-Mail")
    code = re.search(r"\b([A-Z0-9]{4}-[A-Z0-9]{4})\b", text_of(code_mail))
    assert code, text_of(code_mail)
    page.get_by_label("Code").fill(code.group(1))
    click(page, "Bestätigen")

    # 2. Not yet confirmed: the user lands on "Meine Kommunen" and asks for Kassel.
    assert page.url.endswith(reverse("accounts:memberships"))
    page.get_by_label("Kommune suchen").fill("06611000")
    click(page, "Suchen")
    page.get_by_label("Kassel (AGS 06611000)").check()
    page.get_by_label("Ihre Funktion in der Kommune").fill("Hauptamt")
    click(page, "Bestätigung anfragen")
    assert "wartet auf Bestätigung" in page.content(), problems_on(page)
    smtp.wait_for("clara@kikz.hessen.de", "Bestätigung")

    # 3. The adviser confirms; the user is told by mail.
    erika = User.objects.get(email="erika@kassel.de")
    membership_confirm(membership=Membership.objects.get(user=erika), actor=clara)
    smtp.wait_for("erika@kassel.de", "bestätigt")

    # 4. An inquiry with two partners and an attachment.
    page.goto(live_server.url + reverse("cooperations:my-cases"))
    with page.expect_navigation():
        page.get_by_role("link", name="Neue Kooperationsanfrage").click()
    fill_the_inquiry(page)
    assert "Skizze.pdf" in page.content() and "Künzell" in page.content()
    click(page, "Anfrage absenden")
    case = Cooperation.objects.get(title="Gemeinsamer Bauhof Nordhessen")
    assert case.reference in page.locator(".portal-done__ref").inner_text()
    screenshot(page, "journey-done")
    assert {p.name for p in case.partners.all()} == {"Kassel", "Fulda", "Künzell"}
    assert case.documents.get().original_name == "Skizze.pdf"
    assert case.reference in smtp.wait_for("erika@kassel.de", case.reference)["Subject"]
    smtp.wait_for("clara@kikz.hessen.de", case.reference)

    # 5. The case is in Meine Vorgänge …
    page.goto(live_server.url + reverse("cooperations:my-cases"))
    assert page.get_by_role("link", name=case.reference).is_visible()

    # … and in the admin, for the adviser.
    adviser = browser.new_context(locale="de-DE")
    admin_page = adviser.new_page()
    login(admin_page, live_server, clara)
    admin_page.goto(live_server.url + reverse("admin:cooperations_cooperation_changelist"))
    assert case.reference in admin_page.content()
    adviser.close()

    # 6. The adviser replies; the municipal user gets a mail and reads the reply.
    message_send(case=case, author=clara, body="Gern beraten wir Sie am Dienstag.")
    notice = smtp.wait_for("erika@kassel.de", "Neue Nachricht")
    assert "Gern beraten" not in text_of(notice)  # only a link, the text stays in the portal
    page.goto(live_server.url + reverse("cooperations:case-detail", args=[case.pk]))
    assert page.get_by_text("Gern beraten wir Sie am Dienstag.").is_visible()
    screenshot(page, "journey-reply")
