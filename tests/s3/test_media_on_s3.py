"""Case documents, inquiry attachments and report PDFs on S3-compatible storage: the
object lands in the bucket, the portal serves it back byte for byte, a missing object
is the German 404 page, and the orphan sweep lists the bucket."""

from __future__ import annotations

import datetime as dt
import io
import logging

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from accounts.models import User
from contacts.models import Municipality
from cooperations.models import Cooperation, Document, InquiryDraft
from core.orphans import orphan_files
from reports import services
from reports.models import Report
from tests.portal.conftest import PDF, complete_data, pdf_upload

from .conftest import objects, s3_client

pytestmark = pytest.mark.django_db


def _download(client: Client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    return b"".join(response.streaming_content)


def test_a_case_document_is_stored_in_the_bucket_and_downloaded(
    s3_media: str, anna: User, case_kassel: Cooperation
) -> None:
    client = Client()
    client.force_login(anna)
    response = client.post(
        reverse("cooperations:case-document-upload", args=[case_kassel.pk]),
        {"kind": "beschluss", "file": pdf_upload("Beschluss Rat.pdf")},
    )
    assert response.status_code == 302
    document = case_kassel.documents.get()
    assert objects(s3_media) == {document.file.name: PDF}
    url = reverse("cooperations:document-download", args=[case_kassel.pk, document.pk])
    assert _download(client, url) == PDF


def test_an_inquiry_attachment_goes_to_the_bucket_and_becomes_a_case_document(
    s3_media: str, anna: User, kassel: Municipality, fulda: Municipality
) -> None:
    client = Client()
    client.force_login(anna)
    data = complete_data(kassel, [fulda])
    data["done"].remove("anhaenge")
    draft = InquiryDraft.objects.create(user=anna, data=data)
    step = reverse("cooperations:inquiry-step", args=[draft.token, "anhaenge"])
    assert client.post(step, {"aktion": "hochladen", "file": pdf_upload("plan.pdf")}).status_code in (
        200,
        302,
    )
    draft.refresh_from_db()
    (attachment,) = draft.data["attachments"]
    assert objects(s3_media) == {attachment["name"]: PDF}
    assert client.post(step, {"aktion": "weiter"}).status_code == 302
    response = client.post(reverse("cooperations:inquiry-review", args=[draft.token]))
    assert response.status_code == 302, response.content.decode()[:1000]
    document = Document.objects.get()
    assert document.file.name == attachment["name"]
    url = reverse("cooperations:document-download", args=[document.cooperation_id, document.pk])
    assert _download(client, url) == PDF


def test_a_report_pdf_is_rendered_into_the_bucket_and_downloaded(s3_media: str, dieter: User) -> None:
    report = Report.objects.create(
        year=2021, cutoff=dt.date(2021, 12, 31), data_version="v", status=Report.Status.QUEUED
    )
    attempt = services.report_claim(report.pk, worker="celery@s3")
    assert attempt is not None
    assert services.report_render(pk=report.pk, attempt=attempt)
    report.refresh_from_db()
    stored = objects(s3_media)
    name = str(report.file.name)
    assert list(stored) == [name]
    client = Client()
    client.force_login(dieter)
    pdf = _download(client, reverse("reports:report-download", args=[report.pk]))
    assert pdf == stored[name]
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Jahresstatistik" in text and "2021" in text
    # A second render of the same report replaces its own object, no second one appears.
    Report.objects.filter(pk=report.pk).update(status=Report.Status.QUEUED)
    attempt = services.report_claim(report.pk, worker="celery@s3")
    assert attempt is not None and services.report_render(pk=report.pk, attempt=attempt)
    assert list(objects(s3_media)) == [name]


def test_a_missing_object_is_the_german_404_and_an_unreferenced_one_an_orphan(
    s3_media: str, anna: User, case_kassel: Cooperation, caplog: pytest.LogCaptureFixture
) -> None:
    name = f"documents/{case_kassel.pk}/weg.pdf"
    document = Document.objects.create(
        cooperation=case_kassel, file=name, original_name="a.pdf", content_type="application/pdf", size=3
    )
    client = Client(raise_request_exception=False)
    client.force_login(anna)
    with caplog.at_level(logging.ERROR, logger="core.errors"):
        response = client.get(reverse("cooperations:document-download", args=[case_kassel.pk, document.pk]))
    assert response.status_code == 404
    assert "Datei nicht vorhanden" in response.content.decode()
    assert any(r.getMessage() == "media file missing" for r in caplog.records)
    s3_client().put_object(Bucket=s3_media, Key="documents/verwaist.pdf", Body=PDF)
    found = orphan_files(min_age=dt.timedelta(0))
    assert [o.name for o in found] == ["documents/verwaist.pdf"]
