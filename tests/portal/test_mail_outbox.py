"""The mail outbox: a mail belongs to the transaction that reports something, is sent
once, and one that could not be delivered goes out when the SMTP server is back."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from core.emails import send_rendered_mail
from core.models import OutboxMail
from core.tasks import MAX_ATTEMPTS, send_mail_task, sweep_outbox
from tests.smtp import free_port, smtp_server

pytestmark = pytest.mark.django_db


def smtp_on(settings: Any, port: int) -> None:
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
        }
    }


def test_a_rolled_back_change_sends_no_mail(django_capture_on_commit_callbacks: Any) -> None:
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        send_rendered_mail(to=["erika@kassel.de"], subject="Ihre Anfrage", body="Danke.")
        raise RuntimeError("the inquiry could not be saved")

    assert not OutboxMail.objects.exists()
    assert mail.outbox == []


def test_each_recipient_gets_one_mail_and_it_is_marked_sent(django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        send_rendered_mail(to=["b@kassel.de", "a@fulda.de", "b@kassel.de"], subject="Hinweis", body="Text")

    assert sorted(m.to[0] for m in mail.outbox) == ["a@fulda.de", "b@kassel.de"]
    assert all(len(m.to) == 1 for m in mail.outbox)
    assert OutboxMail.objects.filter(sent_at__isnull=False).count() == 2
    # A second delivery of the same task (a re-enqueue by the sweep) sends nothing again.
    for row in OutboxMail.objects.all():
        assert send_mail_task(row.pk) == 0
    assert len(mail.outbox) == 2


def test_a_mail_the_smtp_server_refused_goes_out_once_it_is_back(
    settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    port = free_port()
    smtp_on(settings, port)  # nothing listens there yet

    with django_capture_on_commit_callbacks(execute=True):
        send_rendered_mail(to=["erika@kassel.de"], subject="Ihre Anfrage KIKZ-2026-0001", body="Danke.")

    row = OutboxMail.objects.get()
    assert row.sent_at is None and row.attempts == 1
    assert "Connection" in row.last_error or "refused" in row.last_error.lower()
    assert row.next_attempt_at > timezone.now()
    assert sweep_outbox() == 0  # not due yet: it waits its back-off

    with smtp_server(port) as inbox:
        OutboxMail.objects.update(next_attempt_at=timezone.now() - dt.timedelta(seconds=1))
        assert sweep_outbox() == 1

    (message,) = inbox.messages
    assert message["To"] == "erika@kassel.de"
    assert message["Subject"].endswith("Ihre Anfrage KIKZ-2026-0001")
    row.refresh_from_db()
    assert row.sent_at is not None
    assert sweep_outbox() == 0


def test_the_outbox_gives_up_after_the_last_attempt_and_forgets_old_sent_mail() -> None:
    past = timezone.now() - dt.timedelta(minutes=5)
    given_up = OutboxMail.objects.create(
        to="a@b.de", subject="x", body="y", next_attempt_at=past, attempts=MAX_ATTEMPTS
    )
    old_sent = OutboxMail.objects.create(
        to="c@d.de",
        subject="x",
        body="y",
        next_attempt_at=past,
        sent_at=timezone.now() - dt.timedelta(days=31),
    )

    assert sweep_outbox() == 0
    assert OutboxMail.objects.filter(pk=given_up.pk).exists()
    assert not OutboxMail.objects.filter(pk=old_sent.pk).exists()
