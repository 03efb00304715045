"""The open-data downloads: each dataset as rows for CSV (`;`, UTF-8 with BOM, decimal
comma – what German spreadsheets open directly) and as JSON (the API's fields), and
its description for the catalogue (DCAT-AP.de, opendata.dcat)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from core.formats import number
from reports.statistics import cached_annual_statistics

from .selectors import api_cooperations, api_municipalities, api_programmes
from .serializers import CooperationSerializer, MunicipalitySerializer, ProgrammeSerializer
from .statistics import statistics_payload

LICENCE_ID = "dl-by-de/2.0"
LICENCE_NAME = "Datenlizenz Deutschland – Namensnennung – Version 2.0"
LICENCE_URL = "https://www.govdata.de/dl-de/by-2-0"
# DCAT-AP.de uses the licence vocabulary of GovData.
LICENCE_URI = "http://dcat-ap.de/def/licenses/dl-by-de/2.0"
FREQUENCY = "http://publications.europa.eu/resource/authority/frequency/"
THEME = "http://publications.europa.eu/resource/authority/data-theme/"


def _de(value: Any) -> str:
    """A CSV cell: decimals with a comma, lists joined by ", ", None empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, Decimal):
        return number(value, 2, grouped=False)
    if isinstance(value, list):
        return ", ".join(_de(v) for v in value)
    return str(value)


def _money(text: str | None) -> str:
    return text.replace(".", ",") if text else ""


@dataclass(frozen=True)
class Dataset:
    slug: str
    title: str | Promise
    description: str | Promise
    frequency: str  # EU frequency authority code
    theme: str  # EU data theme code
    json_rows: Callable[[Any], list[dict[str, Any]]]
    csv_header: tuple[str, ...]
    csv_rows: Callable[[list[dict[str, Any]]], Iterable[Iterable[Any]]]


def _serialized(serializer: Any, queryset: Any) -> Callable[[Any], list[dict[str, Any]]]:
    def rows(request: Any) -> list[dict[str, Any]]:
        return list(serializer(queryset(), many=True, context={"request": request}).data)

    return rows


def _cooperation_csv(rows: list[dict[str, Any]]) -> Iterator[list[Any]]:
    for r in rows:
        yield [
            r["id"],
            r["titel"],
            r["handlungsfeld"]["bezeichnung"],
            [f["bezeichnung"] for f in r["weitere_handlungsfelder"]],
            r["rechtsform"]["bezeichnung"],
            r["kooperationsstufe"]["bezeichnung"],
            r["beginn"],
            r["laufzeit_jahre"],
            r["federfuehrende_kommune"]["ags"],
            r["federfuehrende_kommune"]["name"],
            r["kreis"]["name"] if r["kreis"] else "",
            [k["ags"] for k in r["kommunen"]],
            [k["name"] for k in r["kommunen"]],
            r["weitere_partner"],
            _money(r["foerderung_bewilligt_eur"]),
            r["url"],
        ]


def _programme_csv(rows: list[dict[str, Any]]) -> Iterator[list[Any]]:
    for r in rows:
        yield [
            r["id"],
            r["name"],
            r["kurzname"],
            r["foerdergeber"]["bezeichnung"],
            r["foerdergeber_stelle"],
            r["foerdergebiet"],
            [e["bezeichnung"] for e in r["foerderberechtigte"]],
            [a["bezeichnung"] for a in r["foerderbereiche"]],
            r["foerderart"]["bezeichnung"],
            _money(r["foerdersatz_prozent"]),
            _money(r["hoechstbetrag_eur"]),
            r["antragsfrist"],
            r["link"],
            r["ikz_foerderung"],
            r["url"],
        ]


def _municipality_csv(rows: list[dict[str, Any]]) -> Iterator[list[Any]]:
    for r in rows:
        yield [
            r["ags"],
            r["name"],
            r["art"]["bezeichnung"],
            r["kreis"]["ags"] if r["kreis"] else "",
            r["kreis"]["name"] if r["kreis"] else "",
            r["regierungsbezirk"],
            r["einwohner"],
            r["einwohner_stand"],
            r["groessenklasse"]["bezeichnung"] if r["groessenklasse"] else "",
            _money(r["flaeche_km2"]),
            r["gueltig_ab"],
            r["gueltig_bis"],
            r["nachfolger_ags"],
        ]


