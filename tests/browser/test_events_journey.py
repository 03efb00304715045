"""Issue 18 in a real Chromium against a real SMTP server on loopback: someone
registers, confirms with the link from the mail and gets the .ics; the event fills
up and the next person lands on the waiting list; the first cancels with the link
from their mail, and the first on the waiting list gets the seat and the mail."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import reverse
from icalendar import Calendar

from events.models import Event, Registration
from tests.browser.conftest import axe_check, press, screenshot
from tests.events.conftest import make_event
from tests.smtp import Inbox, smtp_server, text_of

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


def mail_link(message: Any, kind: str) -> str:
    found = re.search(rf"https?://\S+(/veranstaltungen/{kind}/\S+/)", text_of(message))
    assert found, text_of(message)
    return found.group(1)


def register(page: Any, live_server: Any, event: Event, name: str, email: str, button: str) -> None:
    page.goto(live_server.url + reverse("events:detail", args=[event.pk]))
    page.get_by_label("Vor- und Nachname").fill(name)
    page.get_by_label("E-Mail-Adresse").fill(email)
    page.get_by_label("Kommune oder Organisation").fill("Gemeinde Knüllwald")
    page.get_by_label("Ich habe die Datenschutzhinweise gelesen", exact=False).check()
    press(page, button)


def ics_of(message: Any) -> Calendar:
    (part,) = [p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"]
    return Calendar.from_ical(part.get_content())


def test_register_confirm_fill_up_cancel_and_move_up(
    page: Any, live_server: Any, smtp: Inbox, settings: Any
) -> None:
    settings.SITE_URL = live_server.url
    event = make_event(title="Workshop: Der gemeinsame Bauhof", capacity=1)

    # 1. The list and the event page, linked from the main navigation.
    page.goto(live_server.url + "/")
    with page.expect_navigation():
        page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
            "link", name="Veranstaltungen"
        ).click()
    axe_check(page)
    screenshot(page, "events-list")
    page.get_by_role("link", name=event.title).click()
    page.wait_for_load_state()

    # 2. Erika registers without an account: an error first, then the form goes through.
    press(page, "Anmelden")
    assert "Es gibt ein Problem" in page.content() or "Geben Sie Ihren Namen ein." in page.content()
    axe_check(page)
    screenshot(page, "events-form-errors")
    register(page, live_server, event, "Erika Muster", "erika@knuellwald.de", "Anmelden")
    assert "Bitte bestätigen Sie Ihre E-Mail-Adresse" in page.content()
    axe_check(page)
    screenshot(page, "events-registered")

    # 3. She confirms with the link from the mail and gets the calendar file.
    page.goto(
        live_server.url + mail_link(smtp.wait_for("erika@knuellwald.de", "Bitte bestätigen"), "bestaetigen")
    )
    axe_check(page)
    press(page, "Anmeldung bestätigen")
    assert "Ihre Anmeldung ist bestätigt" in page.content()
    screenshot(page, "events-confirmed")
    confirmation = smtp.wait_for("erika@knuellwald.de", "Anmeldung bestätigt")
    (vevent,) = ics_of(confirmation).walk("VEVENT")
    assert str(vevent["SUMMARY"]) == event.title
    assert vevent.decoded("DTSTART") == event.starts_at

    # 4. The event is full: Fritz is offered the waiting list.
    page.goto(live_server.url + reverse("events:detail", args=[event.pk]))
    assert "ausgebucht" in page.content()
    screenshot(page, "events-full")
    register(page, live_server, event, "Fritz Fleißig", "fritz@schwarzenborn.de", "Auf die Warteliste setzen")
    page.goto(
        live_server.url
        + mail_link(smtp.wait_for("fritz@schwarzenborn.de", "Bitte bestätigen"), "bestaetigen")
    )
    press(page, "Anmeldung bestätigen")
    assert "Platz 1 der Warteliste" in page.content()
    axe_check(page)
    screenshot(page, "events-waiting")
    smtp.wait_for("fritz@schwarzenborn.de", "Warteliste")

    # 5. Erika cancels with the link from her confirmation; Fritz moves up and is told.
    page.goto(live_server.url + mail_link(confirmation, "abmelden"))
    axe_check(page)
    screenshot(page, "events-cancel")
    press(page, "Jetzt abmelden")
    assert "Sie sind abgemeldet" in page.content()
    moved = smtp.wait_for("fritz@schwarzenborn.de", "Ein Platz ist frei geworden")
    assert "jetzt angemeldet" in text_of(moved)
    (vevent,) = ics_of(moved).walk("VEVENT")
    assert str(vevent["SUMMARY"]) == event.title
    statuses = dict(Registration.objects.values_list("email", "status"))
    assert statuses == {"erika@knuellwald.de": "abgemeldet", "fritz@schwarzenborn.de": "angemeldet"}

    # 6. The used link says so instead of failing.
    page.goto(live_server.url + mail_link(confirmation, "abmelden"))
    assert "Dieser Link wurde schon verwendet" in page.content()
    axe_check(page)
