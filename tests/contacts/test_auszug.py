"""Issue 17, section 3: the Auszug files of the register add men, women and the degree of
urbanisation to an edition, and the demography view shows them (real Destatis files)."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from accounts.models import User
from contacts.models import Municipality, PopulationRecord, Urbanisation
from contacts.services import register_import

pytestmark = pytest.mark.django_db

XLSX = "AuszugGV1QAktuell_31032023.xlsx"
CSV = "AuszugGV4QAktuell_hessen.csv"
STAND_XLSX = dt.date(2023, 3, 31)


@pytest.fixture
def register_2021(shared_data: Path) -> None:
    name = "GV100AD_31122021_hessen.txt"
    register_import(data=(shared_data / name).read_bytes(), file_name=name, confirmed=True)


def figures(ags: str, date: dt.date) -> tuple[int, int | None, int | None, int | None]:
    return PopulationRecord.objects.filter(municipality__ags=ags, reference_date=date).values_list(
        "population", "male", "female", "urbanisation"
    )[0]


def test_the_xlsx_adds_men_women_and_urbanisation_for_its_edition(
    shared_data: Path, register_2021: None
) -> None:
    out = StringIO()
    call_command("import_auszug", shared_data / XLSX, stdout=out)
    assert "Gebietsstand 31.03.2023:" in out.getvalue()
    assert figures("06611000", STAND_XLSX) == (200_406, 98_639, 101_767, Urbanisation.DENSE)
    assert figures("06633030", STAND_XLSX) == (5_137, 2_550, 2_587, Urbanisation.THIN)
    # The Landkreis Kassel: the sums of its Gemeinden, no degree (Destatis gives it per Gemeinde).
    population, male, _female, degree = figures("06633000", STAND_XLSX)
    assert (population, male, degree) == (237_268, 116_452, None)
    # The earlier edition from the GV100AD stays as it was.
    assert PopulationRecord.objects.filter(municipality__ags="06611000").count() == 2


def test_the_csv_needs_its_edition_and_meets_the_gv100ad_rows_of_the_same_date(
    shared_data: Path, register_2021: None
) -> None:
    with pytest.raises(CommandError, match="nennt seinen Gebietsstand nicht: geben Sie ihn mit --stand an"):
        call_command("import_auszug", shared_data / CSV)
    with pytest.raises(CommandError, match=r"--stand ist ein Datum wie 31\.12\.2020"):
        call_command("import_auszug", shared_data / CSV, "--stand", "31.31.2021")
    gv100ad = figures("06611000", dt.date(2021, 12, 31))
    assert gv100ad[3] is None
    call_command("import_auszug", shared_data / CSV, "--stand", "31.12.2021", stdout=StringIO())
    assert figures("06611000", dt.date(2021, 12, 31)) == (202_137, 99_319, 102_818, Urbanisation.DENSE)
    # Importing the GV100AD of that edition again keeps the degree the Auszug brought.
    name = "GV100AD_31122021_hessen.txt"
    register_import(data=(shared_data / name).read_bytes(), file_name=name, confirmed=True)
    assert figures("06611000", dt.date(2021, 12, 31))[3] == Urbanisation.DENSE


def test_a_dry_run_saves_nothing(shared_data: Path, register_2021: None) -> None:
    out = StringIO()
    call_command("import_auszug", shared_data / XLSX, "--dry-run", stdout=out)
    assert "Probelauf, nichts gespeichert" in out.getvalue()
    assert not PopulationRecord.objects.filter(reference_date=STAND_XLSX).exists()


def test_a_key_of_other_digits_is_refused_with_its_row(tmp_path: Path, shared_data: Path) -> None:
    lines = (shared_data / CSV).read_text(encoding="utf-8-sig").splitlines()
    bad = tmp_path / "auszug.csv"
    gemeinde = next(i for i, line in enumerate(lines) if line.startswith("60,"))
    lines[gemeinde] = lines[gemeinde].replace(",000,", ",00²,", 1)
    bad.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(CommandError, match=rf"auszug.csv, Zeile {gemeinde + 1}: der Schlüssel"):
        call_command("import_auszug", bad, "--stand", "31.12.2020")
    other = tmp_path / "liste.csv"
    other.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(CommandError, match="ist kein Auszug des Gemeindeverzeichnisses"):
        call_command("import_auszug", other, "--stand", "31.12.2020")


def test_the_demography_view_shows_men_women_and_the_degree(
    shared_data: Path, register_2021: None, client: Client, clara: User
) -> None:
    call_command("import_auszug", shared_data / XLSX, stdout=StringIO())
    kassel = Municipality.objects.get(ags="06611000")
    client.force_login(clara)
    html = client.get(reverse("admin:contacts_municipality_change", args=[kassel.pk])).content.decode()
    assert "Männer und Frauen am 31.03.2023, Grad der Verstädterung" in html
    assert "98.639" in html and "101.767" in html
    assert "dicht besiedelt (31.03.2023)" in html
