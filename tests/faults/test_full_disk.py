"""A really full disk (a tiny tmpfs as MEDIA_ROOT) refusing a case document, an inquiry
attachment and a report PDF: each answers as before (503 with the truth, no row, the
draft unchanged, the report retried) and leaves no truncated file behind (issue 19:
57,344 bytes per refused upload, a 24,576-byte PDF)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from accounts.models import User
from contacts.models import Municipality
from cooperations.models import Cooperation, Document, InquiryDraft
from reports import services
from reports.models import Report
from tests.portal.conftest import complete_data

pytestmark = pytest.mark.django_db
FREE_BYTES = 16 * 1024
# Larger than what is left, so the write fails half-way, as on the real full disk.
BIG_PDF = b"%PDF-1.7\n" + b"%" + b"x" * 200_000 + b"\n%%EOF\n"


@pytest.fixture
def full_media(settings: Any) -> Iterator[Path]:
    """MEDIA_ROOT on its own 512 KiB tmpfs, filled up to FREE_BYTES by a file beside it."""
    if os.geteuid() != 0:
        pytest.skip("tmpfs einhängen braucht root")
    mount = Path(tempfile.mkdtemp(prefix="ikz-full-disk-"))
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", str(mount)], check=True)
    try:
        media = mount / "media"
        media.mkdir()
        for sub in ("documents", "drafts", "reports"):
            (media / sub).mkdir()  # directories exist, as on a long-running system
        stats = os.statvfs(mount)
        filler = stats.f_bavail * stats.f_frsize - FREE_BYTES
        (mount / "filler").write_bytes(b"\0" * filler)
        settings.MEDIA_ROOT = media
        yield media
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)
        mount.rmdir()


def files_in(root: Path) -> list[tuple[str, int]]:
    return sorted((str(p.relative_to(root)), p.stat().st_size) for p in root.rglob("*") if p.is_file())


def test_a_case_document_on_a_full_disk_leaves_no_partial_file(
    full_media: Path, anna: User, case_kassel: Cooperation
) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(anna)
    for _attempt in range(2):  # the retry left a 0-byte file
        response = client.post(
            reverse("cooperations:case-document-upload", args=[case_kassel.pk]),
            {
                "kind": Document.Kind.OTHER,
                "file": SimpleUploadedFile("vertrag.pdf", BIG_PDF, "application/pdf"),
            },
        )
        body = response.content.decode()
        assert response.status_code == 503
        assert "Die Datei konnte nicht gespeichert werden" in body
        assert "Ihre Datei wurde nicht gespeichert" in body
        assert "nichts verändert" not in body  # no promise the page cannot keep
    assert not Document.objects.exists()
    assert files_in(full_media) == []


def test_an_inquiry_attachment_on_a_full_disk_leaves_no_partial_file(
    full_media: Path, anna: User, kassel: Municipality, fulda: Municipality
) -> None:
    client = Client(raise_request_exception=False)
    client.force_login(anna)
    draft = InquiryDraft.objects.create(user=anna, data=complete_data(kassel, [fulda]))
    before = dict(draft.data)
    response = client.post(
        reverse("cooperations:inquiry-step", args=[draft.token, "anhaenge"]),
        {"aktion": "hochladen", "file": SimpleUploadedFile("plan.pdf", BIG_PDF, "application/pdf")},
    )
    assert response.status_code == 503
    draft.refresh_from_db()
    assert draft.data == before
    assert files_in(full_media) == []


def test_a_report_pdf_on_a_full_disk_leaves_no_partial_file_and_is_retried(full_media: Path) -> None:
    report = Report.objects.create(
        year=2021, cutoff=dt.date(2021, 12, 31), data_version="v", status=Report.Status.QUEUED
    )
    attempt = services.report_claim(report.pk, worker="celery@test")
    assert attempt == 1
    with pytest.raises(OSError, match="No space left"):
        services.report_render(pk=report.pk, attempt=attempt)
    assert files_in(full_media) == []
    assert services.report_mark_retry(pk=report.pk, attempt=attempt)
    report.refresh_from_db()
    assert report.status == Report.Status.QUEUED
    assert not report.file
