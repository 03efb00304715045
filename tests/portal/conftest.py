"""Shared pieces of the municipal portal tests."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import User
from contacts.models import Municipality
from cooperations.models import Cooperation, Document, InquiryDraft
from cooperations.services import document_add

# Just enough of each format for `filetype` to recognise it by its magic bytes.
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


def pdf_upload(name: str = "skizze.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def kassel_document(case_kassel: Cooperation, anna: User) -> Document:
    return document_add(case=case_kassel, upload=pdf_upload("vertrag.pdf"), actor=anna)


@pytest.fixture
def anna_draft(anna: User, kassel: Municipality) -> InquiryDraft:
    return InquiryDraft.objects.create(user=anna, data={"municipality": kassel.pk, "done": ["kommune"]})


def complete_data(own: Municipality, partners: list[Municipality], **extra: Any) -> dict[str, Any]:
    from cooperations.models import FieldOfAction

    field = FieldOfAction.objects.order_by("position").first()
    assert field is not None
    checklist: dict[str, Any] = {"q1_fields": [field.pk], "q1_comment": ""}
    for n in range(2, 8):
        checklist[f"q{n}"] = "ja"
        checklist[f"q{n}_comment"] = ""
    return {
        "municipality": own.pk,
        "partners": [p.pk for p in partners],
        "other_partners": "",
        "fields": [field.pk],
        "stage": "austausch",
        "title": "Gemeinsamer Bauhof",
        "description": "Zwei Bauhöfe werden einer.",
        "checklist": checklist,
        "done": ["kommune", "partner", "handlungsfelder", "stufe", "beschreibung", "checkliste", "anhaenge"],
        **extra,
    }
