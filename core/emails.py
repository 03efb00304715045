"""One way to send mail: a template triple rendered here, written to the outbox
(core.models.OutboxMail) in the surrounding transaction, delivered by a Celery
task after it commits. A rolled-back write sends nothing; a mail whose enqueue fails
(Redis down) stays in the outbox and the sweep sends it later.

    send_templated_mail("inquiry_received", [user.email], {"case": case})

renders templates/emails/inquiry_received-subject.txt, -body.txt and -body.html."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TypedDict

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .models import OutboxMail


class Attachment(TypedDict):
    """A small text file sent with a mail (stored in the outbox row, so keep it small)."""

    filename: str
    content_type: str
    content: str


def render_templated_mail(name: str, context: Mapping[str, Any]) -> tuple[str, str, str]:
    ctx = {"site_url": settings.SITE_URL.rstrip("/"), **context}
    with translation.override(settings.LANGUAGE_CODE):
        raw_subject = render_to_string(f"emails/{name}-subject.txt", ctx)
        body = render_to_string(f"emails/{name}-body.txt", ctx)
        html = render_to_string(f"emails/{name}-body.html", ctx)
    # A header must be one line; templates end with a newline.
    subject = " ".join(raw_subject.split())
    return subject, body, html


def send_rendered_mail(
    *, to: Iterable[str], subject: str, body: str, html: str = "", attachments: Sequence[Attachment] = ()
) -> None:
    """Enqueue an already rendered mail; used by the allauth adapter as well."""
    from .publish import publish_on_commit
    from .tasks import send_mail_task

    recipients = sorted({addr for addr in to if addr})
    if not recipients:
        return
    prefix = getattr(settings, "ACCOUNT_EMAIL_SUBJECT_PREFIX", "")
    if prefix and not subject.startswith(prefix):
        subject = prefix + subject
    # One mail per recipient: a retry never mails someone twice, and addresses of
    # other municipalities never appear in To/Cc.
    due = timezone.now() + dt.timedelta(seconds=settings.IKZ_MAIL_OUTBOX_SWEEP_SECONDS)
    for address in recipients:
        mail = OutboxMail.objects.create(
            to=address,
            subject=subject,
            body=body,
            html=html,
            attachments=[dict(a) for a in attachments],
            next_attempt_at=due,
        )
        # Bounded: a broker outage neither holds the request nor turns it into a 500;
        # the outbox sweep sends what was not published.
        publish_on_commit(send_mail_task, mail.pk)


def send_templated_mail(
    name: str, to: Iterable[str], context: Mapping[str, Any], *, attachments: Sequence[Attachment] = ()
) -> None:
    subject, body, html = render_templated_mail(name, context)
    send_rendered_mail(to=to, subject=subject, body=body, html=html, attachments=attachments)
