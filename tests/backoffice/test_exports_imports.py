"""CSV/XLSX exports of filtered lists, and imports that write all rows or none."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from cooperations.models import Cooperation, Status
from cooperations.resources import CooperationResource
from funding.models import Grant, Programme
from funding.resources import GrantResource

pytestmark = pytest.mark.django_db

CSV_INDEX, XLSX_INDEX = "0", "1"


def export(client: Client, url: str, resource: type, fmt: str) -> bytes:
    fields = {f"{resource.__name__.lower()}_{name}": "on" for name in resource().get_export_order()}
    response = client.post(url, {"format": fmt, "resource": "0", **fields})
    assert response.status_code == 200, response.content[:500]
    return response.content


def test_the_filtered_case_list_exports_to_xlsx_with_german_headers_and_dates(
    adviser: Client, case_kassel: Cooperation, case_fulda: Cooperation
) -> None:
    case_kassel.next_step_due = dt.date(2026, 12, 31)
    case_kassel.expected_savings_eur = Decimal("12345.6")
    case_kassel.save()
    Cooperation.objects.filter(pk=case_fulda.pk).update(status=Status.IN_CONSULTATION)
    url = reverse("admin:cooperations_cooperation_export") + "?status__exact=eingegangen"
    content = export(adviser, url, CooperationResource, XLSX_INDEX)
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    header, *data = rows
    assert header[:4] == ["Aktenzeichen", "Titel", "Federführende Kommune", "AGS"]
    assert [r[0] for r in data] == [case_kassel.reference]  # only the filtered case
    record = dict(zip(header, data[0], strict=True))
    assert record["Status"] == "eingegangen"
    # A date and a number for the spreadsheet; the formats show them the German way.
    assert record["fällig am"] == dt.datetime(2026, 12, 31)
    assert record["Erwartete Einsparung pro Jahr"] == 12345.6
    assert record["Partner (Anzahl)"] == 2


def test_grants_export_to_csv_with_euro_amounts(adviser: Client, demo_file: dict) -> None:
    content = export(adviser, reverse("admin:funding_grant_export"), GrantResource, CSV_INDEX)
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0]["bewilligt"] == "100.000,00 €"
    assert rows[0]["Bescheid vom"] == "01.06.2024"
    assert rows[0]["Vorgang (Aktenzeichen)"] == demo_file["case"].reference


GRANT_HEADER = "Vorgang (Aktenzeichen);Förderprogramm;Aktenzeichen (Bescheid);Haushaltsjahr;beantragt;bewilligt;Status;Bescheid vom\n"


def upload(client: Client, url: str, text: str) -> str:
    out = io.StringIO()
    csv.writer(out).writerows(line.split(";") for line in text.strip().splitlines())
    body = out.getvalue()
    response = client.post(
        url,
        {
            "format": CSV_INDEX,
            "resource": "0",
            "import_file": SimpleUploadedFile(
                "altbestand.csv", body.encode("utf-8"), content_type="text/csv"
            ),
        },
    )
    assert response.status_code == 200
    return response.content.decode()


def test_an_import_with_one_bad_row_writes_nothing_and_names_the_row(
    administrator: Client, case_kassel: Cooperation
) -> None:
    text = (
        GRANT_HEADER
        + f"{case_kassel.reference};;HE-2019-1;2019;75000;75000;bewilligt;01.03.2019\n"
        + "IKZ-1999-9999;;HE-2019-2;2019;50000;50000;bewilligt;01.03.2019\n"
        + f"{case_kassel.reference};;HE-2019-3;2019;viel;50000;bewilligt;01.03.2019\n"
    )
    page = upload(administrator, reverse("admin:funding_grant_import"), text)
    assert "„IKZ-1999-9999“ wurde nicht gefunden." in page
    assert "„viel“ ist kein Betrag" in page
    assert "process_import" not in page  # no confirm button
    assert not Grant.objects.exists()


def test_a_good_import_shows_a_preview_and_writes_after_confirmation(
    administrator: Client, case_kassel: Cooperation
) -> None:
    text = (
        GRANT_HEADER + f"{case_kassel.reference};;HE-2019-1;2019;75.000,00;75.000,00;bewilligt;01.03.2019\n"
    )
    page = upload(administrator, reverse("admin:funding_grant_import"), text)
    assert "HE-2019-1" in page
    assert not Grant.objects.exists()  # only a preview so far
    import re

    fields = dict(
        re.findall(r'name="(import_file_name|original_file_name|format|resource)"[^>]*value="([^"]*)"', page)
    )
    response = administrator.post(reverse("admin:funding_grant_process_import"), fields)
    assert response.status_code == 302
    grant = Grant.objects.get()
    assert (grant.cooperation, grant.approved_amount, grant.decision_date) == (
        case_kassel,
        Decimal("75000.00"),
        dt.date(2019, 3, 1),
    )


def test_programmes_import_with_german_labels(administrator: Client) -> None:
    text = (
        "Name;Fördergeber;Förderart;Höchstbetrag;Antragsfrist;aktiv\n"
        "IKZ-Förderung Hessen;Land;Zuschuss;100.000,00 €;31.12.2026;ja\n"
        "Kaputt;Mond;Zuschuss;;;ja\n"
    )
    page = upload(administrator, reverse("admin:funding_programme_import"), text)
    assert "„Mond“ ist kein erlaubter Wert" in page
    assert not Programme.objects.exists()
