"""A real SMTP server on loopback for the tests (aiosmtpd): every mail it receives,
parsed, and a way to wait for one."""

from __future__ import annotations

import email
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import EmailMessage
from email.policy import default as default_policy
from typing import Any

from aiosmtpd.controller import Controller


class Inbox:
    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.port = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(email.message_from_bytes(envelope.content, policy=default_policy))  # type: ignore[arg-type]
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if address in str(m["To"])]

    def wait_for(self, to: str, subject_part: str = "", timeout: float = 15) -> EmailMessage:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for message in self.to(to):
                if subject_part in str(message["Subject"]):
                    return message
            time.sleep(0.1)
        seen = [(str(m["To"]), str(m["Subject"])) for m in self.messages]
        raise AssertionError(f"Keine Mail an {to} mit „{subject_part}“; angekommen: {seen}")

    def wait_for_text(self, to: str, text: str, timeout: float = 15) -> EmailMessage:
        """The mail to `to` whose text contains `text` (two mails may share a subject)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for message in self.to(to):
                if text in text_of(message):
                    return message
            time.sleep(0.1)
        seen = [(str(m["To"]), str(m["Subject"])) for m in self.messages]
        raise AssertionError(f"Keine Mail an {to} mit „{text}“ im Text; angekommen: {seen}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def smtp_server(port: int | None = None) -> Iterator[Inbox]:
    """An SMTP server on 127.0.0.1 (on `port`, else a free one: `inbox.port`)."""
    inbox = Inbox()
    inbox.port = port or free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=inbox.port)
    controller.start()
    try:
        yield inbox
    finally:
        controller.stop()


def text_of(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    assert part is not None
    return part.get_content()
