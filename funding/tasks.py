"""Scheduled work of the funding (Celery beat, settings.CELERY_BEAT_SCHEDULE)."""

from __future__ import annotations

from celery import shared_task

from .grantee import services as grantee_services


@shared_task
def remind_overdue_proofs() -> int:
    """Daily: the lead municipalities of grants whose proof of use is overdue are reminded."""
    return grantee_services.proof_of_use_remind_overdue()
