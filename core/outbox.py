"""The services of the mail outbox (core.models.OutboxMail): delivering one mail
and choosing the mails to try again. The Celery tasks in core.tasks only call
these; `send_templated_mail` (core.emails) is the one way a mail gets in."""

from __future__ import annotations

import datetime as dt
import logging

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


def outbox_deliver(*, outbox_id: int) -> int:
    """Send one outbox mail unless it is sent already or another worker sends it now.
    A failure is counted on the row and tried again later (see outbox_due)."""
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


def outbox_due(*, now: dt.datetime | None = None, limit: int = 1000) -> list[int]:
    """The mails to enqueue again – whose first enqueue failed (Redis was down) or whose
    delivery failed – marked as not due again while they wait in the queue; sent mails
    older than KEEP_SENT_DAYS are deleted."""
    now = now or timezone.now()
    with transaction.atomic():
        OutboxMail.objects.filter(sent_at__lt=now - dt.timedelta(days=KEEP_SENT_DAYS)).delete()
        due = list(
            OutboxMail.objects.select_for_update(skip_locked=True)
            .filter(sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS, next_attempt_at__lte=now)
            .order_by("next_attempt_at")
            .values_list("pk", flat=True)[:limit]
        )
        if due:
            OutboxMail.objects.filter(pk__in=due).update(
                next_attempt_at=now + dt.timedelta(seconds=settings.IKZ_MAIL_OUTBOX_SWEEP_SECONDS)
            )
    return due
