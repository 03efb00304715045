"""Portal mail goes the real way: the request enqueues `send_mail_task` after commit,
a real Celery worker takes it from Redis and hands it to an SMTP server on loopback."""

from __future__ import annotations

import email
import socket
import time
from collections.abc import Iterator
from email.message import EmailMessage
from email.policy import default as default_policy
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from ikz_portal.emails import send_templated_mail
from tests.factories import CooperationFactory

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


class Inbox:
    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(email.message_from_bytes(envelope.content, policy=default_policy))  # type: ignore[arg-type]
        return "250 OK"


@pytest.fixture
def smtp_for_worker(monkeypatch: pytest.MonkeyPatch) -> Iterator[Inbox]:
    """Must come before `celery_worker`: the worker reads EMAIL_URL when it starts."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setenv("EMAIL_URL", f"smtp://127.0.0.1:{port}")
    try:
        yield inbox
    finally:
        controller.stop()


def test_a_templated_mail_reaches_smtp_through_the_worker(smtp_for_worker: Inbox, celery_worker: Any) -> None:
    case = CooperationFactory(title="Gemeinsames Standesamt")
    send_templated_mail("inquiry_submitted", ["erika@kassel.de"], {"case": case})
    deadline = time.monotonic() + 30
    while not smtp_for_worker.messages and time.monotonic() < deadline:
        time.sleep(0.2)
    (message,) = smtp_for_worker.messages
    assert message["To"] == "erika@kassel.de"
    assert case.reference in message["Subject"] and message["Subject"].startswith("[IKZ-Portal] ")
    html = message.get_body(preferencelist=("html",))
    assert html is not None and "Gemeinsames Standesamt" in html.get_content()
