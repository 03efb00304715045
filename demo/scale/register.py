"""The municipalities of a scale data set: from a Destatis GV-ISys XLSX, or synthetic
with a valid AGS structure and about the real number of Kreise and Gemeinden per Land."""

from __future__ import annotations

import random
from collections import defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from contacts.models import Municipality

from .plan import CENT, CITY_STATES, HESSIAN_RB, NAME_PREFIX, NAME_ROOT, NAME_SUFFIX, SYNTHETIC_LAENDER, Muni


def _coordinate(text: Any) -> Decimal | None:
    if text in (None, ""):
        return None
    return Decimal(str(text).replace(",", ".").strip()).quantize(Decimal("0.000001"))


GEMEINDE_KIND = {
    "60": Municipality.Kind.GEMEINDE,  # Markt
    "61": Municipality.Kind.KREISFREIE_STADT,
    "62": Municipality.Kind.KREISFREIE_STADT,  # Stadtkreis (Baden-Württemberg)
    "63": Municipality.Kind.STADT,
    "64": Municipality.Kind.GEMEINDE,
    "65": Municipality.Kind.GEMEINDEFREI,
    "66": Municipality.Kind.GEMEINDEFREI,
    "67": Municipality.Kind.STADT,  # Große Kreisstadt
}


def read_register(path: Path, laender: list[str]) -> list[Muni]:
    """Kreise (Satzart 40) and Gemeinden (Satzart 60) of some Länder from a GV-ISys XLSX."""
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    sheets = [s for s in book.worksheets if s.title.startswith("Onlineprodukt")] or book.worksheets[1:2]
    if not sheets:
        raise CommandError(f"{path}: kein Tabellenblatt „Onlineprodukt_Gemeinden…“ gefunden.")
    sheet = sheets[0]
    wanted = set(laender)
    rb_names: dict[str, str] = {}
    found: dict[str, Muni] = {}
    for number, row in enumerate(sheet.iter_rows(min_row=7, max_col=16, values_only=True), start=7):
        satzart, kennz, land, rb, kreis, _vb, gem, name = (str(v) if v is not None else "" for v in row[:8])
        if land not in wanted or satzart not in {"20", "40", "60"}:
            continue
        key = land + rb + (kreis if satzart != "20" else "") + (gem if satzart == "60" else "")
        # ASCII digits only: "²" or "٣" would pass str.isdigit() and end up in an AGS.
        if not (key.isascii() and key.isdigit()):
            raise CommandError(
                f"{path}: Zeile {number}: der Schlüssel „{key}“ besteht nicht aus Ziffern 0–9."
            )
        if satzart == "20":
            rb_names[land + rb] = name.removeprefix("Reg.-Bez. ").strip()
            continue
        rb_name = rb_names.get(land + rb, "")
        if satzart == "40":
            ags = f"{land}{rb}{kreis}000"
            kind = (
                Municipality.Kind.KREISFREIE_STADT if kennz in {"41", "42"} else Municipality.Kind.LANDKREIS
            )
            found.setdefault(
                ags, Muni(ags=ags, name=name, kind=kind, population=None, regierungsbezirk=rb_name)
            )
            continue
        ags = f"{land}{rb}{kreis}{gem}"
        kind = GEMEINDE_KIND.get(kennz, Municipality.Kind.GEMEINDE)
        population = int(row[9]) if isinstance(row[9], int | float) else None
        area = Decimal(str(row[8])).quantize(CENT) if isinstance(row[8], int | float) else None
        muni = Muni(
            ags=ags,
            name=name,
            kind=kind,
            population=population,
            regierungsbezirk=rb_name,
            area_km2=area,
            postal_code=str(row[13] or "")[:5],
            longitude=_coordinate(row[14]),
            latitude=_coordinate(row[15]),
        )
        # A kreisfreie Stadt's Kreis record and Gemeinde record share the AGS: keep one, with figures.
        found[ags] = muni
    book.close()
    return list(found.values())


def synthetic_register(laender: list[str], rng: random.Random) -> list[Muni]:
    out: list[Muni] = []

    def name() -> str:
        return rng.choice(NAME_PREFIX) + rng.choice(NAME_ROOT) + rng.choice(NAME_SUFFIX)

    def population() -> int:
        roll = rng.random()
        if roll < 0.70:
            return rng.randint(300, 4_999)
        if roll < 0.92:
            return rng.randint(5_000, 19_999)
        if roll < 0.99:
            return rng.randint(20_000, 99_999)
        return rng.randint(100_000, 250_000)

    for land in laender:
        rbs, n_free, n_kreise, n_gemeinden = SYNTHETIC_LAENDER[land]
        if land in CITY_STATES:
            out.append(
                Muni(
                    f"{land}000000",
                    CITY_STATES[land],
                    Municipality.Kind.KREISFREIE_STADT,
                    3_600_000 if land == "11" else 1_850_000,
                )
            )
            continue
        if land == "04":
            out.append(Muni("04011000", "Bremen, Stadt", Municipality.Kind.KREISFREIE_STADT, 563_000))
            out.append(Muni("04012000", "Bremerhaven, Stadt", Municipality.Kind.KREISFREIE_STADT, 113_000))
            continue
        numbers: dict[int, int] = defaultdict(int)

        def rb_name(digit: int, land: str = land) -> str:
            if land == "06":
                return HESSIAN_RB.get(str(digit), "")
            return f"Regierungsbezirk {digit}" if digit else ""

        for i in range(n_free):
            digit = rbs[i % len(rbs)]
            numbers[digit] += 1
            ags = f"{land}{digit}{numbers[digit]:02d}000"
            out.append(
                Muni(
                    ags,
                    f"{name()}, Stadt",
                    Municipality.Kind.KREISFREIE_STADT,
                    rng.randint(100_000, 600_000),
                    rb_name(digit),
                )
            )
        kreise: list[Muni] = []
        for i in range(n_kreise):
            digit = rbs[i % len(rbs)]
            number = 31 + i // len(rbs)
            kreis = Muni(
                f"{land}{digit}{number:02d}000",
                f"Landkreis {name()}",
                Municipality.Kind.LANDKREIS,
                None,
                rb_name(digit),
            )
            kreise.append(kreis)
            out.append(kreis)
        for i in range(n_gemeinden):
            kreis = kreise[i % len(kreise)]
            pop = population()
            kind = (
                Municipality.Kind.STADT
                if pop >= 10_000 or rng.random() < 0.15
                else Municipality.Kind.GEMEINDE
            )
            out.append(
                Muni(
                    f"{kreis.ags[:5]}{i // len(kreise) + 1:03d}",
                    name(),
                    kind,
                    pop,
                    kreis.regierungsbezirk,
                    postal_code=f"{rng.randint(1067, 99998):05d}",
                )
            )
    return out
