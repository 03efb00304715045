"""Reading the Destatis „Auszug“ of the Gemeindeverzeichnis (GV-ISys): the quarterly
XLSX (`AuszugGV1QAktuell…xlsx`, sheet „Onlineprodukt_Gemeinden…“, data from row 7) and
its CSV copy with ASCII column names (`AuszugGV4QAktuell…csv`). Besides the population
they carry what the GV100AD lacks: men and women as published and the degree of
urbanisation (Grad der Verstädterung, EU-DEGURBA: 01 dicht besiedelt, 02 mittlere
Besiedlungsdichte, 03 gering besiedelt).

Only the Gemeinde rows (Satzart 60) are read. Keys are ASCII digits only (as in the
GV100AD import); a number that is not one is a German error naming the row."""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

NOT_AN_AUSZUG = (
    "{name} ist kein Auszug des Gemeindeverzeichnisses: erwartet wird die XLSX-Datei von Destatis "
    "(Tabellenblatt „Onlineprodukt_Gemeinden…“) oder ihre CSV-Fassung mit den Spalten satzart, land, … "
    "verstaedterungschluessel."
)
BAD_KEY = "{name}, Zeile {row}: der Schlüssel „{key}“ besteht nicht aus Ziffern 0–9."
BAD_NUMBER = "{name}, Zeile {row}: „{value}“ ist keine Zahl ({column})."
SEX_ABOVE_TOTAL = "{name}, Zeile {row}: Männer und Frauen ({sum}) sind mehr als die Bevölkerung ({total})."
NO_DATE = "{name} nennt seinen Gebietsstand nicht: geben Sie ihn mit --stand an (z. B. --stand 31.12.2020)."
NO_ROWS = "{name} enthält keine Gemeinde des Landes {land}."

URBANISATION_KEYS = {"01": 1, "02": 2, "03": 3}
CSV_COLUMNS = ("satzart", "land", "rb", "kreis", "gemeinde", "bevoelkerung", "maennlich", "weiblich")
DATE = re.compile(r"(\d{2})\.(\d{2})\.(\d{4})")


class AuszugError(ValueError):
    pass


@dataclass(frozen=True)
class AuszugRow:
    ags: str
    name: str
    population: int
    male: int | None
    female: int | None
    urbanisation: int | None  # 1 dicht, 2 mittel, 3 gering besiedelt


@dataclass(frozen=True)
class Auszug:
    # The Gebietsstand of the edition, where the file states it: the date the register
    # import keys its PopulationRecords by (a GV100AD of the same edition meets these rows).
    edition: dt.date | None
    rows: list[AuszugRow]


def _digits(value: Any, *, name: str, row: int, allow_empty: bool = False) -> str:
    text = "" if value is None else str(value).strip()
    if not text and allow_empty:
        return ""
    if not (text.isascii() and text.isdigit()):
        raise AuszugError(BAD_KEY.format(name=name, row=row, key=text))
    return text


def _number(value: Any, *, name: str, row: int, column: str) -> int | None:
    """A count as the XLSX has it (an int) or the CSV (" 10 172", spaces as thousands separators)."""
    if value is None:
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = str(value).replace(" ", "").replace("\u00a0", "").replace(".", "")
    if not text:
        return None
    if not (text.isascii() and text.isdigit()):
        raise AuszugError(BAD_NUMBER.format(name=name, row=row, value=str(value).strip(), column=column))
    return int(text)


def _row(values: dict[str, Any], *, name: str, number: int) -> AuszugRow | None:
    if str(values["satzart"] or "").strip() != "60":
        return None
    key = "".join(
        _digits(values[part], name=name, row=number) for part in ("land", "rb", "kreis", "gemeinde")
    )
    population = _number(values["bevoelkerung"], name=name, row=number, column="Bevölkerung")
    if population is None:
        return None
    male = _number(values["maennlich"], name=name, row=number, column="männlich")
    female = _number(values["weiblich"], name=name, row=number, column="weiblich")
    if male is not None and female is not None and male + female > population:
        raise AuszugError(SEX_ABOVE_TOTAL.format(name=name, row=number, sum=male + female, total=population))
    degree = str(values.get("verstaedterungschluessel") or "").strip()
    return AuszugRow(
        ags=key,
        name=str(values.get("gemeindename") or "").strip(),
        population=population,
        male=male,
        female=female,
        urbanisation=URBANISATION_KEYS.get(degree.zfill(2)) if degree else None,
    )


def _read_xlsx(path: Path, land: str) -> Auszug:
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        sheets = [s for s in book.worksheets if s.title.startswith("Onlineprodukt")]
        if not sheets:
            raise AuszugError(NOT_AN_AUSZUG.format(name=path.name))
        sheet = sheets[0]
        header = list(sheet.iter_rows(min_row=5, max_row=5, max_col=20, values_only=True))
        # Row 5, column C: „Gebietsstand am 31.03.2023 (1. Quartal)“.
        stated = DATE.search(str(header[0][2] or "")) if header else None
        edition = dt.date(int(stated[3]), int(stated[2]), int(stated[1])) if stated else None
        rows = []
        names = ("satzart", "textkennzeichen", "land", "rb", "kreis", "vb", "gemeinde", "gemeindename")
        for number, cells in enumerate(sheet.iter_rows(min_row=7, max_col=20, values_only=True), start=7):
            if str(cells[2] or "") != land:
                continue
            values = dict(zip(names, cells[:8], strict=True))
            values.update(
                bevoelkerung=cells[9],
                maennlich=cells[10],
                weiblich=cells[11],
                verstaedterungschluessel=cells[18],
            )
            row = _row(values, name=path.name, number=number)
            if row is not None:
                rows.append(row)
    finally:
        book.close()
    return Auszug(edition, rows)


def _read_csv(path: Path, land: str) -> Auszug:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        if not set(CSV_COLUMNS) <= set(reader.fieldnames or ()):
            raise AuszugError(NOT_AN_AUSZUG.format(name=path.name))
        rows = []
        for number, values in enumerate(reader, start=2):
            if (values.get("land") or "").strip() != land:
                continue
            row = _row(values, name=path.name, number=number)
            if row is not None:
                rows.append(row)
    return Auszug(None, rows)


def read_auszug(path: Path, *, land: str) -> Auszug:
    """The Gemeinden of one Land from an Auszug file (XLSX or CSV)."""
    if path.suffix.lower() == ".xlsx":
        try:
            auszug = _read_xlsx(path, land)
        except (OSError, KeyError, ValueError) as exc:
            if isinstance(exc, AuszugError):
                raise
            raise AuszugError(NOT_AN_AUSZUG.format(name=path.name)) from exc
    else:
        try:
            auszug = _read_csv(path, land)
        except UnicodeDecodeError as exc:
            raise AuszugError(NOT_AN_AUSZUG.format(name=path.name)) from exc
    if not auszug.rows:
        raise AuszugError(NO_ROWS.format(name=path.name, land=land))
    return auszug
