"""The batch export of every case closed in a year: ordered in the back office, built by
the worker with its progress on the row, downloaded (audited) when done."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent, User
from cooperations.models import Cooperation
from dossier import services
from dossier.models import DossierExport
from tests import factories
from tests.conftest import PASSWORD

from .conftest import PDF, add_document, close, read_zip, verify_checksums

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_cases(closed_case: Cooperation, case_fulda: Cooperation, clara: User) -> dict[str, Cooperation]:
    """A case closed late on New Year's Eve 2025 and one closed in the first minutes of
    2025 (Berlin time; both on another day in UTC), one closed in mid-2024 and one still
    open: the first two and the fixture's case belong to the export of 2025."""
    late: Cooperation = factories.CooperationFactory(  # type: ignore[assignment]
        title="Gemeinsame Kasse", lead_municipality=closed_case.lead_municipality
    )
    add_document(late, "Abschluss.pdf", PDF + b"% Abschluss\n")
    close(late, dt.datetime(2025, 12, 31, 22, 30, tzinfo=dt.UTC))  # 23:30 in Berlin
    early: Cooperation = factories.CooperationFactory(  # type: ignore[assignment]
        title="Alter Fall", lead_municipality=closed_case.lead_municipality
    )
    close(early, dt.datetime(2024, 12, 31, 23, 30, tzinfo=dt.UTC))  # 1 January 2025, 00:30 in Berlin
    previous: Cooperation = factories.CooperationFactory(  # type: ignore[assignment]
        title="Vorjahr", lead_municipality=closed_case.lead_municipality
    )
    close(previous, dt.datetime(2024, 6, 1, 12, 0, tzinfo=dt.UTC))
    return {"late": late, "early": early, "previous": previous, "open": case_fulda}


def finished_zip(export: DossierExport) -> zipfile.ZipFile:
    export.refresh_from_db()
    assert export.status == DossierExport.Status.DONE, export.error
    with default_storage.open(export.file.name, "rb") as handle:
        return zipfile.ZipFile(io.BytesIO(handle.read()))


