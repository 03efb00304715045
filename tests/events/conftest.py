"""Events for the tests: one next month with two seats, and a real SMTP server."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from email.message import EmailMessage
from typing import Any

import pytest
from django.utils import timezone

from events.models import Event, Registration
from events.services import registration_confirm, registration_create
from tests.smtp import Inbox, smtp_server, text_of

BERLIN = dt.timezone(dt.timedelta(hours=1))  # December: CET


def make_event(**fields: Any) -> Event:
    start = timezone.now().astimezone(BERLIN).replace(
        hour=18, minute=0, second=0, microsecond=0
    ) + dt.timedelta(days=30)
    values: dict[str, Any] = {
        "title": "Interkommunale Zusammenarbeit im Bauhof",
        "kind": Event.Kind.INFO,
        "audiences": ["buergermeister", "verwaltung"],
        "description": "Wie Bauhöfe gemeinsam Fahrzeuge und Personal nutzen.",
        "starts_at": start,
        "ends_at": start + dt.timedelta(hours=2),
        "venue": "Bürgerhaus Baunatal",
        "address": "Marktplatz 14, 34225 Baunatal",
        "capacity": 2,
        "registration_deadline": start - dt.timedelta(days=2),
        "is_published": True,
        **fields,
    }
    return Event.objects.create(**values)


@pytest.fixture
def event(db: None) -> Event:
    return make_event()


@pytest.fixture
def smtp(settings: Any) -> Iterator[Inbox]:
    """Mails go to a real SMTP server on loopback (through the outbox and the eager task)."""
    with smtp_server() as inbox:
        settings.MAILERS = {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": inbox.port, "timeout": 5},
            }
        }
        yield inbox


def link_in(message: EmailMessage, kind: str) -> str:
    """The path of the confirm (`bestaetigen`) or cancel (`abmelden`) link in a mail."""
    found = re.search(rf"https?://[^/\s]+(/veranstaltungen/{kind}/[^\s/]+/)", text_of(message))
    assert found, text_of(message)
    return found.group(1)


def token_in(message: EmailMessage, kind: str) -> str:
    return link_in(message, kind).rstrip("/").rsplit("/", 1)[-1]


def confirmed(event: Event, email: str, name: str = "Erika Muster", **extra: Any) -> Registration:
    """A registration whose address is confirmed (seat or waiting list), without the mail detour."""
    from events.services import CONFIRM, make_token

    registration = registration_create(event=event, name=name, email=email, organisation="Baunatal", **extra)
    registration_confirm(token=make_token(registration, CONFIRM))
    registration.refresh_from_db()
    return registration
