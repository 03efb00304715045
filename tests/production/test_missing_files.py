"""A row whose file is gone from the storage (lost volume, a restore without media):
the download answers the German „Datei nicht vorhanden“ page with 404, never a 500,
and the operator finds it in the log – for case documents as for report PDFs."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from cooperations.models import Cooperation, Document
from reports.models import Report

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def _assert_missing_page(response: Any, caplog: pytest.LogCaptureFixture, name: str) -> None:
    body = response.content.decode()
    assert response.status_code == 404
    assert '<h1 class="kern-heading-x-large">Datei nicht vorhanden</h1>' in body
    assert "nicht mehr vorhanden" in body
    assert "Traceback" not in body
    logged = [r for r in caplog.records if r.getMessage() == "media file missing"]
    assert [r.file for r in logged] == [name]  # type: ignore[attr-defined]
    assert logged[0].levelno == logging.ERROR


def test_a_document_without_its_file_answers_a_german_404_and_is_logged(
    anna: User, case_kassel: Cooperation, caplog: pytest.LogCaptureFixture
) -> None:
    name = f"documents/{case_kassel.pk}/weg.pdf"
    document = Document.objects.create(
        cooperation=case_kassel,
        file=name,
        original_name="Vertrag.pdf",
        content_type="application/pdf",
        size=9,
    )
    client = Client(raise_request_exception=False)
    client.force_login(anna)
    with caplog.at_level(logging.ERROR, logger="core.errors"):
        response = client.get(reverse("cooperations:document-download", args=[case_kassel.pk, document.pk]))
    _assert_missing_page(response, caplog, name)


def test_a_report_without_its_pdf_answers_a_german_404_and_is_logged(
    dieter: User, caplog: pytest.LogCaptureFixture
) -> None:
    report = Report.objects.create(
        year=2021,
        cutoff=dt.date(2021, 12, 31),
        data_version="v",
        status=Report.Status.DONE,
        file="reports/jahresstatistik-2021-weg.pdf",
        size=10,
    )
    client = Client(raise_request_exception=False)
    client.force_login(dieter)
    with caplog.at_level(logging.ERROR, logger="core.errors"):
        response = client.get(reverse("reports:report-download", args=[report.pk]))
    _assert_missing_page(response, caplog, "reports/jahresstatistik-2021-weg.pdf")


def test_an_unknown_page_keeps_the_ordinary_404(client: Client, db: None) -> None:
    body = client.get("/gibt-es-nicht/").content.decode()
    assert "Seite nicht gefunden" in body
    assert "Datei nicht vorhanden" not in body
