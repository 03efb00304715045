"""The register upload with its preview, and the export page, in a real browser:
axe clean under the enforced CSP, a suspicious file needs the tick, „Alle auswählen“ works."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from accounts import roles
from contacts.models import Municipality, RegisterImport
from contacts.register_guard import REGISTER_CONFIRM_WARNINGS
from tests.browser.conftest import axe_check, login, press, screenshot, visit
from tests.browser.test_backoffice_pages import staff
from tests.contacts.gv100ad_files import edition
from tests.factories import CooperationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def clara(settings: Any) -> Any:
    from accounts.roles import sync_groups

    sync_groups()  # the flush of a transactional test removed the groups
    return staff("clara@kikz.example", roles.KIKZ)


def test_a_suspicious_register_file_stops_at_the_preview_until_ticked(
    page: Any, live_server: Any, clara: Any, tmp_path: Path
) -> None:
    login(page, live_server, clara)
    visit(page, live_server, "/admin/contacts/municipality/verzeichnis-hochladen/")
    axe_check(page)
    screenshot(page, "register-upload")

    wrong_land = tmp_path / "GV100AD_31122021.txt"
    wrong_land.write_text(edition("20211231").replace("Hessen".ljust(50), "Bayern".ljust(50), 1))
    page.get_by_label("GV100AD-Datei").set_input_files(str(wrong_land))
    press(page, "Hochladen und prüfen")
    assert "Die Datei ist auffällig" in page.content()
    assert "Der Landessatz der Datei nennt „Bayern“" in page.content()
    axe_check(page)
    screenshot(page, "register-preview-warning")

    press(page, "Trotzdem einlesen")  # without the tick
    assert REGISTER_CONFIRM_WARNINGS in page.content()
    assert not Municipality.objects.exists()
    screenshot(page, "register-preview-refused")

    page.get_by_label("Ich habe die Hinweise geprüft").check()
    press(page, "Trotzdem einlesen")
    assert RegisterImport.objects.get().status == RegisterImport.Status.DONE
    assert Municipality.objects.count() == 9
    axe_check(page)
    screenshot(page, "register-upload-done")


def test_the_export_page_is_german_and_select_all_works(page: Any, live_server: Any, clara: Any) -> None:
    CooperationFactory(title="Gemeinsamer Bauhof")
    login(page, live_server, clara)
    visit(page, live_server, "/admin/cooperations/cooperation/export/")
    axe_check(page)
    screenshot(page, "backoffice-export")
    boxes = page.locator('.selectable-field-export-row input[type="checkbox"]')
    assert boxes.count() > 10
    page.get_by_label("Alle auswählen").uncheck()
    assert all(not boxes.nth(i).is_checked() for i in range(boxes.count()))
    page.get_by_label("Aktenzeichen", exact=True).check()
    assert boxes.nth(0).is_checked()
