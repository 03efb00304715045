"""The GV100AD reader: fixed-width records, decoded before slicing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from contacts import gv100ad
from contacts.gv100ad import Gv100adError

from .gv100ad_files import EDITION_2018, KUENZELL, edition, edition_bytes, record

REAL_FILES = {
    # file: (Gebietsstand, encoding, Kreise, kreisfreie Städte, Gemeinde records, population)
    "GV100AD_300918_hessen.ASC": (dt.date(2018, 9, 30), "cp1252", 26, 5, 427, 6_213_088),
    "GV100AD_31122021_hessen.txt": (dt.date(2021, 12, 31), "utf-8", 26, 5, 426, 6_295_017),
    "GV100AD_30112025_hessen.txt": (dt.date(2025, 11, 30), "utf-8", 26, 5, 425, 6_280_793),
}


def test_it_reads_every_field_of_a_gemeinde_record() -> None:
    register = gv100ad.parse(edition_bytes("20200101"))
    kuenzell = next(g for g in register.gemeinden if g.ags == KUENZELL.ags)
    assert kuenzell.name == "Künzell"
    assert kuenzell.gebietsstand == dt.date(2020, 1, 1)
    assert kuenzell.kind == "64"
    assert kuenzell.area_ha == 3_104
    assert kuenzell.area_km2 == Decimal("31.04")
    assert kuenzell.population == 16_870
    assert kuenzell.female == 16_870 - 8_435
    assert kuenzell.postal_code == "36093"
    assert kuenzell.several_postal_codes is False
    assert kuenzell.ars == "066310016016"


def test_it_reads_the_windows_1252_edition_with_crlf_and_slices_umlauts_by_character() -> None:
    register = gv100ad.parse(edition_bytes("20180930", encoding="cp1252"))
    assert register.encoding == "cp1252"
    kuenzell = next(g for g in register.gemeinden if g.ags == KUENZELL.ags)
    # One umlaut is one byte here and two in UTF-8: the fields after the name must not shift.
    assert (kuenzell.name, kuenzell.population, kuenzell.postal_code) == ("Künzell", 16_870, "36093")


def test_it_reads_kreis_and_bezirk_records() -> None:
    register = gv100ad.parse(edition_bytes("20200101"))
    assert [(b.key, b.short_name) for b in register.bezirke] == [("066", "Kassel")]
    kreise = {k.key: k for k in register.kreise}
    assert kreise["06611"].is_city and kreise["06611"].ags == "06611000"
    assert not kreise["06633"].is_city and kreise["06633"].seat == "Kassel"


def test_it_keeps_only_the_records_of_one_land_on_request() -> None:
    register = gv100ad.parse(edition_bytes("20200101"))
    assert {g.ags[:2] for g in register.gemeinden} == {"06", "03"}
    hessen = register.of_land("06")
    assert len(hessen.gemeinden) == len(EDITION_2018)
    assert {k.key for k in hessen.kreise} == {"06611", "06631", "06633"}


def test_it_accepts_a_byte_order_mark_blank_lines_and_trimmed_trailing_blanks() -> None:
    text = edition("20200101")
    lines = [line.rstrip() for line in text.splitlines()]
    data = ("\ufeff" + "\n".join(lines) + "\n\n").encode()
    assert len(gv100ad.parse(data).gemeinden) == len(EDITION_2018) + 1


def _with_line(number: int, line: str) -> bytes:
    lines = edition("20200101").splitlines()
    lines[number - 1] = line
    return ("\n".join(lines) + "\n").encode()


def _bad_population(line: str) -> str:
    return line[:139] + "000004x1000" + line[150:]


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        (record("70", "06633", "Irgendwas"), gv100ad.UNKNOWN_RECORD_TYPE.format(value="70")),
        (record("60", "06633013", "Hofgeismar", stand="20201301", kind="63"), "Gebietsstand „20201301“"),
        (
            record("60", "06633013", "Hofgeismar", stand="20190101", kind="63"),
            gv100ad.MIXED_DATE.format(value="01.01.2019", first="01.01.2020"),
        ),
        (record("60", "0663301", "Hofgeismar", kind="63"), "Regionalschlüssel „0663301“"),
        (record("60", "06633013", "", kind="63"), gv100ad.MISSING_NAME),
        (record("60", "06633013", "Hofgeismar", kind="69"), "Textkennzeichen „69“"),
        (record("40", "06633", "Kassel", kind="49"), "Textkennzeichen „49“ ist für Satzart 40"),
        (_bad_population(record("60", "06633013", "Hofgeismar", kind="63")), "Bevölkerung „000004x1000“"),
        (record("60", "06633013", "Hofgeismar", kind="63", postal_code="343A9"), "Postleitzahl „343A9“"),
        (record("60", "06633013", "Hofgeismar", kind="63") + "XYZ", "223 Zeichen lang"),
    ],
    ids=[
        "satzart",
        "date",
        "mixed-date",
        "key",
        "name",
        "kind-60",
        "kind-40",
        "number",
        "plz",
        "length",
    ],
)
def test_a_malformed_line_is_reported_with_its_number_and_the_problem(line: str, problem: str) -> None:
    with pytest.raises(Gv100adError) as exc:
        gv100ad.parse(_with_line(4, line))
    assert exc.value.line == 4
    assert exc.value.messages[0].startswith("Zeile 4: ")
    assert problem in exc.value.messages[0]


def test_a_key_that_appears_twice_is_reported_with_both_lines() -> None:
    lines = edition("20200101").splitlines()
    lines[6] = lines[5]  # Fulda again instead of Künzell
    with pytest.raises(Gv100adError) as exc:
        gv100ad.parse(("\n".join(lines)).encode())
    assert exc.value.messages == ["Zeile 7: Schlüssel 06631009 steht schon in Zeile 6."]


def test_a_file_in_neither_encoding_is_refused_in_german() -> None:
    with pytest.raises(Gv100adError, match="weder UTF-8 noch Windows-1252"):
        gv100ad.parse(edition_bytes("20200101") + b"\x81\x8d")


def test_an_empty_file_is_refused() -> None:
    with pytest.raises(Gv100adError, match=gv100ad.EMPTY_FILE):
        gv100ad.parse(b"\n\n")


def test_the_upload_check_tells_a_gv100ad_file_from_a_spreadsheet(shared_data: Path) -> None:
    assert gv100ad.looks_like_gv100ad(edition_bytes("20200101")[:1024])
    assert gv100ad.looks_like_gv100ad((shared_data / "GV100AD_300918_hessen.ASC").read_bytes()[:1024])
    assert not gv100ad.looks_like_gv100ad(
        (shared_data / "AuszugGV1QAktuell_31032023.xlsx").read_bytes()[:1024]
    )
    assert not gv100ad.looks_like_gv100ad((shared_data / "AuszugGV4QAktuell_hessen.csv").read_bytes()[:1024])


@pytest.mark.parametrize("name", REAL_FILES)
def test_each_real_hessian_edition_is_read_completely(shared_data: Path, name: str) -> None:
    stand, encoding, kreise, cities, gemeinden, population = REAL_FILES[name]
    register = gv100ad.parse((shared_data / name).read_bytes())
    assert (register.gebietsstand, register.encoding) == (stand, encoding)
    assert len(register.laender) == 1 and len(register.bezirke) == 3
    assert len(register.kreise) == kreise
    assert sum(k.is_city for k in register.kreise) == cities
    assert len(register.gemeinden) == len(register.verbaende) == gemeinden
    assert sum(g.population for g in register.gemeinden) == population
    assert all(len(g.name) <= 50 and g.name == g.name.strip() for g in register.gemeinden)


def test_wesertal_in_the_2025_edition_matches_the_data_readme(shared_data: Path) -> None:
    register = gv100ad.parse((shared_data / "GV100AD_30112025_hessen.txt").read_bytes())
    wesertal = next(g for g in register.gemeinden if g.ags == "06633030")
    assert (wesertal.name, wesertal.ars, wesertal.kind) == ("Wesertal", "066330030030", "64")
    assert (wesertal.area_ha, wesertal.population, wesertal.male) == (5_265, 4_713, 2_317)
    assert (wesertal.postal_code, wesertal.several_postal_codes) == ("34399", False)
    darmstadt = next(g for g in register.gemeinden if g.ags == "06411000")
    assert darmstadt.several_postal_codes is True
