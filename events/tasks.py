"""Scheduled work of the events (Celery beat, settings.CELERY_BEAT_SCHEDULE)."""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task
def send_event_reminders() -> int:
    """The day before an event: a reminder to everyone with a seat (once each)."""
    return services.send_reminders()


@shared_task
def purge_event_registrations() -> int:
    """GDPR: delete the registrations of events past IKZ_EVENT_RETENTION_MONTHS."""
    return services.purge_registrations()
