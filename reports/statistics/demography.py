"""Statistics: funded cooperations by the population trend of their lead municipality
(issue 17). The trend is the change from the first to the last edition of the
Gemeindeverzeichnis recorded up to the cut-off (contacts.PopulationRecord); the classes
and their bounds are those of contacts/demography.py, the partner search's too."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import connection

from contacts.demography import (
    GROWING_ABOVE,
    SHRINKING_BELOW,
    TREND_GROWING,
    TREND_LABELS,
    TREND_NONE,
    TREND_SHRINKING,
    TREND_STABLE,
)
from contacts.models import PopulationRecord
from cooperations.models import Cooperation
from funding.models import Grant

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
    the funding tables), those funded in the year, and their approved amount. One query;
    every class is present, with zeros where no case falls in it."""
    grant, coop, rec = Grant._meta.db_table, Cooperation._meta.db_table, PopulationRecord._meta.db_table
    states = list(Grant.APPROVED_STATES)
    placeholders = ", ".join(["%s"] * len(states))
    sql = f"""
        WITH funded AS (
            SELECT cooperation_id, SUM(approved_amount) AS amount,
                MAX(CASE WHEN budget_year = %s THEN 1 ELSE 0 END) AS in_year
            FROM {grant}
            WHERE status IN ({placeholders}) AND budget_year <= %s
            GROUP BY cooperation_id
        ),
        editions AS (
            SELECT municipality_id, population,
                ROW_NUMBER() OVER (PARTITION BY municipality_id ORDER BY reference_date) AS from_first,
                ROW_NUMBER() OVER (PARTITION BY municipality_id ORDER BY reference_date DESC) AS from_last
            FROM {rec}
            WHERE reference_date <= %s
              AND municipality_id IN (SELECT c.lead_municipality_id FROM funded f JOIN {coop} c ON c.id = f.cooperation_id)
        ),
        trend AS (
            SELECT municipality_id,
                MAX(CASE WHEN from_first = 1 THEN population END) AS first_pop,
                MAX(CASE WHEN from_last = 1 THEN population END) AS last_pop,
                COUNT(*) AS editions
            FROM editions
            GROUP BY municipality_id
        ),
        classed AS (
            SELECT f.amount, f.in_year,
                CASE
                    WHEN t.editions IS NULL OR t.editions < 2 OR t.first_pop = 0 THEN %s
                    WHEN ROUND((t.last_pop - t.first_pop) * 100.0 / t.first_pop, 1) < %s THEN %s
                    WHEN ROUND((t.last_pop - t.first_pop) * 100.0 / t.first_pop, 1) > %s THEN %s
                    ELSE %s
                END AS trend
            FROM funded f
            JOIN {coop} c ON c.id = f.cooperation_id
            LEFT JOIN trend t ON t.municipality_id = c.lead_municipality_id
        )
        SELECT trend, COUNT(*), SUM(in_year), SUM(amount) FROM classed GROUP BY trend
    """  # noqa: S608 - table names from the models, every value a parameter
    params: list[Any] = [
        year,
        *states,
        year,
        cutoff,
        TREND_NONE,
        SHRINKING_BELOW,
        TREND_SHRINKING,
        GROWING_ABOVE,
        TREND_GROWING,
        TREND_STABLE,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        found = {
            trend: {"cases": cases, "cases_year": int(in_year or 0), "amount": Decimal(amount or 0)}
            for trend, cases, in_year, amount in cursor.fetchall()
        }
    return {
        key: found.get(key, {"cases": 0, "cases_year": 0, "amount": Decimal(0)})
        | {"label": str(TREND_LABELS[key])}
        for key in TREND_ORDER
    }


def trend_table(year: int, cutoff: dt.date) -> Any:
    """The rows in the shape of the statistics tables (page, CSV, PDF)."""
    rows = funded_by_lead_trend(year, cutoff)
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
