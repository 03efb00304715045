"""Statistics: funded cooperations by the population trend of their lead municipality
(issue 17). The trend is the change from the first to the last edition of the
Gemeindeverzeichnis recorded up to the cut-off (contacts.PopulationRecord); the classes
and their bounds are those of contacts/demography.py, the partner search's too."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from contacts.demography import TREND_GROWING, TREND_LABELS, TREND_NONE, TREND_SHRINKING, TREND_STABLE

from .funding_sql import funding_figures
from .tables import Column, Table

TREND_ORDER = (TREND_SHRINKING, TREND_STABLE, TREND_GROWING, TREND_NONE)
TABLE_TITLE = "Geförderte Kooperationen nach Bevölkerungsentwicklung der federführenden Kommune"
TABLE_NOTE = (
    "Bevölkerungsentwicklung: Veränderung der Einwohnerzahl der federführenden Kommune vom ersten bis zum "
    "letzten bis zum Stichtag erfassten Stand des Gemeindeverzeichnisses; „ohne Vergleichswert“, wenn weniger "
    "als zwei Stände erfasst sind."
)


def funded_by_lead_trend(year: int, cutoff: dt.date) -> dict[str, dict[str, Any]]:
    """Per trend class: the funded cooperations (an approved grant up to the year, as in
    the funding tables), those funded in the year, and their approved amount. One query
    (the figure "trend" of statistics/funding_sql.py; `annual_statistics` reads it with
    the other figures of the cases)."""
    return by_class(funding_figures(year, ("trend",), cutoff)["trend"])


def by_class(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The rows of the figure "trend" per class, in TREND_ORDER: every class present, with
    zeros where no case falls in it."""
    found = {r["label"]: r for r in rows}
    return {
        key: {
            "cases": found[key]["cases"] if key in found else 0,
            "cases_year": found[key]["cases_year"] if key in found else 0,
            "amount": found[key]["amount"] if key in found else Decimal(0),
            "label": str(TREND_LABELS[key]),
        }
        for key in TREND_ORDER
    }


def trend_table(trend_rows: list[dict[str, Any]]) -> Table:
    """The rows of the figure "trend" in the shape of the statistics tables (page, CSV, PDF)."""
    rows = by_class(trend_rows)
    data = tuple((r["label"], r["cases_year"], r["cases"], r["amount"]) for r in rows.values())
    return Table(
        slug="bevoelkerung",
        title=TABLE_TITLE,
        columns=(
            Column("Bevölkerungsentwicklung"),
            Column("Kooperationen im Jahr", "int"),
            Column("Kooperationen gesamt", "int"),
            Column("bewilligt gesamt", "euro"),
        ),
        rows=data,
        total=(
            "Summe",
            sum(r["cases_year"] for r in rows.values()),
            sum(r["cases"] for r in rows.values()),
            sum((r["amount"] for r in rows.values()), Decimal(0)),
        ),
        note=TABLE_NOTE,
        chart_column=2,
    )
