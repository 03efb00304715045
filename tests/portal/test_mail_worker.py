"""Portal mail goes the real way: the request enqueues `send_mail_task` after commit,
a real Celery worker takes it from Redis and hands it to an SMTP server on loopback."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest

from core.emails import send_templated_mail
from tests.factories import CooperationFactory
from tests.smtp import Inbox, smtp_server

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def smtp_for_worker(monkeypatch: pytest.MonkeyPatch) -> Iterator[Inbox]:
    """Must come before `celery_worker`: the worker reads EMAIL_URL when it starts."""
    with smtp_server() as inbox:
        monkeypatch.setenv("EMAIL_URL", f"smtp://127.0.0.1:{inbox.port}")
        yield inbox


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
