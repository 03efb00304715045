"""Redis stopped while a municipal user submits an inquiry; the disk refusing an upload."""

from __future__ import annotations

import errno
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from accounts.models import User
from contacts.models import Municipality
from cooperations.models import Cooperation, Document, FieldOfAction, InquiryDraft
from core.breaker import CircuitBreaker
from tests.conftest import fresh_broker_connections
from tests.portal.conftest import complete_data

from .conftest import OwnRedis

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _field_of_action(transactional_db: None) -> None:
    # Reference rows of a data migration are gone in transactional tests.
    FieldOfAction.objects.get_or_create(
        slug="allgemeine-verwaltung", defaults={"name": "Allgemeine Verwaltung"}
    )


PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


_fresh_connections = fresh_broker_connections


@pytest.fixture
def broker(own_redis: OwnRedis) -> Iterator[OwnRedis]:
    """This process sends tasks to the test's own Redis, as production does."""
    from ikz_portal.celery import app

    old = app.conf.task_always_eager, app.conf.broker_url
    app.conf.task_always_eager = False
    app.conf.broker_url = own_redis.url
    _fresh_connections(app)
    # The publisher's circuit breaker is per process: no test inherits another's outage.
    CircuitBreaker._all.clear()
    try:
        yield own_redis
    finally:
        app.conf.task_always_eager, app.conf.broker_url = old
        _fresh_connections(app)
        CircuitBreaker._all.clear()


def test_an_inquiry_sent_while_redis_is_down_is_saved_and_confirmed(
    broker: OwnRedis,
    anna: User,
    kassel: Municipality,
    fulda: Municipality,
    clara: User,
    caplog: pytest.LogCaptureFixture,
) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(anna)
    draft = InquiryDraft.objects.create(user=anna, data=complete_data(kassel, [fulda]))
    broker.stop()
    started = time.monotonic()
    response = client.post(reverse("cooperations:inquiry-review", args=[draft.token]))
    elapsed = time.monotonic() - started
    assert response.status_code == 302, response.content.decode()[:2000]
    done = client.get(response["Location"])
    assert done.status_code == 200
    case = Cooperation.objects.get()
    assert case.reference in done.content.decode()
    assert case.title == "Gemeinsamer Bauhof"
    # The mails were really handed to the (stopped) broker, and that failed quietly.
    assert any("task not published" in r.getMessage() for r in caplog.records), [
        r.getMessage() for r in caplog.records
    ]
    # The broker outage costs the user a few seconds at most, never a 500.
    assert elapsed < 15
    broker.start()
    # With Redis back, the portal serves the next user's pages as before.
    assert client.get(reverse("cooperations:my-cases")).status_code == 200


@pytest.fixture
def full_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(self: FileSystemStorage, name: str, content: Any) -> str:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(FileSystemStorage, "_save", refuse)


def _media_files(settings: Any) -> set[Path]:
    root = Path(settings.MEDIA_ROOT)
    return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()


def test_a_case_document_the_disk_refuses_gives_a_clear_message_and_no_row(
    full_disk: None, anna: User, case_kassel: Cooperation, settings: Any
) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(anna)
    before = _media_files(settings)
    response = client.post(
        reverse("cooperations:case-document-upload", args=[case_kassel.pk]),
        {"kind": Document.Kind.OTHER, "file": SimpleUploadedFile("vertrag.pdf", PDF, "application/pdf")},
    )
    body = response.content.decode()
    assert response.status_code == 503
    assert "Die Datei konnte nicht gespeichert werden" in body
    assert "Traceback" not in body
    assert not Document.objects.exists()
    assert _media_files(settings) == before


def test_an_inquiry_attachment_the_disk_refuses_leaves_the_draft_unchanged(
    full_disk: None, anna: User, kassel: Municipality, fulda: Municipality, settings: Any
) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(anna)
    draft = InquiryDraft.objects.create(user=anna, data=complete_data(kassel, [fulda]))
    before = dict(draft.data)
    response = client.post(
        reverse("cooperations:inquiry-step", args=[draft.token, "anhaenge"]),
        {"aktion": "hochladen", "file": SimpleUploadedFile("plan.pdf", PDF, "application/pdf")},
    )
    assert response.status_code == 503
    assert "Die Datei konnte nicht gespeichert werden" in response.content.decode()
    draft.refresh_from_db()
    assert draft.data == before
    assert not draft.data.get("attachments")
