"""Media files no row references: the daily sweep lists them (dry run) and deletes them
only when told; files that rows reference, and young files, always stay."""

from __future__ import annotations

import logging
import os
import time
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from accounts.models import User
from contacts.models import Municipality
from cooperations.models import Cooperation, Document, InquiryDraft
from core.tasks import sweep_orphan_files

pytestmark = pytest.mark.django_db
DAY = 24 * 3600


def _file(root: Path, name: str, *, age_s: float) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"%PDF-1.7\n%%EOF\n")
    when = time.time() - age_s
    os.utime(path, (when, when))
    return path


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def files(media: Path, case_kassel: Cooperation, anna: User, kassel: Municipality) -> dict[str, Path]:
    kept = _file(media, f"documents/{case_kassel.pk}/kept.pdf", age_s=3 * DAY)
    Document.objects.create(cooperation=case_kassel, file=f"documents/{case_kassel.pk}/kept.pdf",
                            original_name="a.pdf", content_type="application/pdf", size=15)  # fmt: skip
    draft = _file(media, "drafts/abc/attached.pdf", age_s=3 * DAY)
    InquiryDraft.objects.create(user=anna, data={"attachments": [{"name": "drafts/abc/attached.pdf"}]})
    return {
        "kept": kept,
        "draft": draft,
        "orphan": _file(media, f"documents/{case_kassel.pk}/stub.pdf", age_s=2 * DAY),
        "orphan_report": _file(media, "reports/jahresstatistik-2020-9.pdf", age_s=2 * DAY),
        # Written a moment ago: its row may be in a transaction not yet committed.
        "young": _file(media, f"documents/{case_kassel.pk}/young.pdf", age_s=60),
    }


def test_the_sweep_first_only_lists_the_orphans(
    files: dict[str, Path], settings: Any, caplog: pytest.LogCaptureFixture
) -> None:
    settings.IKZ_ORPHAN_FILES_DELETE = False
    with caplog.at_level(logging.INFO, logger="core.orphans"):
        assert sweep_orphan_files() == 2
    assert all(path.exists() for path in files.values())
    listed = [r.file for r in caplog.records if r.getMessage() == "orphan file found (dry run, kept)"]  # type: ignore[attr-defined]
    assert sorted(listed) == [
        str(files["orphan"].relative_to(settings.MEDIA_ROOT)),
        "reports/jahresstatistik-2020-9.pdf",
    ]


def test_the_sweep_deletes_only_unreferenced_old_files_once_allowed(
    files: dict[str, Path], settings: Any, caplog: pytest.LogCaptureFixture
) -> None:
    settings.IKZ_ORPHAN_FILES_DELETE = True
    with caplog.at_level(logging.INFO, logger="core.orphans"):
        assert sweep_orphan_files() == 2
    assert not files["orphan"].exists()
    assert not files["orphan_report"].exists()
    assert files["kept"].exists() and files["draft"].exists() and files["young"].exists()
    assert sum(r.getMessage() == "orphan file removed" for r in caplog.records) == 2


def test_the_command_lists_by_default_and_deletes_with_delete(files: dict[str, Path]) -> None:
    out = StringIO()
    call_command("orphan_files", stdout=out)
    assert "2 verwaiste Dateien" in out.getvalue()
    assert "Probelauf, nichts gelöscht" in out.getvalue()
    assert files["orphan"].exists()
    out = StringIO()
    call_command("orphan_files", "--delete", "--min-age-hours=0", stdout=out)
    # With no minimum age the young file goes too; referenced ones never.
    assert "3 verwaiste Dateien" in out.getvalue()
    assert not files["young"].exists()
    assert files["kept"].exists() and files["draft"].exists()
    assert Document.objects.count() == 1