def test_the_export_of_a_year_holds_every_case_closed_in_it_berlin_time(
    clara: User,
    closed_case: Cooperation,
    other_cases: dict[str, Cooperation],
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        export = services.dossier_export_order(year=2025, actor=clara)
    archive = finished_zip(export)
    index = json.loads(archive.read("inhalt.json"))
    references = [c["aktenzeichen"] for c in index["vorgaenge"]]
    assert references == sorted(
        [closed_case.reference, other_cases["late"].reference, other_cases["early"].reference]
    )
    assert other_cases["previous"].reference not in references
    assert (export.cases_done, export.cases_total, export.percent) == (3, 3, 100)
    assert export.attempts == 1
    data = default_storage.open(export.file.name, "rb").read()
    assert export.size == len(data)
    for reference in references:
        verify_checksums(read_zip(data, f"{reference}/"))


def test_a_second_order_of_the_same_year_returns_the_open_one(clara: User, closed_case: Cooperation) -> None:
    first = services.dossier_export_order(year=2025, actor=clara)  # stays REQUESTED: no commit in this test
    again = services.dossier_export_order(year=2025, actor=clara)
    assert again.pk == first.pk
    assert DossierExport.objects.count() == 1


def test_a_year_in_the_future_is_refused_in_german(clara: User) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as caught:
        services.dossier_export_order(year=timezone.localdate().year + 1, actor=clara)
    assert "Bitte geben Sie ein Jahr zwischen 2000 und" in caught.value.messages[0]


def test_a_worker_that_went_silent_is_taken_over_by_the_sweep(
    clara: User, closed_case: Cooperation, django_capture_on_commit_callbacks: Any
) -> None:
    export = DossierExport.objects.create(year=2025, requested_by=clara)
    assert services.dossier_export_claim(export.pk) == 1
    assert services.dossier_export_claim(export.pk) is None  # a duplicate message does nothing
    DossierExport.objects.filter(pk=export.pk).update(heartbeat_at=timezone.now() - dt.timedelta(hours=1))
    assert services.dossier_exports_recover() == 1  # eager: built at once, as attempt 2
    export.refresh_from_db()
    assert export.status == DossierExport.Status.DONE
    assert export.attempts == 2


def login(client: Client, user: User) -> Client:
    client.login(email=user.email, password=PASSWORD)
    return client


def test_the_adviser_orders_sees_the_progress_and_downloads_audited(
    client: Client, clara: User, closed_case: Cooperation
) -> None:
    login(client, clara)
    form = client.get(reverse("admin:dossier_dossierexport_order"))
    assert form.status_code == 200
    assert "Jahr des Abschlusses" in form.content.decode()
    ordered = client.post(reverse("admin:dossier_dossierexport_order"), {"year": "2025"}, follow=True)
    assert "Der Dossier-Export 2025 wird erstellt." in ordered.content.decode()
    assert "wartet auf den Start" in ordered.content.decode()
    # The test's transaction never commits, so the sweep hands the waiting order to the
    # worker (eager here: built at once), as it does after a broker outage.
    assert services.dossier_exports_recover() == 1
    page = client.get(reverse("admin:dossier_dossierexport_changelist")).content.decode()
    assert "1 von 1 Vorgängen" in page
    export = DossierExport.objects.get()
    download = reverse("admin:dossier_dossierexport_download", args=[export.pk])
    assert download in page
    zip_response = client.get(download)
    assert zip_response.status_code == 200
    assert zip_response["Content-Disposition"] == 'attachment; filename="Dossiers-abgeschlossen-2025.zip"'
    data = b"".join(zip_response.streaming_content)  # type: ignore[attr-defined]
    verify_checksums(read_zip(data, f"{closed_case.reference}/"))
    audited = AuditEvent.objects.filter(kind=AuditEvent.Kind.EXPORT, actor=clara).values_list(
        "detail", flat=True
    )
    assert {d["what"] for d in audited} == {"Dossier-Export (Jahr) angefordert", "Dossier-Export (Jahr)"}


def test_a_typed_year_that_is_no_year_keeps_the_form_with_a_german_message(
    client: Client, clara: User
) -> None:
    login(client, clara)
    response = client.post(reverse("admin:dossier_dossierexport_order"), {"year": "20x5"})
    assert response.status_code == 422
    assert "Bitte wählen Sie ein Jahr aus der Liste." in response.content.decode()
    assert not DossierExport.objects.exists()


@pytest.mark.parametrize("who", ["hanna", "anna", "dieter"])
def test_others_may_neither_order_nor_download(
    client: Client, who: str, request: pytest.FixtureRequest, clara: User
) -> None:
    export = DossierExport.objects.create(year=2025, requested_by=clara, status=DossierExport.Status.DONE)
    login(client, request.getfixturevalue(who))
    for url in (
        reverse("admin:dossier_dossierexport_order"),
        reverse("admin:dossier_dossierexport_download", args=[export.pk]),
        reverse("admin:dossier_dossierexport_changelist"),
    ):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        if response.status_code == 302:  # not staff: to the login of the back office
            assert "/login" in response["Location"] or "/konto/" in response["Location"]
    assert client.post(reverse("admin:dossier_dossierexport_order"), {"year": "2025"}).status_code in (
        302,
        403,
    )
    assert DossierExport.objects.count() == 1


def test_deleting_an_export_removes_its_file(
    client: Client, clara: User, closed_case: Cooperation, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        export = services.dossier_export_order(year=2025, actor=clara)
    export.refresh_from_db()
    name = export.file.name
    assert default_storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        services.dossier_export_delete(export=export, actor=clara)
    assert not default_storage.exists(name)
    assert not DossierExport.objects.exists()
