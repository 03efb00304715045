"""Issue 16, part 3 in Chromium: Kassel uploads its council resolution in the portal; the
adviser closes the case, downloads its dossier from the case page (the ZIP holds the
upload, byte for byte, with its checksum in the manifest), orders the export of the
year's closed cases and downloads it when the list shows it done. Axe and screenshots
on every page of the back office on the way."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import zipfile
from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from cooperations.models import Cooperation, Status
from tests.browser.conftest import axe_check, login, press, screenshot, visit
from tests.browser.wizard import PDF
from tests.dossier.conftest import close
from tests.smtp import Inbox, smtp_server

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RESOLUTION = PDF + b"% Beschluss der Stadtverordnetenversammlung Kassel\n"


@pytest.fixture
def smtp(settings: Any) -> Iterator[Inbox]:
    with smtp_server() as inbox:
        settings.MAILERS = {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": inbox.port, "timeout": 5},
            }
        }
        yield inbox


def look(page: Any, name: str) -> None:
    axe_check(page)
    screenshot(page, f"dossier-{name}")


def test_the_municipality_uploads_the_adviser_exports_the_dossier_and_the_year(
    page: Any,
    browser: Any,
    live_server: Any,
    smtp: Inbox,
    settings: Any,
    anna: User,
    clara: User,
    case_kassel: Cooperation,
) -> None:
    settings.IKZ_REQUIRE_STAFF_2FA = False  # the second factor has its own tests (tests/backoffice)
    case = case_kassel

    # Kassel uploads its council resolution on its case page.
    login(page, live_server, anna)
    visit(page, live_server, reverse("cooperations:case-detail", args=[case.pk]))
    page.get_by_label("Art des Dokuments").select_option(label="Gremienbeschluss")
    page.get_by_label("Datei").set_input_files(
        {"name": "Beschluss Stadtverordnete.pdf", "mimeType": "application/pdf", "buffer": RESOLUTION}
    )
    press(page, "Hochladen")
    assert case.documents.get().original_name == "Beschluss Stadtverordnete.pdf"

    # The case is closed (its workflow has its own tests); the adviser opens it.
    last_year = timezone.localdate().year - 1
    close(case, dt.datetime(last_year, 11, 3, 9, 0, tzinfo=dt.UTC), actor=clara)
    assert case.status == Status.CLOSED
    office = browser.new_context(
        locale="de-DE",
        timezone_id="Europe/Berlin",
        viewport={"width": 1280, "height": 900},
        accept_downloads=True,
    ).new_page()
    office.set_default_timeout(30_000)
    login(office, live_server, clara)
    visit(office, live_server, reverse("admin:cooperations_cooperation_change", args=[case.pk]))
    link = office.get_by_role("link", name="Dossier (ZIP)")
    assert link.get_attribute("href").endswith(f"/dossier/vorgang/{case.pk}/dossier.zip")
    look(office, "1-vorgang")
    with office.expect_download() as caught:
        link.click()
    download = caught.value
    assert download.suggested_filename == f"{case.reference}-dossier.zip"
    with zipfile.ZipFile(download.path()) as archive:
        manifest = json.loads(archive.read(f"{case.reference}/manifest.json"))
        uploaded = archive.read(f"{case.reference}/dokumente/0001-Beschluss Stadtverordnete.pdf")
    assert uploaded == RESOLUTION
    row = next(r for r in manifest["dateien"] if r["name"].startswith("dokumente/"))
    assert row["sha256"] == hashlib.sha256(RESOLUTION).hexdigest()
    assert manifest["vorgang"]["abgeschlossen_am"] == f"{last_year}-11-03"

    # The year's export: ordered, built (eagerly, in the request here), shown, downloaded.
    visit(office, live_server, reverse("admin:dossier_dossierexport_changelist"))
    with office.expect_navigation(wait_until="load"):
        office.get_by_role("link", name="Dossier-Export eines Jahres anfordern").click()
    look(office, "2-anfordern")
    office.get_by_label("Jahr des Abschlusses").select_option(str(last_year))
    press(office, "Export anfordern")
    text = office.content()
    assert f"Der Dossier-Export {last_year} wird erstellt." in text
    office.reload()
    assert "1 von 1 Vorgängen" in office.content()
    look(office, "3-liste")
    with office.expect_download() as caught:
        office.get_by_role("link", name="ZIP herunterladen").first.click()
    with zipfile.ZipFile(io.BytesIO(open(caught.value.path(), "rb").read())) as archive:
        index = json.loads(archive.read("inhalt.json"))
    assert [c["aktenzeichen"] for c in index["vorgaenge"]] == [case.reference]

    # The start page shows the export too.
    visit(office, live_server, reverse("admin:index"))
    assert "Dossier-Exporte" in office.content()
    look(office, "4-startseite")
