"""A closed case with documents, messages, a grant with payments and a history: what an
auditor finds in its dossier."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from accounts.models import User
from cooperations.models import CaseEvent, Cooperation, Document, Status
from tests import factories

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def add_document(case: Cooperation, name: str, data: bytes, *, visible: bool = True) -> Document:
    """A stored upload as document_add leaves it (its checks are tested in cooperations)."""
    stored = default_storage.save(
        f"documents/{case.pk}/{hashlib.sha256(data).hexdigest()[:16]}.bin", ContentFile(data)
    )
    return Document.objects.create(
        cooperation=case,
        file=stored,
        original_name=name,
        content_type="application/pdf",
        size=len(data),
        visible_to_municipality=visible,
    )


def close(case: Cooperation, when: dt.datetime, actor: User | None = None) -> None:
    Cooperation.objects.filter(pk=case.pk).update(status=Status.CLOSED)
    event = CaseEvent.objects.create(
        cooperation=case,
        kind=CaseEvent.Kind.STATUS,
        old_status=Status.PROOF_OF_USE,
        new_status=Status.CLOSED,
        actor=actor,
        note="Verwendungsnachweis geprüft",
    )
    CaseEvent.objects.filter(pk=event.pk).update(created_at=when)
    case.refresh_from_db()


@dataclass
class Dossier:
    files: dict[str, bytes]
    manifest: dict[str, Any]
    folder: str


def read_zip(data: bytes, folder: str) -> Dossier:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        files = {info.filename: archive.read(info) for info in archive.infolist()}
    manifest = json.loads(files[f"{folder}manifest.json"])
    return Dossier(files=files, manifest=manifest, folder=folder)


def verify_checksums(dossier: Dossier) -> None:
    """Every file the manifest names is in the ZIP with its size and SHA-256, and every
    file of the folder but the manifest itself is named."""
    named = {dossier.folder + row["name"]: row for row in dossier.manifest["dateien"]}
    in_folder = {n for n in dossier.files if n.startswith(dossier.folder) and not n.endswith("manifest.json")}
    assert set(named) == in_folder
    for name, row in named.items():
        data = dossier.files[name]
        assert row["groesse"] == len(data), name
        assert row["sha256"] == hashlib.sha256(data).hexdigest(), name


@pytest.fixture
def closed_case(case_kassel: Cooperation, anna: User, clara: User) -> Cooperation:
    return make_closed_case(case_kassel, anna, clara)


def make_closed_case(case: Cooperation, anna: User, clara: User) -> Cooperation:
    Cooperation.objects.filter(pk=case.pk).update(adviser=clara, submitted_at=timezone.now())
    add_document(case, "Gremienbeschluss Kassel.pdf", PDF + b"% Kassel\n")
    add_document(case, "Vertrag/Entwurf: Ä ö ü ß.pdf", PDF + b"% Vertrag\n")
    add_document(case, "Interner Vermerk.pdf", PDF + b"% intern\n", visible=False)
    factories.MessageFactory(
        cooperation=case, author=anna, from_municipality=True, body="Anbei der Beschluss des Rates."
    )
    factories.MessageFactory(cooperation=case, author=clara, body="Danke, der Beschluss liegt vor.")
    grant = factories.GrantFactory(
        cooperation=case,
        approved_amount=Decimal("75000.00"),
        applied_amount=Decimal("80000.00"),
        file_number="F-1",
    )
    factories.DisbursementFactory(grant=grant, amount=Decimal("1234.56"), date=dt.date(2025, 3, 1))
    close(case, dt.datetime(2025, 11, 20, 10, 0, tzinfo=dt.UTC), actor=clara)
    return case
