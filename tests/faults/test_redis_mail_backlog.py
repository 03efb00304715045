"""Redis stopped while a municipal user submits an inquiry: once Redis is back, the
notification mails still go out (issue 5) – written to the outbox with the inquiry,
enqueued again by the beat-driven sweep (core/tasks.py), each exactly once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from contextlib import ExitStack
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from contacts.models import Municipality
from cooperations.models import Cooperation, InquiryDraft
from core.breaker import CircuitBreaker
from core.models import OutboxMail
from tests.portal.conftest import complete_data
from tests.production.procs import ARTIFACTS, ROOT, database_url
from tests.smtp import smtp_server

from .conftest import OwnRedis
from .test_redis_and_disk import broker  # noqa: F401 – fixture

pytestmark = pytest.mark.django_db(transaction=True)
# Bounded waits; the first includes the worker's start (fonts, WeasyPrint) on a loaded machine.
MAIL_WAIT_SECONDS = 60
SWEEP_SECONDS = 2


def test_the_mails_of_an_inquiry_sent_while_redis_was_down_go_out_once_it_is_back(
    broker: OwnRedis,  # noqa: F811
    anna: User,
    kassel: Municipality,
    fulda: Municipality,
    clara: User,
    tmp_path: Any,
    settings: Any,
) -> None:
    from django.db import connection

    settings.IKZ_MAIL_OUTBOX_SWEEP_SECONDS = SWEEP_SECONDS
    smtp = ExitStack()  # the SMTP server and the log file, closed at the end
    inbox = smtp.enter_context(smtp_server())
    processes: list[subprocess.Popen[bytes]] = []

    def got(address: str) -> int:
        return len(inbox.to(address))

    try:
        client = Client(raise_request_exception=False)
        client.force_login(anna)
        draft = InquiryDraft.objects.create(user=anna, data=complete_data(kassel, [fulda]))
        broker.stop()
        assert client.post(reverse("cooperations:inquiry-review", args=[draft.token])).status_code == 302
        assert Cooperation.objects.count() == 1
        broker.start()
        # The failed publish opened the publisher's breaker: for IKZ_PUBLISH_BREAKER_SECONDS
        # this process leaves mails to the sweep. The control mail below must go directly.
        CircuitBreaker._all.clear()
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "ikz_portal.settings.test",
            "DATABASE_URL": database_url(str(connection.settings_dict["NAME"])),
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "CELERY_BROKER_URL": broker.url,
            "REDIS_URL": broker.url,
            "EMAIL_URL": f"smtp://127.0.0.1:{inbox.port}",
            "IKZ_MAIL_OUTBOX_SWEEP_SECONDS": str(SWEEP_SECONDS),
        }
        # Worker and exactly one beat as separate processes, as in docker-compose.yml.
        celery = [sys.executable, "-m", "celery", "-A", "ikz_portal"]
        log = smtp.enter_context((ARTIFACTS / "celery-mail-backlog.log").open("wb"))
        for command in (
            ["worker", "--pool=solo", "--without-gossip", "--without-mingle", "--without-heartbeat"],
            ["beat", f"--schedule={tmp_path / 'beat-schedule'}"],
        ):
            processes.append(
                subprocess.Popen(
                    [*celery, *command, "--loglevel=INFO"],
                    cwd=ROOT,
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            )
        # Control: a mail sent now, with Redis up, reaches the inbox (else the set-up is broken).
        from core.emails import send_rendered_mail

        send_rendered_mail(to=["kontrolle@example.de"], subject="Kontrolle", body="Kontrolle")
        deadline = time.monotonic() + MAIL_WAIT_SECONDS
        while time.monotonic() < deadline and not got("kontrolle@"):
            time.sleep(0.3)
        if not got("kontrolle@"):
            raise RuntimeError("Worker oder SMTP-Server arbeiten nicht: Kontrollmail fehlt")
        deadline = time.monotonic() + MAIL_WAIT_SECONDS
        while time.monotonic() < deadline and not (got("anna@kassel.de") and got("clara@kikz.hessen.de")):
            time.sleep(0.5)
        assert got("anna@kassel.de") == 1, "Bestätigung an Anna nicht genau einmal verschickt"
        assert got("clara@kikz.hessen.de") == 1, "Hinweis an die Beratung nicht genau einmal verschickt"
        time.sleep(3 * SWEEP_SECONDS)  # later sweeps send nothing twice
        assert got("anna@kassel.de") == 1
        assert not OutboxMail.objects.filter(sent_at__isnull=True).exists()
    finally:
        for process in processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        smtp.close()
