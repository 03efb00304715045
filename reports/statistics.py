"""The statistics of the annual report (DESIGN.md, "Statistics"), defined once.

The dashboard, the PDF, the CSV downloads and the tests all read `annual_statistics()`.
Every figure is aggregated in the database; the number of queries is constant (nine:
two for the funding figures, one for each other helper `annual_statistics` calls) and does
not grow with the rows. Outside a transaction they run on two connections at once.

- funded cooperation: a case with at least one approved grant (`GrantQuerySet.approved`);
  "in the year" means a grant of that budget year, "cumulated" every budget year up to it;
- municipalities involved: distinct Kommunen of those cases and participations counted
  with repetition. A merged municipality keeps its own record (with a successor), so
  old cases count it as it was, never as its successor;
- budget advice up to the cut-off date: held consultations; each municipality counted
  once, in the size class its FIRST consultation recorded (`Consultation.size_class`);
- Förderlotse: questions by asker kind and by the level of the programmes referred to.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.db.models import Count, F, Min, Q, QuerySet, Sum, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.safestring import SafeString

from backoffice.exports import spreadsheet_text
from budget_advice.models import Consultation
from contacts.models import Municipality, SizeClass
from cooperations.models import Cooperation, FieldOfAction, LegalForm, Participation
from funding.models import Disbursement, FunderLevel, FunderQuestion, Grant, Programme
from ikz_portal.db import side_by_side

from .demography import trend_table
from .models import DataChange

# Bump when the figures or the PDF layout change, so that a new report is rendered
# even though the data did not change.
STATISTICS_VERSION = "5"  # 3: held consultations only, 4: reclaimed funding, 5: population trend

YEAR_IN_FUTURE = "Für ein künftiges Jahr gibt es noch keine Statistik."
YEAR_TOO_EARLY = "Bitte wählen Sie ein Jahr ab 2000."

ZERO = Decimal("0")
NO_DISTRICT = "ohne Kreiszuordnung"
NO_PROGRAMME = "ohne Programmangabe"
NO_SIZE_CLASS = "ohne Größenangabe"
CHART_MAX_BARS = 10

# Singular and plural of the size classes, in the order of the published sentence.
SIZE_CLASS_WORDS: tuple[tuple[str, str, str], ...] = (
    (SizeClass.GEMEINDE, "Gemeinde", "Gemeinden"),
    (SizeClass.KLEINSTADT, "Kleinstadt", "Kleinstädte"),
    (SizeClass.MITTELSTADT, "Mittelstadt", "Mittelstädte"),
    (SizeClass.GROSSSTADT, "Großstadt", "Großstädte"),
    (SizeClass.LANDKREIS, "Landkreis", "Landkreise"),
    ("", NO_SIZE_CLASS, NO_SIZE_CLASS),
)
LEVEL_ORDER = (FunderLevel.LAND, FunderLevel.BUND, FunderLevel.EU)


# --- German number formats (1.712; 25,1 Mio. €; 31.12.2020) ---------------------------------


def fmt_int(value: int | None) -> str:
    return f"{value or 0:,}".replace(",", ".")


def fmt_decimal(value: Decimal, places: int = 2) -> str:
    q = Decimal(1).scaleb(-places)
    text = f"{value.quantize(q, rounding=ROUND_HALF_UP):,.{places}f}"
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def fmt_euro(value: Decimal | None) -> str:
    """Whole euros, as the report prints them: 1.234.567 €."""
    return f"{fmt_decimal(value or ZERO, 0)} €"


def fmt_euro_short(value: Decimal | None) -> str:
    """25,1 Mio. € from one million on, otherwise whole euros."""
    value = value or ZERO
    if value >= Decimal("1000000"):
        return f"{fmt_decimal(value / Decimal('1000000'), 1)} Mio. €"
    return fmt_euro(value)


def fmt_pct(value: Decimal | None) -> str:
    return "–" if value is None else f"{fmt_decimal(value, 1)} %"


def fmt_date(value: dt.date) -> str:
    return f"{value:%d.%m.%Y}"


def _plural(n: int, one: str, many: str) -> str:
    return f"{fmt_int(n)} {one if n == 1 else many}"


def _share(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part or 0) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


# --- Tables: one shape for the page, the PDF and the CSV --------------------------------------


@dataclass(frozen=True)
class Column:
    label: str
    kind: str = "text"  # text | int | euro | pct | figure (already formatted, right-aligned)

    @property
    def numeric(self) -> bool:
        return self.kind != "text"

    def display(self, value: Any) -> str:
        if self.kind == "int":
            return fmt_int(value)
        if self.kind == "euro":
            return fmt_euro(value)
        if self.kind == "pct":
            return fmt_pct(value)
        return str(value)

    def csv(self, value: Any) -> str:
        """Exact values in German notation, so spreadsheets read them as numbers."""
        if value is None:
            return ""
        if self.kind == "euro":
            return fmt_decimal(Decimal(value), 2).replace(".", "")
        if self.kind == "pct":
            return fmt_decimal(Decimal(value), 1)
        if self.kind == "int":
            return str(value)
        # Names come from data (programmes, Handlungsfelder): never a formula in a spreadsheet.
        return spreadsheet_text(str(value))


@dataclass(frozen=True)
class Cell:
    text: str
    numeric: bool


@dataclass(frozen=True)
class Table:
    slug: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Any, ...], ...]
    total: tuple[Any, ...] | None = None
    note: str = ""
    # Which column a chart shows, and whether bars run across (labels) or up (years).
    chart_column: int | None = None
    chart_kind: str = "bar"

    def _cells(self, row: Sequence[Any]) -> list[Cell]:
        return [Cell(col.display(v), col.numeric) for col, v in zip(self.columns, row, strict=True)]

    @property
    def display_rows(self) -> list[list[Cell]]:
        return [self._cells(r) for r in self.rows]

    @property
    def display_total(self) -> list[Cell] | None:
        return self._cells(self.total) if self.total else None

    def csv_rows(self) -> Iterable[list[str]]:
        yield [c.label for c in self.columns]
        for row in self.rows:
            yield [c.csv(v) for c, v in zip(self.columns, row, strict=True)]
        if self.total:
            yield [c.csv(v) for c, v in zip(self.columns, self.total, strict=True)]

    def chart(self) -> SafeString | None:
        from ikz_portal import charts

        if self.chart_column is None or not self.rows:
            return None
        col = self.columns[self.chart_column]
        data = [(str(r[0]), Decimal(r[self.chart_column] or 0)) for r in self.rows]
        title = f"{self.title}: {col.label}"
        if self.chart_kind == "bar" and len(data) > CHART_MAX_BARS:
            # The largest bars only (a bar for "the rest" would dwarf them); the table lists every row.
            data = sorted(data, key=lambda d: d[1], reverse=True)[:CHART_MAX_BARS]
            title += f" (die {CHART_MAX_BARS} größten Werte)"
        fmt: Callable[[Decimal], str] = fmt_euro_short if col.kind == "euro" else (lambda v: fmt_int(int(v)))
        if self.chart_kind == "column":
            unit = ""
            biggest = max(v for _, v in data)
            if col.kind == "euro" and len(data) > 6 and biggest >= 1000:
                # Many columns: short labels, the unit once above the chart.
                scale, unit, places = (
                    (Decimal(1_000_000), "in Mio. €", 1)
                    if biggest >= 1_000_000
                    else (Decimal(1000), "in Tsd. €", 0)
                )

                def fmt(v: Decimal) -> str:
                    return fmt_decimal(v / scale, places)

            return charts.column_chart(title, data, fmt, unit=unit)
        return charts.bar_chart(title, data, fmt)


# --- The figures ------------------------------------------------------------------------


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
        coops = _plural(self.cooperations_total, "kommunale Kooperation", "kommunale Kooperationen")
        munis = _plural(self.municipalities_total, "Kommune", "Kommunen")
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
        coops = _plural(self.cooperations_year, "Kooperation", "Kooperationen")
        munis = _plural(self.municipalities_year, "Kommune", "Kommunen")
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
        talks = _plural(self.consultations_total, "Beratungsgespräch", "Beratungsgespräche")
        repeats = ""
        if self.with_third:
            repeats = " (inkl. Zweit- und Drittberatungen)"
        elif self.with_second:
            repeats = " (inkl. Zweitberatungen)"
        classes = ", ".join(
            _plural(self.by_size_class[key], one, many)
            for key, one, many in SIZE_CLASS_WORDS
            if self.by_size_class.get(key)
        )
        # The parts are municipalities (each once, in the class of its first consultation),
        # not talks: the sentence names both, so that the parts add up to what they split.
        munis = _plural(self.consulted_municipalities, "Kommune", "Kommunen")
        return (
            f"Bis zum {day} {verb} {talks}{repeats} mit {munis} geführt; "
            f"die {munis} nach Größenklasse bei ihrer ersten Beratung: {classes}."
        )

    @property
    def headline_funding_pilot(self) -> str:
        questions = _plural(self.questions_total, "Frage", "Fragen")
        verb = "ging" if self.questions_total == 1 else "gingen"
        return (
            f"Beim Förderlotsen {verb} bis zum {fmt_date(self.cutoff)} {questions} ein; "
            f"{fmt_int(self.referrals_total)} Verweise auf Förderprogramme, "
            f"{fmt_int(self.referred_to_office_total)}-mal an eine Stelle weitergeleitet."
        )

    @property
    def headlines(self) -> list[str]:
        return [
            self.headline_funding,
            self.headline_year,
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
    # Seven queries in two halves of about equal work, run at once on two database
    # connections where that is safe (ikz_portal.db.side_by_side); each half sums the
    # approved grants per case once.
    (grant_figures, paid_by_year), (case_figures, advice, class_rows, kind_rows, level_rows) = side_by_side(
        lambda: (_funding(year, GRANT_FIGURES), _paid_by_year(year, cutoff)),
        lambda: (
            _funding(year, CASE_FIGURES),
            _advice(year, cutoff),
            _size_classes(cutoff),
            _question_kinds(year, cutoff),
            _question_levels(year, cutoff),
        ),
    )
    reclaimed = _reclaimed(year, cutoff)  # a few rows at most: no need for the second connection
    funding = {**grant_figures, **case_figures}
    totals = funding["total"][0]
    involved = funding["involved"][0]
    year_rows = tuple(
        (
            r["year"],
            r["cases"],
            r["amount"],
            paid_by_year.get(r["year"], ZERO),
            _share(paid_by_year.get(r["year"]), r["amount"]),
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
        total=("Summe", totals["cases"], approved_total, paid_total, _share(paid_total, approved_total)),
        note="Eine Kooperation mit Förderungen in mehreren Jahren zählt in der Summe einmal.",
        chart_column=2,
        chart_kind="column",
    )
    tables["handlungsfelder"] = Table(
        slug="handlungsfelder",
        title="Förderung nach Handlungsfeld",
        columns=(Column("Handlungsfeld"), *money_cols),
        rows=by_field,
        total=money_total(by_field),
        chart_column=4,
    )
    tables["landkreise"] = Table(
        slug="landkreise",
        title="Förderung nach Landkreis der federführenden Kommune",
        columns=(Column("Landkreis / kreisfreie Stadt"), *money_cols),
        rows=by_district,
        total=money_total(by_district),
        chart_column=4,
    )
    tables["rechtsformen"] = Table(
        slug="rechtsformen",
        title="Förderung nach Rechtsform",
        columns=(Column("Rechtsform"), *money_cols),
        rows=by_legal_form,
        total=money_total(by_legal_form),
        chart_column=4,
    )
    tables["programme"] = Table(
        slug="programme",
        title="Förderung nach Förderprogramm",
        columns=(Column("Förderprogramm"), *money_cols),
        rows=by_programme,
        total=money_total(by_programme),
        chart_column=4,
    )
    tables["bevoelkerung"] = trend_table(year, cutoff)  # reports/demography.py (issue 17)
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
    )
    return replace(stats, tables={"kennzahlen": key_figures(stats), **tables})


# --- The queries (each function one query; `annual_statistics` runs them) ----------------


def _paid_by_year(year: int, cutoff: dt.date) -> dict[int, Decimal]:
    return {r["grant__budget_year"]: r["paid"] for r in paid_per_budget_year(year, cutoff)}


def _reclaimed(year: int, cutoff: dt.date) -> dict[str, Any]:
    """Reclaimed funding (funding.services.grant_reclaim) by the date of the reclaim."""
    return Grant.objects.filter(reclaimed_on__lte=cutoff, reclaimed_amount__isnull=False).aggregate(
        total=Sum("reclaimed_amount"), year=Sum("reclaimed_amount", filter=Q(reclaimed_on__year=year))
    )


def _advice(year: int, cutoff: dt.date) -> dict[str, Any]:
    """Budget advice: consultations per municipality up to the cut-off date."""
    held = Consultation.objects.held().filter(date__lte=cutoff)
    return (
        held.values("municipality")
        .annotate(n=Count("pk"), n_year=Count("pk", filter=Q(date__year=year)))
        .order_by()
        .aggregate(
            munis=Count("municipality"),
            consultations=Sum("n"),
            consultations_year=Sum("n_year"),
            second=Count("municipality", filter=Q(n__gte=2)),
            third=Count("municipality", filter=Q(n__gte=3)),
        )
    )


def _size_classes(cutoff: dt.date) -> list[tuple[str | None, int, int]]:
    """Per size class: the municipalities whose FIRST consultation was in it (each
    municipality once), and all consultations in the class of their date. One pass with a
    window function (a correlated "first consultation" subquery per row took twice as long
    nationwide). Rows: (size class, municipalities, consultations)."""
    ranked = (
        Consultation.objects.held()
        .filter(date__lte=cutoff)
        .annotate(
            rank=Window(
                RowNumber(), partition_by=F("municipality"), order_by=[F("date").asc(), F("pk").asc()]
            )
        )
        .values("size_class", "rank")
        .order_by()
    )
    ranked_sql, ranked_params = ranked.query.sql_with_params()
    with connection.cursor() as cursor:
        # the SQL of a queryset, every value a parameter
        sql = f"SELECT size_class, SUM(CASE WHEN rank = 1 THEN 1 ELSE 0 END), COUNT(*) FROM ({ranked_sql}) ranked"  # noqa: S608
        cursor.execute(sql + " GROUP BY size_class", ranked_params)
        return list(cursor.fetchall())


def _question_kinds(year: int, cutoff: dt.date) -> dict[str, Any]:
    """Förderlotse: questions by asker kind."""
    q_year = Q(created_at__year=year)
    return {
        r["asker_kind"]: r
        for r in FunderQuestion.objects.filter(created_at__date__lte=cutoff)
        .values("asker_kind")
        .annotate(
            total=Count("pk"),
            year=Count("pk", filter=q_year),
            office=Count("pk", filter=~Q(referred_office="")),
            office_year=Count("pk", filter=~Q(referred_office="") & q_year),
        )
        .order_by()
    }


def _question_levels(year: int, cutoff: dt.date) -> dict[str, Any]:
    """Förderlotse: questions by the level of the programmes they were referred to."""
    through = FunderQuestion.referred_programmes.through
    in_year = Q(funderquestion__created_at__year=year)
    return {
        r["programme__funder_level"]: r
        for r in through.objects.filter(funderquestion__created_at__date__lte=cutoff)
        .values("programme__funder_level")
        .annotate(
            questions=Count("funderquestion", distinct=True),
            questions_year=Count("funderquestion", distinct=True, filter=in_year),
            referrals=Count("pk"),
            referrals_year=Count("pk", filter=in_year),
        )
        .order_by()
    }


def paid_per_budget_year(year: int, cutoff: dt.date) -> QuerySet[Any, Any]:
    """Payments up to the cut-off date per budget year of their approved grant; the grants'
    side is an index-only scan of `grant_approved_year` (budget year with the id)."""
    return (
        Disbursement.objects.filter(
            grant__status__in=Grant.APPROVED_STATES, grant__budget_year__lte=year, date__lte=cutoff
        )
        .values("grant__budget_year")
        .annotate(paid=Sum("amount"))
        .order_by()
    )


# The funding figures in two queries of about equal work, so that they can run at once
# (annual_statistics): the grants' side – totals, budget years, programmes – and the cases'
# side – municipalities, Handlungsfeld, Kreis, Rechtsform. Each reads `funded`.
GRANT_FIGURES = ("total", "year", "programme")
CASE_FIGURES = ("involved", "field", "district", "legal_form")


def _funding_sql(year: int, figures: Sequence[str]) -> tuple[str, list[Any]]:
    """One query for the funding figures named (GRANT_FIGURES or CASE_FIGURES; portable
    SQL: PostgreSQL and SQLite).

    Every count of cases is a COUNT(*) over rows that are one per case (or per case and
    budget year, or per case and programme), never a COUNT(DISTINCT case), which sorts all
    grants. `funded` sums the approved grants up to the year per case: its amounts and
    whether it has a grant in the year. It and the rows per case and budget year read the
    approved grants in the order of the index `grant_approved_case` (case, year, programme,
    with the amount), so PostgreSQL streams them from the index without a sort or a visit
    to the table. Programmes of one name are one programme, as in the published table.
    `cases` gives each funded case the keys of its Handlungsfeld, Kreis and Rechtsform; they
    are grouped by those keys and only the few groups get their names (carrying the names
    through all cases made the rows wide enough to spill to disk).

    Rows: (kind, label, year, n1, n2, n3, n4, amount, amount_year, pos), pos being the
    order within the kind (the order of the published tables); a CTE is only written
    when a figure named reads it."""
    coop, muni, field = Cooperation._meta, Municipality._meta, FieldOfAction._meta
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
                SELECT f.amount, f.amount_year, f.in_year, c.field_of_action_id AS field_id,
                    CASE
                        WHEN lead.kind IN ({p(Municipality.Kind.LANDKREIS, Municipality.Kind.KREISFREIE_STADT)})
                            THEN lead.id
                        ELSE lead.district_id
                    END AS district_id,
                    c.legal_form
                FROM funded f
                JOIN {coop.db_table} c ON c.id = f.cooperation_id
                JOIN {muni.db_table} lead ON lead.id = c.lead_municipality_id
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
    }
    reads_cases = {"field", "district", "legal_form"} & set(figures)
    ctes = [funded(), *([cases()] if reads_cases else [])]
    sql = "WITH " + ",".join(ctes) + "\nUNION ALL".join(selects[f]() for f in figures)
    return sql + "\nORDER BY 1, 10", params


def _amount(value: Any) -> Decimal:
    if value is None:
        return ZERO
    if isinstance(value, Decimal):
        return value
    # SQLite sums decimals as floats: back to cents.
    return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _funding(year: int, figures: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
    sql, params = _funding_sql(year, figures)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    out: dict[str, list[dict[str, Any]]] = {kind: [] for kind in figures}
    for kind, label, year_value, n1, n2, n3, n4, amount, amount_year, _pos in rows:
        if kind == "involved":
            out[kind].append(
                {"munis": n1 or 0, "munis_year": n2 or 0, "parts": n3 or 0, "parts_year": int(n4 or 0)}
            )
            continue
        out[kind].append(
            {
                "label": label,
                "year": year_value,
                "first_year": year_value,
                "cases": int(n1 or 0),
                "cases_year": int(n2 or 0),
                "amount": _amount(amount),
                "amount_year": _amount(amount_year),
            }
        )
    return out


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
        note="Förderung nach Haushaltsjahr; Beratungen und Fragen nach Datum.",
    )


def cached_annual_statistics(year: int, state: str | None = None) -> tuple[AnnualStatistics, str]:
    """The statistics of a year up to its default cut-off, and the data version they
    belong to. Cached under that version: one cheap query when nothing changed, and
    a change anywhere makes a new key, so the cache is never stale."""
    cutoff = default_cutoff(year)
    version = data_version(year, cutoff, state)
    stats = cached_statistics_of_version(version)
    if stats is None:
        stats = annual_statistics(year, cutoff)
        cache.set(_cache_key(version), stats, timeout=CACHE_SECONDS)
    return stats, version


CACHE_SECONDS = 3600


def _cache_key(version: str) -> str:
    return f"ikz:statistik:{version}"


def cached_statistics_of_version(version: str) -> AnnualStatistics | None:
    """The statistics computed while the data was in this state (the version covers
    year and cut-off), if the dashboard cached them; None otherwise."""
    stats = cache.get(_cache_key(version))
    return stats if isinstance(stats, AnnualStatistics) else None


def available_years(today: dt.date | None = None, state: str | None = None) -> list[int]:
    """From the first year with data to the current year, newest first (two queries;
    none when `state` is given and the years of that data state are cached)."""
    today = today or timezone.localdate()
    key = (
        f"ikz:statistik-jahre:{today.isoformat()}:{hashlib.sha256(state.encode()).hexdigest()}"
        if state
        else ""
    )
    if key and (cached := cache.get(key)) is not None:
        return list(cached)
    starts = [
        Grant.objects.approved().aggregate(y=Min("budget_year"))["y"],
        (Consultation.objects.held().aggregate(d=Min("date"))["d"] or today).year,
    ]
    start = min(y for y in [*starts, today.year] if y)
    years = list(range(today.year, max(start, 2000) - 1, -1))
    if key:
        cache.set(key, years, timeout=CACHE_SECONDS)
    return years


# The tables whose rows change the figures; a change in any of them changes the version.
# Each has a trigger that counts its writes in `DataChange` (reports/change_counter.py);
# the first six have an index on updated_at.
WATCHED_TABLES = (
    "funding_grant",
    "funding_disbursement",
    "funding_funderquestion",
    "cooperations_cooperation",
    "cooperations_participation",
    "budget_advice_consultation",
    "funding_programme",
    "contacts_municipality",
    "funding_funderquestion_referred_programmes",
    "cooperations_fieldofaction",
)
_TIMESTAMP_INDEXED = WATCHED_TABLES[:6]


def data_state() -> str:
    """What the statistics read, in one short string that changes with every committed
    write to the watched tables (one query).

    The change counter kept by the triggers and when it began (the row is new after a
    flush), plus the latest updated_at of the big tables (one index look-up each), so
    that a database emptied and filled again – a flush in the tests, a restored backup
    written to since – does not meet an earlier state's cache entry."""
    counter = DataChange._meta.db_table
    parts = [f"(SELECT CAST(changes AS TEXT) || '@' || started FROM {counter} WHERE id = 1)"]  # noqa: S608
    parts += [f"(SELECT CAST(max(updated_at) AS TEXT) FROM {t})" for t in _TIMESTAMP_INDEXED]  # noqa: S608
    with connection.cursor() as cursor:
        # constant table names only; a NULL (empty table) stays visible as an empty field
        cursor.execute("SELECT " + " || '|' || ".join(f"coalesce({part}, '')" for part in parts))
        (state,) = cursor.fetchone()
    return str(state)


def data_version(year: int, cutoff: dt.date, state: str | None = None) -> str:
    """A fingerprint of everything the report of this year and cut-off reads, so that
    asking twice while nothing changed finds the finished report instead of rendering
    again. Pass `state` when the caller has read `data_state()` already."""
    raw = f"{STATISTICS_VERSION}|{year}|{cutoff.isoformat()}|{data_state() if state is None else state}"
    return hashlib.sha256(raw.encode()).hexdigest()
