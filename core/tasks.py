"""Shared Celery tasks: delivery of the mail outbox (its writes in core.outbox)
and the daily look for orphaned files (core.orphans)."""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings

from . import outbox
from .outbox import KEEP_SENT_DAYS, MAX_ATTEMPTS  # noqa: F401 - where the tests and the admin look

log = logging.getLogger(__name__)


@shared_task
def send_mail_task(outbox_id: int) -> int:
    """Send one outbox mail unless it is sent already or another worker sends it now."""
    return outbox.outbox_deliver(outbox_id=outbox_id)


@shared_task
def sweep_outbox() -> int:
    """Enqueue again what is due (see outbox.outbox_due); beat runs it every
    IKZ_MAIL_OUTBOX_SWEEP_SECONDS seconds."""
    due = outbox.outbox_due()
    for pk in due:
        send_mail_task.delay(pk)
    if due:
        log.info("outbox: %d mails enqueued again", len(due))
    return len(due)


@shared_task
def sweep_orphan_files() -> int:
    """Beat, daily: media files no row references (core/orphans.py). A dry run
    that only logs them until the operator sets IKZ_ORPHAN_FILES_DELETE=True."""
    from .orphans import orphan_files_remove

    return len(orphan_files_remove(delete=settings.IKZ_ORPHAN_FILES_DELETE))
