"""Documents a municipality uploaded open for the adviser (issue #14): through a checked,
audited download view of the back office, never through /media/ (not served)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import AuditEvent, User
from cooperations.models import Cooperation, Document
from cooperations.services import document_add
from tests.portal.conftest import PDF, pdf_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def uploaded(case_kassel: Cooperation, anna: User) -> Document:
    return document_add(case=case_kassel, upload=pdf_upload("Ratsbeschluss Bauhof.pdf"), actor=anna)


def download(document: Document) -> str:
    return reverse("admin:cooperations_document_download", args=[document.pk])


def test_the_adviser_downloads_what_the_municipality_uploaded_and_it_is_audited(
    adviser: Client, clara: User, uploaded: Document
) -> None:
    response = adviser.get(download(uploaded))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF  # type: ignore[attr-defined]
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Ratsbeschluss" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.OTHER, detail__what="document_download")
    assert event.actor == clara
    assert event.detail["document"] == uploaded.pk
    assert event.detail["case"] == uploaded.cooperation.reference


def test_the_datei_link_of_the_document_page_points_to_the_download(
    adviser: Client, uploaded: Document
) -> None:
    page = adviser.get(reverse("admin:cooperations_document_change", args=[uploaded.pk])).content.decode()
    assert f'href="{download(uploaded)}"' in page
    assert "/media/" not in page


def test_the_case_page_document_rows_point_to_the_download(adviser: Client, uploaded: Document) -> None:
    case = uploaded.cooperation
    page = adviser.get(reverse("admin:cooperations_cooperation_change", args=[case.pk])).content.decode()
    assert f'href="{download(uploaded)}"' in page
    assert "/media/" not in page


def test_the_budget_adviser_and_municipal_staff_get_no_file(
    budget_adviser: Client, client: Client, anna: User, uploaded: Document
) -> None:
    assert budget_adviser.get(download(uploaded)).status_code == 403
    client.force_login(anna)
    response = client.get(download(uploaded))
    assert response.status_code == 403  # the permission matrix: no back-office role, no file
    assert not AuditEvent.objects.filter(detail__what="document_download").exists()


@pytest.mark.parametrize("object_id", ["999999", "²", "1" * 20, "abc"])
def test_an_unknown_document_is_a_404(adviser: Client, uploaded: Document, object_id: str) -> None:
    url = download(uploaded).replace(f"/{uploaded.pk}/", f"/{object_id}/")
    assert adviser.get(url).status_code == 404


def test_a_lost_file_is_a_404_not_a_500(adviser: Client, uploaded: Document) -> None:
    uploaded.file.delete(save=False)
    assert adviser.get(download(uploaded)).status_code == 404