DATASETS: dict[str, Dataset] = {
    d.slug: d
    for d in (
        Dataset(
            slug="kooperationen",
            title=_("Kooperationsatlas: veröffentlichte interkommunale Kooperationen"),
            description=_(
                "Kooperationen von Kommunen, die das Kompetenzzentrum begleitet hat und die veröffentlicht "
                "werden dürfen: beteiligte Kommunen mit AGS, Handlungsfeld, Rechtsform, Kooperationsstufe, "
                "Beginn und – wo freigegeben – die bewilligte Förderung."
            ),
            frequency="CONT",
            theme="GOVE",
            json_rows=_serialized(CooperationSerializer, api_cooperations),
            csv_header=(
                "id",
                "titel",
                "handlungsfeld",
                "weitere_handlungsfelder",
                "rechtsform",
                "kooperationsstufe",
                "beginn",
                "laufzeit_jahre",
                "federfuehrende_kommune_ags",
                "federfuehrende_kommune",
                "kreis",
                "kommunen_ags",
                "kommunen",
                "weitere_partner",
                "foerderung_bewilligt_eur",
                "url",
            ),
            csv_rows=_cooperation_csv,
        ),
        Dataset(
            slug="foerderprogramme",
            title=_("Förderlotse: Förderprogramme von Land, Bund und EU"),
            description=_(
                "Der Programmkatalog des Förderlotsen mit den Facetten der Förderdatenbank des Bundes: "
                "Fördergeber, Fördergebiet, Förderberechtigte, Förderbereich und Förderart."
            ),
            frequency="CONT",
            theme="ECON",
            json_rows=_serialized(ProgrammeSerializer, api_programmes),
            csv_header=(
                "id",
                "name",
                "kurzname",
                "foerdergeber",
                "foerdergeber_stelle",
                "foerdergebiet",
                "foerderberechtigte",
                "foerderbereiche",
                "foerderart",
                "foerdersatz_prozent",
                "hoechstbetrag_eur",
                "antragsfrist",
                "link",
                "ikz_foerderung",
                "url",
            ),
            csv_rows=_programme_csv,
        ),
        Dataset(
            slug="kommunen",
            title=_("Kommunen mit Amtlichem Gemeindeschlüssel, Einwohnerzahl und Größenklasse"),
            description=_(
                "Die Kommunen des Portals nach dem Gemeindeverzeichnis (Destatis): AGS, Name, Art, Kreis, "
                "Einwohnerzahl mit Stand, Größenklasse, Fläche, Gültigkeit und Nachfolgerin nach einer Fusion."
            ),
            frequency="ANNUAL",
            theme="REGI",
            json_rows=_serialized(MunicipalitySerializer, api_municipalities),
            csv_header=(
                "ags",
                "name",
                "art",
                "kreis_ags",
                "kreis",
                "regierungsbezirk",
                "einwohner",
                "einwohner_stand",
                "groessenklasse",
                "flaeche_km2",
                "gueltig_ab",
                "gueltig_bis",
                "nachfolger_ags",
            ),
            csv_rows=_municipality_csv,
        ),
    )
}

STATISTICS_TITLE = _("Förderstatistik interkommunaler Zusammenarbeit")
STATISTICS_DESCRIPTION = _(
    "Geförderte Kooperationen, beteiligte Kommunen und bewilligte Fördermittel je Haushaltsjahr, "
    "Kreis der federführenden Kommune, Handlungsfeld und Rechtsform – die Zahlen der Jahresstatistik."
)
STATISTICS_CSV_HEADER = (
    "tabelle",
    "bezeichnung",
    "kooperationen_im_jahr",
    "bewilligt_im_jahr_eur",
    "kooperationen_bis_jahr",
    "bewilligt_bis_jahr_eur",
    "ausgezahlt_eur",
)


def statistics_json(year: int) -> dict[str, Any]:
    stats, _version = cached_annual_statistics(year)
    return statistics_payload(stats)


def statistics_csv(payload: dict[str, Any]) -> Iterator[list[Any]]:
    for r in payload["nach_haushaltsjahr"]:
        yield [
            "haushaltsjahr",
            r["haushaltsjahr"],
            r["gefoerderte_kooperationen"],
            _money(r["bewilligt_eur"]),
            "",
            "",
            _money(r["ausgezahlt_eur"]),
        ]
    for key, table in (
        ("handlungsfeld", "nach_handlungsfeld"),
        ("kreis", "nach_kreis"),
        ("rechtsform", "nach_rechtsform"),
    ):
        for r in payload[table]:
            yield [
                key,
                r["bezeichnung"],
                r["kooperationen_im_jahr"],
                _money(r["bewilligt_im_jahr_eur"]),
                r["kooperationen_gesamt"],
                _money(r["bewilligt_gesamt_eur"]),
                "",
            ]


__all__ = ["DATASETS", "LICENCE_NAME", "LICENCE_URL", "Dataset", "_de"]
