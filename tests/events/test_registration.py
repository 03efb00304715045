"""Registering for an event as a person without an account would: the form, the mail
with the link, the confirmation with the calendar file, the waiting list and the
move-up when someone cancels. Mails go through a real SMTP server on loopback."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from events.models import Event, Registration
from tests.events.conftest import confirmed, link_in, make_event
from tests.smtp import Inbox, text_of

pytestmark = pytest.mark.django_db

FORM = {
    "name": "Erika Muster",
    "email": "erika@baunatal.de",
    "organisation": "Stadt Baunatal",
    "role": "Hauptamt",
    "accessibility_needs": "Induktionsschleife",
    "consent": "on",
}


def register(client: Any, event: Event, capture: Any, **changes: str) -> Any:
    with capture(execute=True):
        return client.post(reverse("events:detail", args=[event.pk]), {**FORM, **changes})


def test_a_registration_waits_for_the_mail_link_and_then_gets_a_seat_and_the_ics(
    client: Any, event: Event, smtp: Inbox, django_capture_on_commit_callbacks: Any
) -> None:
    response = register(client, event, django_capture_on_commit_callbacks)
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert "Bitte bestätigen Sie Ihre E-Mail-Adresse" in page.content.decode()
    registration = Registration.objects.get()
    assert registration.status == Registration.Status.PENDING  # no seat before the opt-in

    mail = smtp.wait_for("erika@baunatal.de", "Bitte bestätigen")
    confirm_path = link_in(mail, "bestaetigen")
    # Opening the link (as a mail scanner would) only shows a button.
    assert "Anmeldung bestätigen" in client.get(confirm_path).content.decode()
    registration.refresh_from_db()
    assert registration.status == Registration.Status.PENDING

    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(confirm_path)
    assert "Ihre Anmeldung ist bestätigt" in done.content.decode()
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED

    confirmation = smtp.wait_for("erika@baunatal.de", "Anmeldung bestätigt")
    assert event.title in str(confirmation["Subject"])
    assert "/veranstaltungen/abmelden/" in text_of(confirmation)
    (ics,) = [part for part in confirmation.iter_attachments() if part.get_content_type() == "text/calendar"]
    assert ics.get_filename() == "veranstaltung.ics"
    calendar = Calendar.from_ical(ics.get_content())
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["SUMMARY"]) == event.title
    start = vevent.decoded("DTSTART")
    assert start == event.starts_at
    assert start.strftime("%H:%M") == timezone.localtime(event.starts_at).strftime("%H:%M") == "18:00"
    assert str(start.tzinfo) == "Europe/Berlin"
    assert "Baunatal" in str(vevent["LOCATION"])
    assert calendar.walk("VTIMEZONE"), "the calendar carries its time zone"


def test_a_second_click_on_the_confirmation_link_changes_nothing(
    client: Any, event: Event, smtp: Inbox, django_capture_on_commit_callbacks: Any
) -> None:
    register(client, event, django_capture_on_commit_callbacks)
    confirm_path = link_in(smtp.wait_for("erika@baunatal.de", "Bitte bestätigen"), "bestaetigen")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(confirm_path)
        again = client.post(confirm_path)
    assert "Ihre Anmeldung ist bestätigt" in again.content.decode()
    assert len(smtp.to("erika@baunatal.de")) == 2  # the link mail and one confirmation


def test_a_full_event_offers_the_waiting_list_and_moves_the_first_up_when_someone_cancels(
    client: Any, event: Event, smtp: Inbox, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        first = confirmed(event, "a@kassel.de", "Anna A")
        confirmed(event, "b@kassel.de", "Bernd B")
        waiting_1 = confirmed(event, "c@kassel.de", "Clara C")
        waiting_2 = confirmed(event, "d@kassel.de", "Dora D")
    assert [waiting_1.status, waiting_2.status] == [Registration.Status.WAITING] * 2
    assert "Platz 2 der Warteliste" in text_of(smtp.wait_for("d@kassel.de", "Warteliste"))
    page = client.get(reverse("events:detail", args=[event.pk])).content.decode()
    assert "ausgebucht" in page and "Auf die Warteliste setzen" in page

    cancel_path = link_in(smtp.wait_for("a@kassel.de", "Anmeldung bestätigt"), "abmelden")
    assert "Jetzt abmelden" in client.get(cancel_path).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(cancel_path)
    assert "Sie sind abgemeldet" in done.content.decode()

    first.refresh_from_db()
    waiting_1.refresh_from_db()
    waiting_2.refresh_from_db()
    assert first.status == Registration.Status.CANCELLED
    assert waiting_1.status == Registration.Status.CONFIRMED
    assert waiting_2.status == Registration.Status.WAITING
    moved = smtp.wait_for("c@kassel.de", "Ein Platz ist frei geworden")
    assert "jetzt angemeldet" in text_of(moved)
    assert any(p.get_content_type() == "text/calendar" for p in moved.iter_attachments())
    smtp.wait_for("a@kassel.de", "Abmeldung bestätigt")
    assert not [m for m in smtp.to("d@kassel.de") if "frei geworden" in str(m["Subject"])]


def test_the_cancellation_link_works_once(
    client: Any, event: Event, smtp: Inbox, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        confirmed(event, "a@kassel.de")
    cancel_path = link_in(smtp.wait_for("a@kassel.de", "Anmeldung bestätigt"), "abmelden")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(cancel_path)
        again = client.post(cancel_path)
    assert again.status_code == 400
    assert "Dieser Link wurde schon verwendet" in again.content.decode()
    assert Registration.objects.get().status == Registration.Status.CANCELLED


def test_a_forged_or_broken_link_gets_a_clear_answer_and_changes_nothing(
    client: Any, event: Event, smtp: Inbox, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        registration = confirmed(event, "a@kassel.de")
    real = link_in(smtp.wait_for("a@kassel.de", "Anmeldung bestätigt"), "abmelden")
    token = real.rstrip("/").rsplit("/", 1)[-1]
    forged = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    for path in (
        reverse("events:cancel", args=[forged]),
        reverse("events:cancel", args=["eyJyIjo1fQ:1abc:xyz"]),
        reverse("events:confirm", args=[token]),  # a cancel token is no confirm token (salt)
    ):
        response = client.post(path)
        assert response.status_code == 400, path
        assert "Dieser Link ist ungültig" in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED


def test_after_the_deadline_there_is_a_clear_answer_and_nothing_is_stored(
    client: Any, django_capture_on_commit_callbacks: Any
) -> None:
    start = timezone.now() + dt.timedelta(days=1)
    late = make_event(
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        registration_deadline=start - dt.timedelta(days=2),
    )
    page = client.get(reverse("events:detail", args=[late.pk])).content.decode()
    assert "Die Anmeldefrist ist abgelaufen" in page
    response = register(client, late, django_capture_on_commit_callbacks)
    assert response.status_code == 422
    text = response.content.decode()
    assert "Die Anmeldefrist für diese Veranstaltung ist am" in text
    assert not Registration.objects.exists()


def test_the_same_address_twice_gets_a_clear_answer_and_keeps_what_was_typed(
    client: Any, event: Event, django_capture_on_commit_callbacks: Any
) -> None:
    register(client, event, django_capture_on_commit_callbacks)
    response = register(
        client, event, django_capture_on_commit_callbacks, email="ERIKA@Baunatal.de", name="Erika M."
    )
    assert response.status_code == 422
    text = response.content.decode()
    assert "besteht schon eine Anmeldung zu dieser Veranstaltung" in text
    assert 'value="Erika M."' in text  # nothing typed is lost
    assert Registration.objects.count() == 1


def test_an_unconfirmed_registration_whose_link_expired_does_not_block_the_address(event: Event) -> None:
    from events.services import registration_create

    first = registration_create(event=event, name="Erika", email="a@kassel.de", organisation="Kassel")
    Registration.objects.filter(pk=first.pk).update(created_at=timezone.now() - dt.timedelta(days=8))
    again = registration_create(event=event, name="Erika", email="a@kassel.de", organisation="Kassel")
    first.refresh_from_db()
    assert first.status == Registration.Status.CANCELLED
    assert again.status == Registration.Status.PENDING


def test_a_cancelled_person_may_register_again(event: Event, django_capture_on_commit_callbacks: Any) -> None:
    from events.services import registration_cancel

    with django_capture_on_commit_callbacks(execute=True):
        first = confirmed(event, "a@kassel.de")
        registration_cancel(registration=first)
        again = confirmed(event, "a@kassel.de")
    assert again.status == Registration.Status.CONFIRMED


def test_missing_fields_are_named_in_german(client: Any, event: Event) -> None:
    response = client.post(reverse("events:detail", args=[event.pk]), {"email": "kein-at"})
    text = response.content.decode()
    assert response.status_code == 422
    for message in (
        "Geben Sie Ihren Namen ein.",
        "Geben Sie eine E-Mail-Adresse im Format name@beispiel.de ein.",
        "Geben Sie Ihre Kommune oder Organisation ein.",
        "Bestätigen Sie, dass Sie die Datenschutzhinweise gelesen haben.",
    ):
        assert message in text
    assert not Registration.objects.exists()


def test_a_signed_in_person_with_a_verified_address_needs_no_mail_link(
    client: Any, event: Event, anna: Any, smtp: Inbox, django_capture_on_commit_callbacks: Any
) -> None:
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=anna, email=anna.email, verified=True, primary=True)
    client.force_login(anna)
    form = client.get(reverse("events:detail", args=[event.pk])).content.decode()
    assert 'value="anna@kassel.de"' in form and 'value="Anna Kasper"' in form
    response = register(
        client, event, django_capture_on_commit_callbacks, name="Anna Kasper", email=anna.email
    )
    assert "Sie sind angemeldet" in client.get(response["Location"]).content.decode()
    registration = Registration.objects.get()
    assert registration.user == anna and registration.status == Registration.Status.CONFIRMED
    smtp.wait_for(anna.email, "Anmeldung bestätigt")


def test_unpublished_events_are_not_found(client: Any) -> None:
    hidden = make_event(is_published=False)
    assert client.get(reverse("events:detail", args=[hidden.pk])).status_code == 404
    assert hidden.title not in client.get(reverse("events:list")).content.decode()


def test_the_event_page_offers_the_calendar_file(client: Any, event: Event) -> None:
    response = client.get(reverse("events:calendar", args=[event.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    (vevent,) = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(vevent["SUMMARY"]) == event.title
