"""The register upload in the back office: every upload stops at a dry-run preview;
a suspicious file runs only after the adviser ticks an explicit confirmation."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from contacts.models import Municipality, RegisterImport
from contacts.register import REGISTER_NO_MUNICIPALITIES, register_import
from contacts.register_guard import REGISTER_CONFIRM_WARNINGS
from tests.contacts.test_register_guard import HESSEN_2025, joined, lines_of, without_gemeinden

pytestmark = pytest.mark.django_db

UPLOAD = "admin:contacts_municipality_register_upload"


def post_file(client: Client, data: bytes, name: str = "GV100AD.txt") -> Any:
    return client.post(reverse(UPLOAD), {"file": SimpleUploadedFile(name, data)})


@pytest.fixture
def hessen(shared_data: Path) -> Path:
    register_import(data=(shared_data / HESSEN_2025).read_bytes())
    return shared_data / HESSEN_2025


def test_a_file_that_would_retire_204_kommunen_stops_at_the_preview_until_confirmed(
    adviser: Client, hessen: Path, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    response = post_file(adviser, joined(without_gemeinden(lines_of(hessen), 204)))
    assert response.status_code == 302
    preview_url = response["Location"]
    page = adviser.get(preview_url).content.decode()
    assert "Die Datei ist auffällig" in page
    assert "Die Datei würde 204 von 446 Kommunen des Landes Hessen (45,7 %)" in page
    assert "Trotzdem einlesen" in page
    job = RegisterImport.objects.exclude(status=RegisterImport.Status.DONE).get()
    assert (job.status, job.retired_count) == (RegisterImport.Status.PREVIEW, 204)

    # „Trotzdem einlesen“ without the tick: refused next to the box, nothing queued.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        refused = adviser.post(preview_url, {"confirm": "1"})
    assert refused.status_code == 422
    assert REGISTER_CONFIRM_WARNINGS in refused.content.decode()
    assert callbacks == []
    job.refresh_from_db()
    assert job.status == RegisterImport.Status.PREVIEW
    assert Municipality.objects.filter(valid_until__isnull=True).count() == 446

    with django_capture_on_commit_callbacks(execute=True):
        done = adviser.post(preview_url, {"confirm": "1", "accept_warnings": "on"})
    assert done.status_code == 302
    job.refresh_from_db()
    assert job.status == RegisterImport.Status.DONE, job.result
    assert job.warnings_confirmed and job.confirmed_by is not None
    assert Municipality.objects.filter(valid_until__isnull=True).count() == 446 - 204


def test_a_preview_can_be_discarded_and_nothing_is_imported(adviser: Client, hessen: Path) -> None:
    response = post_file(adviser, joined(without_gemeinden(lines_of(hessen), 204)))
    discarded = adviser.post(response["Location"], {"discard": "1"})
    assert discarded.status_code == 302
    job = RegisterImport.objects.exclude(status=RegisterImport.Status.DONE).get()
    assert job.status == RegisterImport.Status.FAILED
    assert "verworfen" in adviser.get(discarded["Location"]).content.decode()
    # A late confirmation of the discarded preview imports nothing either.
    assert adviser.post(response["Location"], {"confirm": "1", "accept_warnings": "on"}).status_code == 302
    job.refresh_from_db()
    assert job.status == RegisterImport.Status.FAILED
    assert Municipality.objects.filter(valid_until__isnull=True).count() == 446


def test_the_hostile_superscript_ags_is_refused_next_to_the_field(adviser: Client, hessen: Path) -> None:
    lines = lines_of(hessen)
    number = next(i for i, line in enumerate(lines, 1) if line.startswith("60") and line[10:18] == "06611000")
    lines[number - 1] = lines[number - 1][:16] + "²²" + lines[number - 1][18:]
    response = post_file(adviser, joined(lines))
    assert response.status_code == 422
    assert f"Zeile {number}: der Regionalschlüssel „066110²²“" in response.content.decode()
    assert not RegisterImport.objects.exclude(status=RegisterImport.Status.DONE).exists()


def test_a_file_of_another_land_is_refused_next_to_the_field(adviser: Client, hessen: Path) -> None:
    bavarian = [line[:10] + "09" + line[12:] if line.strip() else line for line in lines_of(hessen)]
    response = post_file(adviser, joined(bavarian))
    assert response.status_code == 422
    assert REGISTER_NO_MUNICIPALITIES.format(land="Hessen", code="06") in response.content.decode()
    assert Municipality.objects.filter(valid_until__isnull=True).count() == 446


def test_the_budget_adviser_may_neither_upload_nor_confirm(budget_adviser: Client, hessen: Path) -> None:
    assert post_file(budget_adviser, hessen.read_bytes()).status_code == 403
    job = RegisterImport.objects.create(file_name="gv.txt", status=RegisterImport.Status.PREVIEW)
    url = reverse("admin:contacts_municipality_register_preview", args=[job.pk])
    assert budget_adviser.post(url, {"confirm": "1"}).status_code == 403
    job.refresh_from_db()
    assert job.status == RegisterImport.Status.PREVIEW
