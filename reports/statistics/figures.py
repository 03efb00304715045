"""The figures of a year (`annual_statistics`) and the sentences and tables built from them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from django.utils import timezone

from core.db import side_by_side
from funding.models import FunderLevel, FunderQuestion

from .constants import LEVEL_ORDER, SIZE_CLASS_WORDS, YEAR_IN_FUTURE, YEAR_TOO_EARLY, ZERO
from .demography import trend_table
from .formats import fmt_date, fmt_euro, fmt_euro_short, fmt_int, fmt_pct, plural, share
from .funding_sql import CASE_FIGURES, GRANT_FIGURES, funding_figures
from .queries import (
    query_advice,
    query_paid_by_year,
    query_question_kinds,
    query_question_levels,
    query_reclaimed,
    query_size_classes,
)
from .savings import savings_figures, savings_tables
from .tables import Column, Table


@dataclass(frozen=True)
class AnnualStatistics:
    year: int
    cutoff: dt.date
    generated_at: dt.datetime
    first_year: int | None
    # funding, cumulated up to the year and in the year
    cooperations_total: int
    cooperations_year: int
    municipalities_total: int
    participations_total: int
    municipalities_year: int
    participations_year: int
    approved_total: Decimal
    approved_year: Decimal
    paid_total: Decimal
    paid_year: Decimal
    # budget advice up to the cut-off date
    consultations_total: int
    consultations_year: int
    consulted_municipalities: int
    with_second: int
    with_third: int
    by_size_class: dict[str, int]
    # Förderlotse
    questions_total: int
    questions_year: int
    referrals_total: int
    referrals_year: int
    referred_to_office_total: int
    referred_to_office_year: int
    tables: dict[str, Table] = field(default_factory=dict)
    # Rückforderungen: reclaimed amounts by the date of the reclaim, up to the cut-off and in the year
    reclaimed_total: Decimal = ZERO
    reclaimed_year: Decimal = ZERO
    # Savings monitoring (issue 16): funded cases with reported actual savings up to the year
    savings_cases: int = 0
    savings_reaching: int = 0
    savings_total: Decimal = ZERO
    savings_cases_year: int = 0
    savings_total_year: Decimal = ZERO

    @property
    def is_final(self) -> bool:
        """A closed year: its cut-off is the 31 December."""
        return self.cutoff == dt.date(self.year, 12, 31)

    @property
    def approved_total_text(self) -> str:
        return fmt_euro_short(self.approved_total)

    @property
    def paid_total_text(self) -> str:
        return fmt_euro_short(self.paid_total)

    @property
    def headline_funding(self) -> str:
        if not self.cooperations_total:
            return f"Bis zum {fmt_date(self.cutoff)} wurde noch keine kommunale Kooperation gefördert."
        verb = "wurde" if self.cooperations_total == 1 else "wurden"
        coops = plural(self.cooperations_total, "kommunale Kooperation", "kommunale Kooperationen")
        munis = plural(self.municipalities_total, "Kommune", "Kommunen")
        if self.participations_total > self.municipalities_total:
            munis += (
                f" ({fmt_int(self.participations_total)} Beteiligungen, "
                "da Kommunen teils mehrfach eingebunden sind)"
            )
        return (
            f"Seit {self.first_year} {verb} {coops} mit {munis} gefördert; "
            f"insgesamt {fmt_euro_short(self.approved_total)}."
        )

    @property
    def headline_year(self) -> str:
        if not self.cooperations_year:
            return f"Im Haushaltsjahr {self.year} wurden bisher keine Förderungen bewilligt."
        verb = "wurde" if self.cooperations_year == 1 else "wurden"
        coops = plural(self.cooperations_year, "Kooperation", "Kooperationen")
        munis = plural(self.municipalities_year, "Kommune", "Kommunen")
        return (
            f"Im Haushaltsjahr {self.year} {verb} {coops} mit {munis} gefördert; "
            f"bewilligt {fmt_euro_short(self.approved_year)}, ausgezahlt {fmt_euro_short(self.paid_year)}."
        )

    @property
    def headline_budget_advice(self) -> str:
        day = fmt_date(self.cutoff)
        if not self.consultations_total:
            return f"Bis zum {day} wurden noch keine Beratungsgespräche geführt."
        verb = "wurde" if self.consultations_total == 1 else "wurden"
        talks = plural(self.consultations_total, "Beratungsgespräch", "Beratungsgespräche")
        repeats = ""
        if self.with_third:
            repeats = " (inkl. Zweit- und Drittberatungen)"
        elif self.with_second:
            repeats = " (inkl. Zweitberatungen)"
        classes = ", ".join(
            plural(self.by_size_class[key], one, many)
            for key, one, many in SIZE_CLASS_WORDS
            if self.by_size_class.get(key)
        )
        # The parts are municipalities (each once, in the class of its first consultation),
        # not talks: the sentence names both, so that the parts add up to what they split.
        munis = plural(self.consulted_municipalities, "Kommune", "Kommunen")
        return (
            f"Bis zum {day} {verb} {talks}{repeats} mit {munis} geführt; "
            f"die {munis} nach Größenklasse bei ihrer ersten Beratung: {classes}."
        )

    @property
    def headline_funding_pilot(self) -> str:
        questions = plural(self.questions_total, "Frage", "Fragen")
        verb = "ging" if self.questions_total == 1 else "gingen"
        return (
            f"Beim Förderlotsen {verb} bis zum {fmt_date(self.cutoff)} {questions} ein; "
            f"{fmt_int(self.referrals_total)} Verweise auf Förderprogramme, "
            f"{fmt_int(self.referred_to_office_total)}-mal an eine Stelle weitergeleitet."
        )

    @property
    def headline_savings(self) -> str:
        if not self.savings_cases:
            return f"Bis zum Berichtsjahr {self.year} hat noch keine geförderte Kooperation Einsparungen gemeldet."
        verb = "hat" if self.savings_cases == 1 else "haben"
        reach = "erreicht" if self.savings_reaching == 1 else "erreichen"
        coops = plural(self.savings_cases, "geförderte Kooperation", "geförderte Kooperationen")
        return (
            f"{coops} {verb} bis zum Berichtsjahr {self.year} tatsächliche Einsparungen gemeldet, "
            f"zusammen {fmt_euro_short(self.savings_total)}; {fmt_int(self.savings_reaching)} davon "
            f"({fmt_pct(share(Decimal(self.savings_reaching), Decimal(self.savings_cases)))}) {reach} im zuletzt gemeldeten "
            "Jahr das Ziel von mindestens 15 %."
        )

    @property
    def headlines(self) -> list[str]:
        return [
            self.headline_funding,
            self.headline_year,
            self.headline_savings,
            self.headline_budget_advice,
            self.headline_funding_pilot,
        ]

    @property
    def table_list(self) -> list[Table]:
        return list(self.tables.values())


def default_cutoff(year: int, today: dt.date | None = None) -> dt.date:
    today = today or timezone.localdate()
    if year > today.year:
        raise ValueError(YEAR_IN_FUTURE)
    if year < 2000:
        raise ValueError(YEAR_TOO_EARLY)
    return dt.date(year, 12, 31) if year < today.year else today


def annual_statistics(year: int, cutoff: dt.date | None = None) -> AnnualStatistics:
    cutoff = cutoff or default_cutoff(year)
    # Eight queries in two halves of about equal work, run at once on two database
    # connections where that is safe (core.db.side_by_side): the grants' side (budget
    # years, programmes, payments, reclaims, the Förderlotse, size classes of the budget
    # advice) and the cases' side (sums per case, municipalities, fields, Kreise, legal
    # forms, population trend, reported savings; budget advice). Nothing runs after them.
    # Nationwide each half takes about as long as the other; a query that moves between
    # them moves that balance (`make bench`, "Statistik eines Jahres").
    (
        (grant_figures, paid_by_year, reclaimed, level_rows, kind_rows, class_rows),
        (case_figures, advice),
    ) = side_by_side(
        lambda: (
            funding_figures(year, GRANT_FIGURES),
            query_paid_by_year(year, cutoff),
            query_reclaimed(year, cutoff),
            query_question_levels(year, cutoff),
            query_question_kinds(year, cutoff),
            query_size_classes(cutoff),
        ),
        lambda: (
            funding_figures(year, CASE_FIGURES, cutoff),  # with the savings (statistics/savings.py)
            query_advice(year, cutoff),
        ),
    )
    savings = savings_figures(year, case_figures)
    funding = {**grant_figures, **case_figures}
    totals = funding["total"][0]
    involved = funding["involved"][0]
    year_rows = tuple(
        (
            r["year"],
            r["cases"],
            r["amount"],
            paid_by_year.get(r["year"], ZERO),
            share(paid_by_year.get(r["year"]), r["amount"]),
        )
        for r in funding["year"]
    )
    paid_total = sum(paid_by_year.values(), ZERO)
    approved_total = totals["amount"]

    def grouped(kind: str) -> tuple[tuple[Any, ...], ...]:
        return tuple(
            (r["label"], r["cases_year"], r["amount_year"], r["cases"], r["amount"]) for r in funding[kind]
        )

    by_field = grouped("field")
    by_district = grouped("district")
    by_legal_form = grouped("legal_form")
    by_programme = grouped("programme")
    by_size_class = {size_class or "": int(first) for size_class, first, _n in class_rows if first}
    class_consultations = {size_class or "": n for size_class, _first, n in class_rows}

    tables: dict[str, Table] = {}
    money_cols = (
        Column("Kooperationen im Jahr", "int"),
        Column("bewilligt im Jahr", "euro"),
        Column("Kooperationen gesamt", "int"),
        Column("bewilligt gesamt", "euro"),
    )

    def money_total(rows: tuple[tuple[Any, ...], ...]) -> tuple[Any, ...]:
        # Cases are counted once in the total even when they appear in several rows.
        return (
            "Summe",
            totals["cases_year"],
            totals["amount_year"] or ZERO,
            totals["cases"],
            approved_total,
        )

    tables["jahre"] = Table(
        slug="jahre",
        title="Förderung nach Haushaltsjahr",
        columns=(
            Column("Haushaltsjahr"),
            Column("geförderte Kooperationen", "int"),
            Column("bewilligt", "euro"),
            Column("ausgezahlt", "euro"),
            Column("Auszahlungsquote", "pct"),
        ),
        rows=year_rows,
        total=("Summe", totals["cases"], approved_total, paid_total, share(paid_total, approved_total)),
        note="Eine Kooperation mit Förderungen in mehreren Jahren zählt in der Summe einmal.",
        chart_column=2,
        chart_kind="column",
    )
    # The four money tables share their columns, their total and their chart.
    for slug, title, label, rows in (
        ("handlungsfelder", "Förderung nach Handlungsfeld", "Handlungsfeld", by_field),
        (
            "landkreise",
            "Förderung nach Landkreis der federführenden Kommune",
            "Landkreis / kreisfreie Stadt",
            by_district,
        ),
        ("rechtsformen", "Förderung nach Rechtsform", "Rechtsform", by_legal_form),
        ("programme", "Förderung nach Förderprogramm", "Förderprogramm", by_programme),
    ):
        tables[slug] = Table(
            slug=slug,
            title=title,
            columns=(Column(label), *money_cols),
            rows=rows,
            total=money_total(rows),
            chart_column=4,
        )
    tables["bevoelkerung"] = trend_table(funding["trend"])  # statistics/demography.py (issue 17)
    tables |= savings_tables(savings)  # statistics/savings.py (issue 16)
    size_table_rows = tuple(
        (many, by_size_class.get(key, 0), class_consultations.get(key, 0))
        for key, _one, many in SIZE_CLASS_WORDS
        if by_size_class.get(key) or class_consultations.get(key)
    )
    tables["haushaltsberatung"] = Table(
        slug="haushaltsberatung",
        title="Haushaltsberatung nach Größenklasse",
        columns=(
            Column("Größenklasse"),
            Column("beratene Kommunen", "int"),
            Column("Beratungsgespräche", "int"),
        ),
        rows=size_table_rows,
        total=("Summe", advice["munis"] or 0, advice["consultations"] or 0),
        note=(
            "Kommunen zählen einmal, in der Größenklasse ihrer ersten Beratung; "
            "Gespräche in der Größenklasse am jeweiligen Beratungstag."
        ),
        chart_column=1,
    )
    tables["wiederholungen"] = Table(
        slug="wiederholungen",
        title="Erst-, Zweit- und Drittberatungen",
        columns=(Column("Beratung"), Column("Kommunen", "int")),
        rows=(
            ("mindestens eine Beratung", advice["munis"] or 0),
            ("mit Zweitberatung", advice["second"] or 0),
            ("mit Drittberatung", advice["third"] or 0),
        ),
    )
    kind_table_rows = tuple(
        (
            str(label),
            kind_rows[value]["year"],
            kind_rows[value]["total"],
        )
        for value, label in FunderQuestion.AskerKind.choices
        if value in kind_rows
    )
    questions_total = sum(r["total"] for r in kind_rows.values())
    questions_year = sum(r["year"] for r in kind_rows.values())
    tables["foerderlotse_fragende"] = Table(
        slug="foerderlotse_fragende",
        title="Förderlotse: Fragen nach Fragenden",
        columns=(Column("Wer fragt"), Column("Fragen im Jahr", "int"), Column("Fragen gesamt", "int")),
        rows=kind_table_rows,
        total=("Summe", questions_year, questions_total),
        chart_column=2,
    )
    level_table_rows = tuple(
        (
            str(FunderLevel(level).label),
            level_rows[level]["questions_year"],
            level_rows[level]["questions"],
            level_rows[level]["referrals"],
        )
        for level in LEVEL_ORDER
        if level in level_rows
    )
    referrals_total = sum(r["referrals"] for r in level_rows.values())
    referrals_year = sum(r["referrals_year"] for r in level_rows.values())
    tables["foerderlotse_ebenen"] = Table(
        slug="foerderlotse_ebenen",
        title="Förderlotse: Fragen nach Förderebene der empfohlenen Programme",
        columns=(
            Column("Förderebene"),
            Column("Fragen im Jahr", "int"),
            Column("Fragen gesamt", "int"),
            Column("Verweise auf Programme", "int"),
        ),
        rows=level_table_rows,
        note="Eine Frage mit Programmen mehrerer Ebenen zählt bei jeder Ebene.",
        chart_column=2,
    )

    stats = AnnualStatistics(
        year=year,
        cutoff=cutoff,
        generated_at=timezone.now(),
        first_year=totals["first_year"],
        cooperations_total=totals["cases"],
        cooperations_year=totals["cases_year"],
        municipalities_total=involved["munis"],
        participations_total=involved["parts"],
        municipalities_year=involved["munis_year"],
        participations_year=involved["parts_year"],
        approved_total=approved_total,
        approved_year=totals["amount_year"] or ZERO,
        paid_total=paid_total,
        paid_year=paid_by_year.get(year, ZERO),
        consultations_total=advice["consultations"] or 0,
        consultations_year=advice["consultations_year"] or 0,
        consulted_municipalities=advice["munis"] or 0,
        with_second=advice["second"] or 0,
        with_third=advice["third"] or 0,
        by_size_class=by_size_class,
        questions_total=questions_total,
        questions_year=questions_year,
        referrals_total=referrals_total,
        referrals_year=referrals_year,
        referred_to_office_total=sum(r["office"] for r in kind_rows.values()),
        referred_to_office_year=sum(r["office_year"] for r in kind_rows.values()),
        tables=tables,
        reclaimed_total=reclaimed["total"] or ZERO,
        reclaimed_year=reclaimed["year"] or ZERO,
        savings_cases=savings.cases,
        savings_reaching=savings.reaching,
        savings_total=savings.total,
        savings_cases_year=savings.cases_year,
        savings_total_year=savings.total_year,
    )
    return replace(stats, tables={"kennzahlen": key_figures(stats), **tables})


def key_figures(s: AnnualStatistics) -> Table:
    rows = (
        ("Geförderte Kooperationen", fmt_int(s.cooperations_year), fmt_int(s.cooperations_total)),
        ("Beteiligte Kommunen", fmt_int(s.municipalities_year), fmt_int(s.municipalities_total)),
        (
            "Beteiligungen (mit Mehrfachnennung)",
            fmt_int(s.participations_year),
            fmt_int(s.participations_total),
        ),
        ("Bewilligte Fördermittel", fmt_euro(s.approved_year), fmt_euro(s.approved_total)),
        ("Ausgezahlte Fördermittel", fmt_euro(s.paid_year), fmt_euro(s.paid_total)),
        ("Zurückgeforderte Fördermittel", fmt_euro(s.reclaimed_year), fmt_euro(s.reclaimed_total)),
        (
            "Kooperationen mit gemeldeten Einsparungen",
            fmt_int(s.savings_cases_year),
            fmt_int(s.savings_cases),
        ),
        ("Gemeldete Einsparungen", fmt_euro(s.savings_total_year), fmt_euro(s.savings_total)),
        (
            "Haushaltsberatungen (inkl. Wiederholungen)",
            fmt_int(s.consultations_year),
            fmt_int(s.consultations_total),
        ),
        ("Beratene Kommunen", "", fmt_int(s.consulted_municipalities)),
        ("Fragen an den Förderlotsen", fmt_int(s.questions_year), fmt_int(s.questions_total)),
        ("Verweise auf Förderprogramme", fmt_int(s.referrals_year), fmt_int(s.referrals_total)),
        (
            "Weiterleitungen an eine Stelle",
            fmt_int(s.referred_to_office_year),
            fmt_int(s.referred_to_office_total),
        ),
    )
    return Table(
        slug="kennzahlen",
        title="Kennzahlen",
        columns=(
            Column("Kennzahl"),
            Column(f"im Jahr {s.year}", "figure"),
            Column("insgesamt bis zum Stichtag", "figure"),
        ),
        rows=rows,
        note="Förderung nach Haushaltsjahr; Einsparungen nach Berichtsjahr; Beratungen und Fragen nach Datum.",
    )
