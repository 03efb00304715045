"""The funding figures: two hand-written queries over the approved grants (sums per
budget year and programme; cases, municipalities, fields, Kreise, legal forms and the
population trend of the lead, and the savings the funded cases reported)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import connection

from contacts.demography import (
    GROWING_ABOVE,
    SHRINKING_BELOW,
    TREND_GROWING,
    TREND_NONE,
    TREND_SHRINKING,
    TREND_STABLE,
)
from contacts.models import Municipality, PopulationRecord
from cooperations.models import Cooperation, FieldOfAction, LegalForm, Participation
from funding.models import Grant, Programme

from .constants import NO_DISTRICT, NO_PROGRAMME, ZERO
from .savings import SAVINGS_FIGURES, savings_selects

GRANT_FIGURES = ("year", "programme")
CASE_FIGURES = ("total", "involved", "field", "district", "legal_form", "trend", *SAVINGS_FIGURES)


def funding_sql(year: int, figures: Sequence[str], cutoff: dt.date | None = None) -> tuple[str, list[Any]]:
    """One query for the funding figures named (GRANT_FIGURES or CASE_FIGURES). `cutoff` (default: the 31 December of the year) bounds
    the editions of the Gemeindeverzeichnis the population trend reads.

    Every count of cases is a COUNT(*) over rows that are one per case (or per case and
    budget year, or per case and programme), never a COUNT(DISTINCT case), which sorts all
    grants. `funded` sums the approved grants up to the year per case: its amounts and
    whether it has a grant in the year. It and the rows per case and budget year read the
    approved grants in the order of the index `grant_approved_case` (case, year, programme,
    with the amount), so PostgreSQL streams them from the index without a sort or a visit
    to the table. Programmes of one name are one programme, as in the published table.
    `cases` gives each funded case the keys of its Handlungsfeld, Kreis, Rechtsform and lead
    municipality (read from the narrow index `coop_statistics_keys`, not the wide rows of the
    table); they are grouped by those keys and only the few groups get their names
    (carrying the names through all cases made the rows wide enough to spill to disk).
    The population trend (issue 17, contacts/demography.py) classes each Kommune once,
    from its first and last edition up to the cut-off, and the cases join that small table
    by their lead: it reads the `cases` this query has already built, where a query of its
    own summed all approved grants and read all cases a further time. So do the savings
    the funded cases reported (statistics/savings.py): they read `funded` and `cases`.

    Rows: (kind, label, year, n1, n2, n3, n4, amount, amount_year, pos), pos being the
    order within the kind (the order of the published tables); a CTE is only written
    when a figure named reads it."""
    coop, muni, field = Cooperation._meta, Municipality._meta, FieldOfAction._meta
    record = PopulationRecord._meta
    cutoff = cutoff or dt.date(year, 12, 31)
    grant, part, prog = Grant._meta, Participation._meta, Programme._meta
    # Only table names from the models and literal SQL go into the text; every value is a parameter.
    params: list[Any] = []

    def p(*values: Any) -> str:
        params.extend(values)
        return ", ".join(["%s"] * len(values))

    def approved_up_to_year() -> str:
        return f"status IN ({p(*Grant.APPROVED_STATES)}) AND budget_year <= {p(year)}"

    def funded() -> str:
        return f"""
            funded AS (
                SELECT cooperation_id,
                    SUM(approved_amount) AS amount,
                    SUM(CASE WHEN budget_year = {p(year)} THEN approved_amount END) AS amount_year,
                    MAX(CASE WHEN budget_year = {p(year)} THEN 1 ELSE 0 END) AS in_year,
                    MIN(budget_year) AS first_year
                FROM {grant.db_table}
                WHERE {approved_up_to_year()}
                GROUP BY cooperation_id
            )"""  # noqa: S608

    def cases() -> str:
        return f"""
            cases AS (
                SELECT f.cooperation_id, f.amount, f.amount_year, f.in_year, c.field_of_action_id AS field_id,
                    CASE
                        WHEN lead.kind IN ({p(Municipality.Kind.LANDKREIS, Municipality.Kind.KREISFREIE_STADT)})
                            THEN lead.id
                        ELSE lead.district_id
                    END AS district_id,
                    c.legal_form, c.lead_municipality_id AS lead_id
                FROM funded f
                JOIN {coop.db_table} c ON c.id = f.cooperation_id
                JOIN {muni.db_table} lead ON lead.id = c.lead_municipality_id
            )"""  # noqa: S608

    def trend() -> str:
        """Per Kommune with editions up to the cut-off: its class, from the change between
        its first and its last edition (contacts.demography.trend_class; a Kommune without
        a trend has no row here and counts as without comparison)."""
        change = "ROUND((last_pop - first_pop) * 100.0 / first_pop, 1)"
        return f"""
            editions AS (
                SELECT municipality_id, population,
                    ROW_NUMBER() OVER (PARTITION BY municipality_id ORDER BY reference_date) AS from_first,
                    ROW_NUMBER() OVER (PARTITION BY municipality_id ORDER BY reference_date DESC) AS from_last
                FROM {record.db_table}
                WHERE reference_date <= {p(cutoff)}
            ),
            trend AS (
                SELECT municipality_id,
                    CASE
                        WHEN editions < 2 OR first_pop = 0 THEN {p(TREND_NONE)}
                        WHEN {change} < {p(SHRINKING_BELOW)} THEN {p(TREND_SHRINKING)}
                        WHEN {change} > {p(GROWING_ABOVE)} THEN {p(TREND_GROWING)}
                        ELSE {p(TREND_STABLE)}
                    END AS trend
                FROM (
                    SELECT municipality_id,
                        MAX(CASE WHEN from_first = 1 THEN population END) AS first_pop,
                        MAX(CASE WHEN from_last = 1 THEN population END) AS last_pop,
                        COUNT(*) AS editions
                    FROM editions
                    GROUP BY municipality_id
                ) per_municipality
            )"""  # noqa: S608

    def ranked(kind: str, key: str, label: str, joins: str, order: str) -> str:
        """Rows of (label, cases, cases_year, amount, amount_year) per label, numbered in
        `order`: the cases grouped by `key`, named by `label` (from `joins`), and groups of
        the same name added up."""
        return f"""
            SELECT '{kind}', label, NULL, cases, cases_year, NULL, NULL, amount, amount_year,
                ROW_NUMBER() OVER (ORDER BY {order})
            FROM (
                SELECT {label} AS label, SUM(t.cases) AS cases, SUM(t.cases_year) AS cases_year,
                    SUM(t.amount) AS amount, SUM(t.amount_year) AS amount_year
                FROM (
                    SELECT {key} AS key, COUNT(*) AS cases, SUM(in_year) AS cases_year,
                        SUM(amount) AS amount, SUM(amount_year) AS amount_year
                    FROM cases
                    GROUP BY {key}
                ) t {joins}
                GROUP BY 1
            ) named"""  # noqa: S608

    # Written out (and their parameters taken) only when named, in the order of the text.
    selects: dict[str, Callable[[], str]] = {
        "total": lambda: (
            """
            SELECT 'total', NULL, MIN(first_year), COUNT(*), SUM(in_year), NULL, NULL,
                SUM(amount), SUM(amount_year), 1
            FROM funded"""
        ),
        "involved": lambda: (
            f"""
            SELECT 'involved', NULL, NULL, COUNT(DISTINCT pa.municipality_id),
                COUNT(DISTINCT CASE WHEN f.in_year = 1 THEN pa.municipality_id END),
                COUNT(*), SUM(f.in_year), NULL, NULL, 1
            FROM {part.db_table} pa JOIN funded f ON f.cooperation_id = pa.cooperation_id"""  # noqa: S608
        ),
        "year": lambda: (
            f"""
            SELECT 'year', NULL, budget_year, COUNT(*), NULL, NULL, NULL,
                SUM(amount), NULL, ROW_NUMBER() OVER (ORDER BY budget_year)
            FROM (
                SELECT cooperation_id, budget_year, SUM(approved_amount) AS amount
                FROM {grant.db_table}
                WHERE {approved_up_to_year()}
                GROUP BY cooperation_id, budget_year
            ) per_case_and_year
            GROUP BY budget_year"""  # noqa: S608
        ),
        "field": lambda: ranked(
            "field", "field_id", "fa.name", f"JOIN {field.db_table} fa ON fa.id = t.key", "label"
        ),
        "district": lambda: ranked(
            "district",
            "district_id",
            f"COALESCE(district.display_name, {p(NO_DISTRICT)})",
            f"LEFT JOIN {muni.db_table} district ON district.id = t.key",
            "amount DESC, label",
        ),
        "legal_form": lambda: ranked(
            "legal_form",
            "legal_form",
            "CASE t.key "
            + " ".join(f"WHEN {p(value)} THEN {p(str(label))}" for value, label in LegalForm.choices)
            + " ELSE t.key END",
            "",
            "amount DESC, label",
        ),
        "trend": lambda: (
            f"""
            SELECT 'trend', COALESCE(t.trend, {p(TREND_NONE)}), NULL, COUNT(*), SUM(cases.in_year), NULL, NULL,
                SUM(cases.amount), NULL, 1
            FROM cases LEFT JOIN trend t ON t.municipality_id = cases.lead_id
            GROUP BY 2"""  # noqa: S608
        ),
        "programme": lambda: (
            f"""
            SELECT 'programme', label, NULL, cases, cases_year, NULL, NULL, amount, amount_year,
                ROW_NUMBER() OVER (ORDER BY amount DESC, label)
            FROM (
                SELECT CASE WHEN t.programme_key IS NULL THEN {p(NO_PROGRAMME)} ELSE pr.name END AS label,
                    t.*
                FROM (
                    SELECT programme_key, COUNT(*) AS cases, SUM(in_year) AS cases_year,
                        SUM(amount) AS amount, SUM(amount_year) AS amount_year
                    FROM (
                        SELECT per_programme.cooperation_id, same_name.first_id AS programme_key,
                            MAX(per_programme.in_year) AS in_year,
                            SUM(per_programme.amount) AS amount,
                            SUM(per_programme.amount_year) AS amount_year
                        FROM (
                            SELECT cooperation_id, programme_id,
                                MAX(CASE WHEN budget_year = {p(year)} THEN 1 ELSE 0 END) AS in_year,
                                SUM(approved_amount) AS amount,
                                SUM(CASE WHEN budget_year = {p(year)} THEN approved_amount END) AS amount_year
                            FROM {grant.db_table}
                            WHERE {approved_up_to_year()}
                            GROUP BY cooperation_id, programme_id
                        ) per_programme
                        LEFT JOIN (
                            SELECT id, MIN(id) OVER (PARTITION BY name) AS first_id FROM {prog.db_table}
                        ) same_name ON same_name.id = per_programme.programme_id
                        GROUP BY per_programme.cooperation_id, same_name.first_id
                    ) per_case_and_programme
                    GROUP BY programme_key
                ) t
                LEFT JOIN {prog.db_table} pr ON pr.id = t.programme_key
            ) per_programme"""  # noqa: S608
        ),
        **savings_selects(year, p),
    }
    reads_cases = {"field", "district", "legal_form", "trend", "savings_field"} & set(figures)
    reads_funded = reads_cases or {"total", "involved", "savings_year"} & set(figures)
    ctes = [
        *([funded()] if reads_funded else []),
        *([cases()] if reads_cases else []),
        *([trend()] if "trend" in figures else []),
    ]
    with_ctes = "WITH " + ",".join(ctes) if ctes else ""
    sql = with_ctes + "\nUNION ALL".join(selects[f]() for f in figures)
    return sql + "\nORDER BY 1, 10", params


def _as_decimal(value: Any) -> Decimal:
    if value is None:
        return ZERO
    if isinstance(value, Decimal):
        return value
    # SQLite sums decimals as floats: back to cents.
    return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def funding_figures(
    year: int, figures: Sequence[str], cutoff: dt.date | None = None
) -> dict[str, list[dict[str, Any]]]:
    sql, params = funding_sql(year, figures, cutoff)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    out: dict[str, list[dict[str, Any]]] = {kind: [] for kind in figures}
    for kind, label, year_value, n1, n2, n3, n4, amount, amount_year, pos in rows:
        if kind.startswith("savings_"):
            # savings_year, savings_field and its total (statistics/savings.py)
            out.setdefault(kind, []).append(
                {
                    "label": label,
                    "year": year_value,
                    "cases": int(n1 or 0),
                    "reaching": int(n2 or 0),
                    "amount": _as_decimal(amount),
                    "pos": pos,
                }
            )
            continue
        if kind == "involved":
            # The UNION gives every count column one type, numeric (a SUM's): back to int.
            counts = (int(n or 0) for n in (n1, n2, n3, n4))
            out[kind].append(dict(zip(("munis", "munis_year", "parts", "parts_year"), counts, strict=True)))
            continue
        out[kind].append(
            {
                "label": label,
                "year": year_value,
                "first_year": year_value,
                "cases": int(n1 or 0),
                "cases_year": int(n2 or 0),
                "amount": _as_decimal(amount),
                "amount_year": _as_decimal(amount_year),
            }
        )
    return out
