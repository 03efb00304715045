"""The Feedback-Mechanismus of the Erklärung zur Barrierefreiheit."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from core import public_forms
from core.spam import RATE_LIMITED
from ikz_portal.views import FEEDBACK_LIMIT

URL = reverse("accessibility")
GOOD = {
    "message": "Das Suchfeld im Atlas hat keine sichtbare Beschriftung.",
    "page": "/atlas/",
    "email": "eva@example.org",
}


@pytest.mark.django_db
def test_the_statement_names_the_arbitration_body_and_offers_feedback(client: Client) -> None:
    html = client.get(URL).content.decode()
    assert "Schlichtungsverfahren" in html
    assert "Schlichtungsstelle" in html
    assert 'name="message"' in html


@pytest.mark.django_db
def test_feedback_reaches_the_office_by_mail(
    client: Client, clara, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, GOOD, follow=True)
    assert response.status_code == 200
    assert "Ihre Rückmeldung ist bei uns angekommen" in response.content.decode()
    recipients = {address for message in mail.outbox for address in message.to}
    assert clara.email in recipients
    assert "keine sichtbare Beschriftung" in mail.outbox[0].body


@pytest.mark.django_db
def test_empty_feedback_is_refused_next_to_the_field_and_in_the_summary(client: Client) -> None:
    response = client.post(URL, {"message": "", "email": "kein-mail"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count(str(public_forms.FEEDBACK_REQUIRED)) == 2
    assert html.count(str(public_forms.FEEDBACK_EMAIL_INVALID)) == 2
    assert 'value="kein-mail"' in html
    assert 'href="#id_message"' in html


@pytest.mark.django_db
def test_feedback_from_a_bot_filling_the_honeypot_sends_nothing(
    client: Client, clara, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {**GOOD, "website": "http://spam.example"})
    assert response.status_code == 302
    assert mail.outbox == []


@pytest.mark.django_db
def test_too_much_feedback_from_one_address_is_refused_but_kept(client: Client) -> None:
    for _ in range(FEEDBACK_LIMIT):
        assert client.post(URL, GOOD).status_code == 302
    response = client.post(URL, GOOD)
    assert response.status_code == 429
    html = response.content.decode()
    assert str(RATE_LIMITED) in html
    assert "keine sichtbare Beschriftung" in html


@pytest.mark.django_db
def test_overlong_feedback_is_rejected_with_a_message(client: Client) -> None:
    response = client.post(URL, {"message": "x" * 5001})
    assert str(public_forms.FEEDBACK_TOO_LONG) in response.content.decode()
