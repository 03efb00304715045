"""Scheduled work of the savings monitoring (Celery beat, settings.CELERY_BEAT_SCHEDULE)."""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task
def send_savings_reminders() -> int:
    """Last year's report: a reminder when due and again when overdue (once each)."""
    return services.savings_reminders_send()
