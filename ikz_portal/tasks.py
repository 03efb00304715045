"""Shared Celery tasks: delivery of the mail outbox (ikz_portal.models.OutboxMail)."""

from __future__ import annotations

import datetime as dt
import logging

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone

from .models import OutboxMail

log = logging.getLogger(__name__)

# After this many failed deliveries the outbox gives up; the back office lists such
# mails under "Postausgang" (filter "nicht versandt") with the last error.
MAX_ATTEMPTS = 10
# Sent mails stay this long for questions ("did the municipality get it?"), then go.
KEEP_SENT_DAYS = 30


def _backoff(attempts: int) -> dt.timedelta:
    """1, 2, 4 … minutes after each failure, at most one hour."""
    return dt.timedelta(minutes=min(2 ** (attempts - 1), 60))


@shared_task
def send_mail_task(outbox_id: int) -> int:
    """Send one outbox mail unless it is sent already or another worker sends it now."""
    with transaction.atomic():
        mail = (
            OutboxMail.objects.select_for_update(skip_locked=True)
            .filter(pk=outbox_id, sent_at__isnull=True)
            .first()
        )
        if mail is None:
            return 0
        message = EmailMultiAlternatives(
            subject=mail.subject, body=mail.body, from_email=settings.DEFAULT_FROM_EMAIL, to=[mail.to]
        )
        if mail.html:
            message.attach_alternative(mail.html, "text/html")
        for attachment in mail.attachments or []:
            message.attach(attachment["filename"], attachment["content"], attachment["content_type"])
        try:
            sent = message.send()
        except Exception as exc:  # SMTP down, refused, timeout: the sweep tries again later
            mail.attempts += 1  # the row is locked: no other worker counts at the same time
            mail.last_error = f"{type(exc).__name__}: {exc}"[:500]
            mail.next_attempt_at = timezone.now() + _backoff(mail.attempts)
            mail.save(update_fields=["attempts", "last_error", "next_attempt_at"])
            log.warning("mail %s not delivered: %s", outbox_id, exc)
            return 0
        mail.sent_at = timezone.now()
        mail.save(update_fields=["sent_at"])
        return sent


@shared_task
def sweep_outbox() -> int:
    """Enqueue again what is due: mails whose first enqueue failed (Redis was down) or
    whose delivery failed; delete sent mails after KEEP_SENT_DAYS. Beat runs it every
    IKZ_MAIL_OUTBOX_SWEEP_SECONDS seconds."""
    now = timezone.now()
    OutboxMail.objects.filter(sent_at__lt=now - dt.timedelta(days=KEEP_SENT_DAYS)).delete()
    due = list(
        OutboxMail.objects.filter(sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS, next_attempt_at__lte=now)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:1000]
    )
    if not due:
        return 0
    # Not due again while the tasks wait in the queue.
    OutboxMail.objects.filter(pk__in=due).update(
        next_attempt_at=now + dt.timedelta(seconds=settings.IKZ_MAIL_OUTBOX_SWEEP_SECONDS)
    )
    for pk in due:
        send_mail_task.delay(pk)
    log.info("outbox: %d mails enqueued again", len(due))
    return len(due)


@shared_task
def sweep_orphan_files() -> int:
    """Beat, daily: media files no row references (ikz_portal/orphans.py). A dry run
    that only logs them until the operator sets IKZ_ORPHAN_FILES_DELETE=True."""
    from .orphans import orphan_files_remove

    return len(orphan_files_remove(delete=settings.IKZ_ORPHAN_FILES_DELETE))
