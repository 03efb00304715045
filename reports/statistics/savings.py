"""Savings monitoring in the statistics (issue 16): the funded cases' reported actual
savings – cases with reports, the share reaching the 15 % target of the funding rules,
the savings per report year and per Handlungsfeld. One query.

A case counts when it is funded up to the year (an approved grant of a budget year up
to it, as everywhere in the statistics) and has reported for a year up to it. Whether a
case reaches 15 % is read from its latest report up to the year; the savings in euro
add up every report up to the year. A report replaced later counts with its new figures."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection

from cooperations.models import Cooperation, FieldOfAction
from funding.models import Grant
from savings.models import MIN_SAVINGS_PCT, SavingsReport

from .constants import ZERO
from .formats import share
from .tables import Column, Table


@dataclass(frozen=True)
class SavingsFigures:
    cases: int
    reaching: int
    total: Decimal
    cases_year: int
    total_year: Decimal
    by_year: tuple[tuple[Any, ...], ...]
    by_field: tuple[tuple[Any, ...], ...]


def query_savings(year: int) -> SavingsFigures:
    report, coop, field, grant = (
        SavingsReport._meta.db_table,
        Cooperation._meta.db_table,
        FieldOfAction._meta.db_table,
        Grant._meta.db_table,
    )
    states = ", ".join(["%s"] * len(Grant.APPROVED_STATES))
    sql = f"""
        WITH funded AS (
            SELECT DISTINCT cooperation_id FROM {grant}
            WHERE status IN ({states}) AND budget_year <= %s
        ), reports AS (
            SELECT r.year, r.savings_eur, r.savings_pct, c.field_of_action_id AS field_id,
                ROW_NUMBER() OVER (PARTITION BY r.cooperation_id ORDER BY r.year DESC) AS rn
            FROM {report} r
            JOIN funded f ON f.cooperation_id = r.cooperation_id
            JOIN {coop} c ON c.id = r.cooperation_id
            WHERE r.year <= %s
        )
        SELECT 'year', NULL, year, COUNT(*),
            SUM(CASE WHEN savings_pct >= %s THEN 1 ELSE 0 END), SUM(savings_eur)
        FROM reports GROUP BY year
        UNION ALL
        SELECT 'field', fa.name, MIN(fa.position), SUM(CASE WHEN rn = 1 THEN 1 ELSE 0 END),
            SUM(CASE WHEN rn = 1 AND savings_pct >= %s THEN 1 ELSE 0 END), SUM(savings_eur)
        FROM reports JOIN {field} fa ON fa.id = reports.field_id GROUP BY fa.name
        UNION ALL
        SELECT 'total', NULL, NULL, SUM(CASE WHEN rn = 1 THEN 1 ELSE 0 END),
            SUM(CASE WHEN rn = 1 AND savings_pct >= %s THEN 1 ELSE 0 END), SUM(savings_eur)
        FROM reports"""  # noqa: S608 - table names from the models, every value a parameter
    params: list[Any] = [
        *Grant.APPROVED_STATES,
        year,
        year,
        MIN_SAVINGS_PCT,
        MIN_SAVINGS_PCT,
        MIN_SAVINGS_PCT,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    years = sorted((r for r in rows if r[0] == "year"), key=lambda r: r[2])
    fields = sorted((r for r in rows if r[0] == "field"), key=lambda r: (r[2], r[1]))
    total = next(r for r in rows if r[0] == "total")
    this_year = next((r for r in years if r[2] == year), None)
    return SavingsFigures(
        cases=int(total[3] or 0),
        reaching=int(total[4] or 0),
        total=total[5] or ZERO,
        cases_year=int(this_year[3]) if this_year else 0,
        total_year=this_year[5] if this_year else ZERO,
        by_year=tuple(
            (y, n, reaching, share(Decimal(reaching), Decimal(n)), saved)
            for _k, _l, y, n, reaching, saved in years
        ),
        by_field=tuple(
            (label, n, reaching, share(Decimal(reaching), Decimal(n)), saved)
            for _k, label, _p, n, reaching, saved in fields
        ),
    )


REACHING = "mit mind. 15 %"


def savings_tables(figures: SavingsFigures) -> dict[str, Table]:
    total = (
        "Summe",
        figures.cases,
        figures.reaching,
        share(Decimal(figures.reaching), Decimal(figures.cases)),
        figures.total,
    )
    return {
        "einsparungen_jahre": Table(
            slug="einsparungen_jahre",
            title="Gemeldete Einsparungen nach Berichtsjahr",
            columns=(
                Column("Berichtsjahr"),
                Column("Kooperationen mit Bericht", "int"),
                Column(REACHING, "int"),
                Column("Anteil mit mind. 15 %", "pct"),
                Column("gemeldete Einsparung", "euro"),
            ),
            rows=figures.by_year,
            total=total,
            note=(
                "Geförderte Kooperationen mit einem Bericht über ihre tatsächlichen Einsparungen. "
                "In der Summe zählt jede Kooperation einmal, mit ihrem zuletzt gemeldeten Jahr."
            ),
            chart_column=4,
            chart_kind="column",
        ),
        "einsparungen_handlungsfelder": Table(
            slug="einsparungen_handlungsfelder",
            title="Gemeldete Einsparungen nach Handlungsfeld",
            columns=(
                Column("Handlungsfeld"),
                Column("Kooperationen mit Bericht", "int"),
                Column(REACHING + " (letzter Bericht)", "int"),
                Column("Anteil mit mind. 15 %", "pct"),
                Column("gemeldete Einsparung gesamt", "euro"),
            ),
            rows=figures.by_field,
            total=total,
            note="Einsparung: alle gemeldeten Jahre bis zum Berichtsjahr zusammen.",
            chart_column=4,
        ),
    }
