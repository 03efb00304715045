"""Savings monitoring in the statistics (issue 16): the funded cases' reported actual
savings – cases with reports, the share reaching the 15 % target of the funding rules,
the savings per report year and per Handlungsfeld.

A case counts when it is funded up to the year (an approved grant of a budget year up
to it, as everywhere in the statistics) and has reported for a year up to it. Whether a
case reaches 15 % is read from its latest report up to the year; the savings in euro
add up every report up to the year. A report replaced later counts with its new figures.

No query of their own: the figures are two parts of the cases' funding query
(`funding_sql`, CASE_FIGURES), which has already found the funded cases and their
Handlungsfeld. The latest report of a case up to the year Y is its row with
year <= Y < next_year, and that row's `running_eur` is the case's savings so far – both
kept by a trigger on the reports (savings migration 0003) – so the figures per field read
one row per case; nationwide that took the savings from 400 ms of their own to about
130 ms within the cases' query (make bench: the whole statistics 457 / 473 ms)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from cooperations.models import FieldOfAction
from savings.models import MIN_SAVINGS_PCT, SavingsReport

from .constants import ZERO
from .formats import share
from .tables import Column, Table

SAVINGS_FIGURES = ("savings_year", "savings_field")


def savings_selects(year: int, p: Callable[..., str]) -> dict[str, Callable[[], str]]:
    """The two SELECTs of the savings in the funding query's row shape (kind, label,
    year, cases, reaching, -, -, saved, -, pos); `savings_year` reads its CTE `funded`
    (one row per funded case), `savings_field` its CTE `cases` (with the Handlungsfeld).
    `p` adds a parameter to the query's list and returns its placeholder."""
    report, field = SavingsReport._meta.db_table, FieldOfAction._meta.db_table

    def per_year() -> str:
        return f"""
            SELECT 'savings_year', NULL, r.year, COUNT(*),
                SUM(CASE WHEN r.savings_pct >= {p(MIN_SAVINGS_PCT)} THEN 1 ELSE 0 END), NULL, NULL,
                SUM(r.savings_eur), NULL, r.year
            FROM {report} r JOIN funded f ON f.cooperation_id = r.cooperation_id
            WHERE r.year <= {p(year)}
            GROUP BY r.year"""  # noqa: S608

    def per_field() -> str:
        # The latest report up to the year, per case; the field-less grouping set is the
        # total (each case once). Fields of one name are one field, as in the table.
        return f"""
            SELECT CASE WHEN t.whole = 1 THEN 'savings_total' ELSE 'savings_field' END, fa.name, NULL,
                SUM(t.cases), SUM(t.reaching), NULL, NULL, SUM(t.saved), NULL,
                ROW_NUMBER() OVER (ORDER BY MIN(fa.position), fa.name)
            FROM (
                SELECT c.field_id, GROUPING(c.field_id) AS whole, COUNT(*) AS cases,
                    SUM(CASE WHEN r.savings_pct >= {p(MIN_SAVINGS_PCT)} THEN 1 ELSE 0 END) AS reaching,
                    SUM(r.running_eur) AS saved
                FROM {report} r JOIN cases c ON c.cooperation_id = r.cooperation_id
                WHERE r.year <= {p(year)} AND (r.next_year IS NULL OR r.next_year > {p(year)})
                GROUP BY GROUPING SETS ((c.field_id), ())
            ) t
            LEFT JOIN {field} fa ON fa.id = t.field_id AND t.whole = 0
            GROUP BY t.whole, fa.name"""  # noqa: S608

    return {"savings_year": per_year, "savings_field": per_field}


@dataclass(frozen=True)
class SavingsFigures:
    cases: int
    reaching: int
    total: Decimal
    cases_year: int
    total_year: Decimal
    by_year: tuple[tuple[Any, ...], ...]
    by_field: tuple[tuple[Any, ...], ...]


def savings_figures(year: int, rows: Mapping[str, list[dict[str, Any]]]) -> SavingsFigures:
    """The figures from the funding query's savings rows (`funding_figures`)."""
    years = sorted(rows.get("savings_year", []), key=lambda r: r["year"])
    fields = sorted(rows.get("savings_field", []), key=lambda r: r["pos"])
    nothing: dict[str, Any] = {"cases": 0, "reaching": 0, "amount": ZERO}
    total = next(iter(rows.get("savings_total", [])), nothing)
    this_year = next((r for r in years if r["year"] == year), None)
    return SavingsFigures(
        cases=total["cases"],
        reaching=total["reaching"],
        total=total["amount"],
        cases_year=this_year["cases"] if this_year else 0,
        total_year=this_year["amount"] if this_year else ZERO,
        by_year=tuple(_row(r["year"], r) for r in years),
        by_field=tuple(_row(r["label"], r) for r in fields),
    )


def _row(key: Any, r: Mapping[str, Any]) -> tuple[Any, ...]:
    return (key, r["cases"], r["reaching"], share(Decimal(r["reaching"]), Decimal(r["cases"])), r["amount"])


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
