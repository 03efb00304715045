"""The scheduled work: the reminder the day before and the GDPR deletion."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.conf import settings
from django.utils import timezone

from events.models import Event, Registration
from events.services import purge_registrations, send_reminders
from events.tasks import purge_event_registrations, send_event_reminders
from tests.events.conftest import confirmed, make_event
from tests.smtp import Inbox, text_of

pytestmark = pytest.mark.django_db


def test_beat_runs_the_reminder_and_the_deletion() -> None:
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"events.tasks.send_event_reminders", "events.tasks.purge_event_registrations"} <= tasks


def test_the_day_before_everyone_with_a_seat_gets_one_reminder(
    smtp: Inbox, django_capture_on_commit_callbacks: Any
) -> None:
    now = timezone.now()
    tomorrow = timezone.localtime(now).replace(hour=10, minute=0) + dt.timedelta(days=1)
    soon = make_event(
        starts_at=tomorrow, ends_at=tomorrow + dt.timedelta(hours=2), registration_deadline=now, capacity=1
    )
    later = make_event(title="Später")
    with django_capture_on_commit_callbacks(execute=True):
        Event.objects.filter(pk=soon.pk).update(registration_deadline=now + dt.timedelta(hours=1))
        soon.refresh_from_db()
        confirmed(soon, "a@kassel.de")
        confirmed(soon, "b@kassel.de")  # waiting list: no reminder
        confirmed(later, "c@kassel.de")
    with django_capture_on_commit_callbacks(execute=True):
        assert send_event_reminders.delay().get() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert send_reminders() == 0  # a second run sends nothing
    reminder = smtp.wait_for("a@kassel.de", "Erinnerung: morgen")
    assert "/veranstaltungen/abmelden/" in text_of(reminder)
    assert not [
        m for m in smtp.messages if "Erinnerung" in str(m["Subject"]) and "a@kassel.de" not in str(m["To"])
    ]


def test_registrations_of_long_past_events_are_deleted_and_the_counts_kept(
    django_capture_on_commit_callbacks: Any,
) -> None:
    old = make_event(title="Alt")
    recent = make_event(title="Neu")
    with django_capture_on_commit_callbacks(execute=True):
        confirmed(old, "a@kassel.de")
        confirmed(old, "b@kassel.de")
        confirmed(old, "c@kassel.de")  # waiting
        confirmed(recent, "d@kassel.de")
    Registration.objects.filter(event=old, email="a@kassel.de").update(attended=True)
    months = settings.IKZ_EVENT_RETENTION_MONTHS
    long_ago = timezone.now() - dt.timedelta(days=31 * months + 2)
    Event.objects.filter(pk=old.pk).update(
        starts_at=long_ago, ends_at=long_ago + dt.timedelta(hours=2), registration_deadline=long_ago
    )
    shortly = timezone.now() - dt.timedelta(days=20)
    Event.objects.filter(pk=recent.pk).update(
        starts_at=shortly, ends_at=shortly + dt.timedelta(hours=2), registration_deadline=shortly
    )

    assert purge_event_registrations.delay().get() == 3
    assert not Registration.objects.filter(event=old).exists()
    assert Registration.objects.filter(event=recent).count() == 1
    old.refresh_from_db()
    assert old.archived_counts == {"angemeldet": 2, "warteliste": 1, "abgemeldet": 0, "teilgenommen": 1}
    assert purge_registrations() == 0
