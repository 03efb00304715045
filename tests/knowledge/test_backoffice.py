"""The knowledge base in the back office: an adviser adds an entry with a file, a
wrong file is refused with what was typed kept, and a new version is put in place."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from knowledge.models import Entry
from knowledge.services import FILE_TYPE_NOT_ALLOWED
from tests.knowledge.conftest import docx, make_entry, pdf, xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def adviser(clara: Any) -> Client:
    client = Client()
    client.force_login(clara)
    return client


def form(**changes: Any) -> dict[str, Any]:
    return {
        "kind": "mustervereinbarung",
        "title": "Muster: Zweckverbandssatzung",
        "summary": "Satzung zum Anpassen.",
        "body": "",
        "legal_forms": ["zweckverband"],
        "land": "06",
        "version": "1.0",
        "valid_from": "01.01.2026",
        "is_published": "on",
        **changes,
    }


def test_an_adviser_adds_an_entry_with_a_checked_file(adviser: Client, clara: Any) -> None:
    response = adviser.post(reverse("admin:knowledge_entry_add"), form(upload=docx("satzung.docx")))
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = Entry.objects.get()
    assert entry.original_name == "satzung.docx" and entry.legal_forms == ["zweckverband"]
    assert entry.changed_by == clara
    assert entry.history.first().history_user == clara  # type: ignore[attr-defined]


def test_a_spreadsheet_is_refused_and_what_was_typed_stays(adviser: Client) -> None:
    response = adviser.post(reverse("admin:knowledge_entry_add"), form(upload=xlsx()))
    text = response.content.decode()
    assert response.status_code == 200
    assert FILE_TYPE_NOT_ALLOWED in text
    assert 'value="Muster: Zweckverbandssatzung"' in text
    assert not Entry.objects.exists()


def test_an_entry_needs_a_file_or_a_text(adviser: Client) -> None:
    response = adviser.post(reverse("admin:knowledge_entry_add"), form())
    assert "Geben Sie eine Datei oder einen Seitentext an." in response.content.decode()
    assert not Entry.objects.exists()


def test_a_new_version_from_the_change_page(adviser: Client) -> None:
    old = make_entry(title="Checkliste Gründung", upload=pdf())
    change = adviser.get(reverse("admin:knowledge_entry_change", args=[old.pk])).content.decode()
    url = reverse("admin:knowledge_entry_new_version", args=[old.pk])
    assert url in change
    same = adviser.post(url, {"version": "1.0", "valid_from": "01.06.2026"})
    assert same.status_code == 422 and "eine andere Bezeichnung" in same.content.decode()
    response = adviser.post(url, {"version": "2.0", "valid_from": "01.06.2026", "upload": pdf("neu.pdf")})
    new = Entry.objects.get(version="2.0")
    assert response["Location"] == reverse("admin:knowledge_entry_change", args=[new.pk])
    old.refresh_from_db()
    assert old.superseded_by == new and new.original_name == "neu.pdf"


def test_a_deleted_entry_takes_its_file_with_it(
    adviser: Client, clara: Any, django_capture_on_commit_callbacks: Any
) -> None:
    response = adviser.post(reverse("admin:knowledge_entry_add"), form(upload=docx("satzung.docx")))
    assert response.status_code == 302
    entry = Entry.objects.get()
    storage, name = entry.file.storage, entry.file.name
    assert storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        response = adviser.post(reverse("admin:knowledge_entry_delete", args=[entry.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Entry.objects.exists() and not storage.exists(name)
    assert Entry.history.get(history_type="-").history_user == clara  # type: ignore[attr-defined]
