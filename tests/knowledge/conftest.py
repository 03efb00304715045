"""Knowledge entries for the tests, written through the services."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cooperations.models import FieldOfAction
from knowledge.models import Entry
from knowledge.services import entry_save

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def zipped(*entries: tuple[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, content in entries:
            z.writestr(name, content)
    return out.getvalue()


def docx(name: str = "muster.docx") -> SimpleUploadedFile:
    content = zipped(
        ("[Content_Types].xml", "<Types/>"), ("_rels/.rels", "<x/>"), ("word/document.xml", "<w/>")
    )
    return SimpleUploadedFile(name, content)


def xlsx(name: str = "tabelle.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, zipped(("[Content_Types].xml", "<Types/>"), ("xl/workbook.xml", "<w/>")))


def pdf(name: str = "leitfaden.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF)


def make_entry(*, upload: Any = None, fields: list[FieldOfAction] | None = None, **values: Any) -> Entry:
    defaults: dict[str, Any] = {
        "kind": Entry.Kind.GUIDE,
        "title": "Leitfaden Interkommunale Zusammenarbeit",
        "summary": "Schritt für Schritt zur Kooperation.",
        "valid_from": dt.date(2025, 1, 1),
        "is_published": True,
    }
    entry = Entry(**{**defaults, **values})
    if upload is None and not entry.body:
        entry.body = "Der Text der Seite."
    return entry_save(entry=entry, actor=None, upload=upload, fields_of_action=fields or [])


@pytest.fixture
def bauhof(db: None) -> FieldOfAction:
    return FieldOfAction.objects.get_or_create(name="Bauhof", defaults={"slug": "bauhof-test"})[0]
