"""The dossier of one case: streamed as a ZIP to KIKZ advisers, with every file's
checksum in the manifest, the case file as PDF/A, and refused to everyone else."""

from __future__ import annotations

import csv
import io

import pikepdf
import pytest
from django.http import StreamingHttpResponse
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from accounts.models import AuditEvent, User
from cooperations.models import Cooperation
from tests.conftest import ARTIFACTS, PASSWORD
from tests.pdfua import assert_pdf_ua

from .conftest import Dossier, read_zip, verify_checksums

pytestmark = pytest.mark.django_db


def download(client: Client, user: User, case: Cooperation) -> tuple[StreamingHttpResponse, Dossier]:
    client.login(email=user.email, password=PASSWORD)
    response = client.get(reverse("dossier:case-zip", args=[case.pk]))
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    data = b"".join(response.streaming_content)  # type: ignore[arg-type]
    return response, read_zip(data, f"{case.reference}/")


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_the_adviser_gets_a_zip_whose_manifest_checksums_all_match(
    client: Client, clara: User, closed_case: Cooperation
) -> None:
    response, dossier = download(client, clara, closed_case)
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == f'attachment; filename="{closed_case.reference}-dossier.zip"'
    verify_checksums(dossier)
    names = sorted(row["name"] for row in dossier.manifest["dateien"])
    assert names == [
        "auszahlungen.csv",
        "dokumente/0001-Gremienbeschluss Kassel.pdf",
        "dokumente/0002-Vertrag_Entwurf_ Ä ö ü ß.pdf",
        "dokumente/0003-Interner Vermerk.pdf",
        "fallakte.pdf",
        "foerderungen.csv",
        "nachrichten.pdf",
        "verlauf.pdf",
    ]
    # The documents as uploaded, byte for byte, including the internal one.
    assert dossier.files[f"{dossier.folder}dokumente/0003-Interner Vermerk.pdf"].endswith(b"% intern\n")


def test_the_manifest_carries_the_cases_metadata(
    client: Client, clara: User, closed_case: Cooperation
) -> None:
    _response, dossier = download(client, clara, closed_case)
    case = dossier.manifest["vorgang"]
    assert case["aktenzeichen"] == closed_case.reference
    assert case["titel"] == "Gemeinsamer Bauhof Kassel"
    assert case["status"] == "abgeschlossen"
    assert case["abgeschlossen_am"] == "2025-11-20"
    assert case["federfuehrende_kommune"] == {"name": "Kassel", "ags": "06611000"}
    assert {p["ags"] for p in case["beteiligte"]} == {"06611000", "06631016"}
    assert dossier.manifest["erstellt_von"] == "Clara Klein"
    document = next(r for r in dossier.manifest["dateien"] if r["name"].startswith("dokumente/0002"))
    assert document["originalname"] == "Vertrag/Entwurf: Ä ö ü ß.pdf"


def test_the_case_file_is_archival_pdf_a_and_still_tagged(
    client: Client, clara: User, closed_case: Cooperation
) -> None:
    _response, dossier = download(client, clara, closed_case)
    for name in ("fallakte.pdf", "nachrichten.pdf", "verlauf.pdf"):
        data = dossier.files[dossier.folder + name]
        with pikepdf.open(io.BytesIO(data)) as pdf:
            meta = pdf.open_metadata()
            assert meta["pdfaid:part"] == "3", name
            assert meta["pdfaid:conformance"] == "U", name
            intent = pdf.Root.OutputIntents[0]
            assert intent.S == "/GTS_PDFA1"
            assert "/DestOutputProfile" in intent
            assert pdf.Root.MarkInfo.Marked
        assert_pdf_ua(data)
        ARTIFACTS.mkdir(exist_ok=True)
        (ARTIFACTS / f"dossier-{name}").write_bytes(data)  # to look at (pdftoppm -png -r 60)
    assert closed_case.reference in pdf_text(dossier.files[dossier.folder + "fallakte.pdf"])


def test_messages_and_history_are_readable_pdfs(
    client: Client, clara: User, closed_case: Cooperation
) -> None:
    _response, dossier = download(client, clara, closed_case)
    messages = pdf_text(dossier.files[dossier.folder + "nachrichten.pdf"])
    assert "Anbei der Beschluss des Rates." in messages
    assert "von der Kommune" in messages and "vom KIKZ" in messages
    history = pdf_text(dossier.files[dossier.folder + "verlauf.pdf"])
    assert "Verwendungsnachweis geprüft" in history
    assert "Verwendungsnachweis → abgeschlossen" in history


def test_grants_and_payments_are_german_csv(client: Client, clara: User, closed_case: Cooperation) -> None:
    _response, dossier = download(client, clara, closed_case)
    grants = dossier.files[dossier.folder + "foerderungen.csv"].decode("utf-8")
    assert grants.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(grants.removeprefix("\ufeff")), delimiter=";"))
    assert "bewilligt" in rows[0]
    assert rows[1][rows[0].index("bewilligt")] == "75.000,00 €"
    payments = dossier.files[dossier.folder + "auszahlungen.csv"].decode("utf-8").removeprefix("\ufeff")
    rows = list(csv.reader(io.StringIO(payments), delimiter=";"))
    assert rows[1][rows[0].index("Betrag")] == "1.234,56 €"
    assert rows[1][rows[0].index("Datum")] == "01.03.2025"


def test_the_export_is_audited(client: Client, clara: User, closed_case: Cooperation) -> None:
    download(client, clara, closed_case)
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.EXPORT)
    assert event.actor == clara
    assert event.detail["case"] == closed_case.reference
    assert event.detail["count"] == 3


@pytest.mark.parametrize("who", ["anna", "hanna", "dieter", "bernd"])
def test_municipal_users_budget_advisers_and_the_ministry_are_refused(
    client: Client, who: str, request: pytest.FixtureRequest, closed_case: Cooperation
) -> None:
    user: User = request.getfixturevalue(who)
    client.login(email=user.email, password=PASSWORD)
    response = client.get(reverse("dossier:case-zip", args=[closed_case.pk]))
    assert response.status_code == 404
    assert not isinstance(response, StreamingHttpResponse)
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.EXPORT).exists()


def test_anonymous_visitors_are_refused(client: Client, closed_case: Cooperation) -> None:
    response = client.get(reverse("dossier:case-zip", args=[closed_case.pk]))
    assert response.status_code == 404


def test_a_document_missing_from_the_storage_becomes_a_note_not_a_broken_zip(
    client: Client, clara: User, closed_case: Cooperation
) -> None:
    from django.core.files.storage import default_storage

    lost = closed_case.documents.get(original_name="Interner Vermerk.pdf")
    default_storage.delete(lost.file.name)
    _response, dossier = download(client, clara, closed_case)
    verify_checksums(dossier)
    note = dossier.files[f"{dossier.folder}dokumente/0003-Interner Vermerk.pdf.FEHLT.txt"].decode()
    assert "fehlt im Speicher" in note
    row = next(r for r in dossier.manifest["dateien"] if r["name"].startswith("dokumente/0003"))
    assert row["art"] == "fehlende_datei"


def test_the_case_page_links_the_dossier_for_advisers(
    client: Client, clara: User, closed_case: Cooperation
) -> None:
    client.login(email=clara.email, password=PASSWORD)
    page = client.get(reverse("admin:cooperations_cooperation_change", args=[closed_case.pk]))
    assert page.status_code == 200
    link = reverse("dossier:case-zip", args=[closed_case.pk])
    assert link.endswith("dossier.zip")
    assert f'href="{link}"'.encode() in page.content
    assert ">Dossier (ZIP)</a>" in page.content.decode()
