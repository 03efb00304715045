"""The dossier with its documents on S3-compatible storage: each object is read as a
stream from the bucket (not through S3File, which downloads whole objects into memory),
a missing object becomes the note in the ZIP, and the year's export lands in the bucket."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from cooperations.models import Cooperation
from dossier import services
from dossier.models import DossierExport
from tests.dossier.conftest import add_document, make_closed_case, read_zip, verify_checksums

from .conftest import objects, s3_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_case(s3_media: str, case_kassel: Cooperation, anna: User, clara: User) -> Cooperation:
    """The dossier tests' closed case, its documents in the bucket."""
    return make_closed_case(case_kassel, anna, clara)


def test_the_dossier_streams_documents_from_the_bucket(
    s3_media: str, clara: User, closed_case: Cooperation, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = add_document(closed_case, "Scan.pdf", b"%PDF-1.4\n" + bytes(range(256)) * 2048)
    assert big.file.name in objects(s3_media)
    from storages.backends.s3 import S3File

    def no_s3file(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("S3File lädt das ganze Objekt in den Speicher")

    monkeypatch.setattr(S3File, "_get_file", no_s3file)
    s3_client().delete_object(
        Bucket=s3_media, Key=closed_case.documents.get(original_name="Interner Vermerk.pdf").file.name
    )
    client = Client()
    client.force_login(clara)
    response = client.get(reverse("dossier:case-zip", args=[closed_case.pk]))
    assert response.status_code == 200
    dossier = read_zip(b"".join(response.streaming_content), f"{closed_case.reference}/")  # type: ignore[attr-defined]
    verify_checksums(dossier)
    assert dossier.files[f"{dossier.folder}dokumente/0004-Scan.pdf"] == objects(s3_media)[big.file.name]
    assert f"{dossier.folder}dokumente/0003-Interner Vermerk.pdf.FEHLT.txt" in dossier.files


def test_the_export_of_a_year_is_stored_in_the_bucket(
    s3_media: str, clara: User, closed_case: Cooperation, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        export = services.dossier_export_order(year=2025, actor=clara)
    export.refresh_from_db()
    assert export.status == DossierExport.Status.DONE, export.error
    stored = objects(s3_media)[str(export.file.name)]
    verify_checksums(read_zip(stored, f"{closed_case.reference}/"))
