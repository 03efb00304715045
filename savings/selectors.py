"""Reads of the savings monitoring: the section of a case page, the reports due and
overdue for the adviser's start page, the cases below target two years running."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.cache import cache
from django.db import connection
from django.db.models import Exists, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, ExtractYear, Greatest
from django.utils import timezone
from django.utils.safestring import SafeString

from cooperations.models import Cooperation, Status
from core.cache import state_key

from .chart import target_chart
from .models import MIN_REPORTING_YEARS, MIN_SAVINGS_PCT, SavingsReport
from .permissions import may_report
from .schedule import YearState, deadline, reporting_years, year_state

if TYPE_CHECKING:
    from accounts.models import User

DESK_LIMIT = 10
DESK_CACHE_SECONDS = 3600
DESK_CACHE_VERSION = 1  # raise when the rows' meaning changes


def monitored_cases() -> QuerySet[Cooperation]:
    """Funded cases whose implementation has begun: they report their savings. A
    withdrawn or rejected case does not."""
    return (
        Cooperation.objects.funded()
        .filter(started_on__isnull=False)
        .exclude(status__in=[Status.WITHDRAWN, Status.REJECTED])
    )


def _with_years(cases: QuerySet[Cooperation]) -> Any:  # annotated with first_year, last_year
    first = ExtractYear("started_on")
    duration = Greatest(Coalesce("planned_duration_years", 0), Value(MIN_REPORTING_YEARS))
    return cases.annotate(first_year=first, last_year=first + duration - 1)


def missing_reports(*, year: int) -> QuerySet[Cooperation]:
    """Monitored cases that owe the report of `year` (in their reporting period, none yet)."""
    reported = SavingsReport.objects.filter(cooperation=OuterRef("pk"), year=year)
    return (
        _with_years(monitored_cases())
        .filter(first_year__lte=year, last_year__gte=year)
        .filter(~Exists(reported))
        .select_related("lead_municipality")
        .order_by("pk")
    )


@dataclass(frozen=True)
class MissingRow:
    case: Cooperation
    first_missing: int
    missing: int
    overdue: bool


@dataclass(frozen=True)
class DeskSavings:
    rows: list[MissingRow]
    overdue_count: int
    due_count: int


def desk_savings(
    *, today: dt.date | None = None, limit: int = DESK_LIMIT, state: str | None = None
) -> DeskSavings:
    """The reports due and overdue, for the adviser's start page: per case its earliest
    missing year and how many are missing, overdue cases first. Two queries: the missing
    years of every monitored case counted in PostgreSQL, then the cases of the first
    `limit` rows.

    `state` is the data state of the tables this reads (cases, grants, reports:
    `reports.statistics.data_state()`, passed in by the caller, since reports sits above
    this app). With it the counted rows are cached under that state and today's date:
    the count reads every monitored case nationwide, and while nothing was written the
    answer cannot differ. The cases themselves are always read fresh.

    The missing years are counted from the reports, not by listing every year of every
    case (generate_series over 30,000 cases nationwide was most of the start page's
    time): a case misses its finished reporting years minus the reports in them, and its
    first missing year is its first year unless that is reported, else the year after
    the earliest report whose next year is not reported. Years are integers (EXTRACT
    gives numeric, which is slow to compare and to aggregate)."""
    today = today or timezone.localdate()
    key = (
        state_key(f"ikz:desk-savings:{DESK_CACHE_VERSION}", today.isoformat(), limit, state) if state else ""
    )
    found = cache.get(key) if key else None
    if found is None:
        found = _missing_rows(today=today, limit=limit)
        if key:
            cache.set(key, found, timeout=DESK_CACHE_SECONDS)
    if not found:
        return DeskSavings(rows=[], overdue_count=0, due_count=0)
    cases = Cooperation.objects.select_related("lead_municipality", "adviser").in_bulk([r[0] for r in found])
    overdue_count, all_count = int(found[0][4]), int(found[0][5])
    return DeskSavings(
        rows=[
            MissingRow(cases[pk], int(first), int(n), bool(late))
            for pk, first, n, late, _o, _a in found
            if pk in cases  # deleted since the state was read: the next state has it no more
        ],
        overdue_count=overdue_count,
        due_count=all_count - overdue_count,
    )


def _missing_rows(*, today: dt.date, limit: int) -> list[tuple[Any, ...]]:
    """(case id, first missing year, years missing, overdue, overdue count, all count) of
    the first `limit` cases, overdue first (one query)."""
    last_done = today.year - 1
    overdue_upto = last_done if today > deadline(last_done) else last_done - 1
    cases_sql, cases_params = (
        _with_years(monitored_cases())
        .values("pk", "first_year", "last_year")
        .order_by()
        .query.sql_with_params()
    )
    table = SavingsReport._meta.db_table
    sql = f"""
        WITH c (id, first_year, last_year) AS ({cases_sql}),
        m AS (
            SELECT id, CAST(first_year AS integer) AS first_year,
                LEAST(CAST(last_year AS integer), %s) AS upto
            FROM c WHERE first_year <= %s
        ),
        rep AS (
            SELECT m.id, r.year FROM m JOIN {table} r
                ON r.cooperation_id = m.id AND r.year BETWEEN m.first_year AND m.upto
        ),
        reported AS (SELECT id, COUNT(*) AS n FROM rep GROUP BY id),
        gap AS (
            SELECT a.id, MIN(a.year + 1) AS year FROM rep a
            WHERE NOT EXISTS (SELECT 1 FROM rep b WHERE b.id = a.id AND b.year = a.year + 1)
            GROUP BY a.id
        ),
        missing AS (
            SELECT m.id, CASE WHEN f.id IS NULL THEN m.first_year ELSE gap.year END AS first_missing,
                m.upto - m.first_year + 1 - COALESCE(reported.n, 0) AS n
            FROM m
            LEFT JOIN reported ON reported.id = m.id
            LEFT JOIN rep f ON f.id = m.id AND f.year = m.first_year
            LEFT JOIN gap ON gap.id = m.id
            WHERE m.upto - m.first_year + 1 > COALESCE(reported.n, 0)
        )
        SELECT id, first_missing, n, first_missing <= %s AS overdue,
            SUM(CASE WHEN first_missing <= %s THEN 1 ELSE 0 END) OVER () AS overdue_count,
            COUNT(*) OVER () AS all_count
        FROM missing
        ORDER BY overdue DESC, first_missing, id
        LIMIT %s"""  # noqa: S608 - the queryset's own SQL and a table name from the model
    with connection.cursor() as cursor:
        cursor.execute(sql, [*cases_params, last_done, last_done, overdue_upto, overdue_upto, limit])
        return [tuple(int(v) for v in row) for row in cursor.fetchall()]


def below_target_twice(cases: QuerySet[Cooperation]) -> QuerySet[Cooperation]:
    """Cases whose latest report and the report of the year before it are both below
    target: the flag of the case page and the case list's filter."""
    latest = SavingsReport.objects.filter(cooperation=OuterRef("pk")).order_by("-year").values("year")[:1]
    below = SavingsReport.objects.below_target().filter(cooperation=OuterRef("pk"))
    return cases.annotate(savings_latest_year=Subquery(latest, output_field=IntegerField())).filter(
        Exists(below.filter(year=OuterRef("savings_latest_year"))),
        Exists(below.filter(year=OuterRef("savings_latest_year") - 1)),
    )


# --- the section of a case page ---------------------------------------------------


@dataclass(frozen=True)
class YearRow:
    year: int
    report: SavingsReport | None
    state: YearState
    meets: bool | None

    @property
    def state_label(self) -> str:
        from django.utils.translation import gettext as _

        if self.report is not None:
            return _("Ziel erreicht") if self.meets else _("unter Ziel")
        return {
            YearState.RUNNING: _("noch nicht fällig"),
            YearState.DUE: _("fällig"),
            YearState.OVERDUE: _("überfällig"),
        }[self.state]

    @property
    def deadline(self) -> dt.date:
        return deadline(self.year)


@dataclass(frozen=True)
class CaseSavings:
    case: Cooperation
    target_eur: Decimal | None
    target_pct: Decimal
    target_pct_from_rules: bool
    rows: list[YearRow] = field(default_factory=list)
    can_report: bool = False
    today: dt.date | None = None

    @property
    def has_schedule(self) -> bool:
        return bool(self.rows)

    @property
    def first_year(self) -> int | None:
        return self.rows[0].year if self.rows else None

    @property
    def last_year(self) -> int | None:
        return self.rows[-1].year if self.rows else None

    @property
    def reports(self) -> list[SavingsReport]:
        return [r.report for r in self.rows if r.report is not None]

    @property
    def flagged(self) -> bool:
        """Below target in the latest reported year and in the year before it."""
        reports = self.reports
        if len(reports) < 2:
            return False
        latest, before = reports[-1], reports[-2]
        return before.year == latest.year - 1 and not latest.meets_target() and not before.meets_target()

    @property
    def open_rows(self) -> list[YearRow]:
        return [r for r in self.rows if r.state in (YearState.DUE, YearState.OVERDUE)]

    @property
    def next_year(self) -> int | None:
        """The year the municipality should report next: the earliest one due or overdue."""
        rows = self.open_rows
        return rows[0].year if rows else None

    @property
    def total_saved(self) -> Decimal:
        return sum((r.savings_eur for r in self.reports), Decimal(0))

    def chart(self) -> SafeString | None:
        if not self.reports:
            return None
        return target_chart(self.rows, self.target_pct)


def case_savings(
    case: Cooperation,
    *,
    user: User | Any,
    today: dt.date | None = None,
    municipality_ids: Collection[int] | None = None,
) -> CaseSavings | None:
    """The savings section of a case page, or None for a case without approved funding
    (nothing to monitor): one query for a case without, two for a funded case (its
    reports), and for a started one whether the user may report – no query in the portal
    (pass the request's `municipality_ids`; the groups are read already), the groups
    once in the back office. Bounded by the section, never by the rows."""

    if not Cooperation.objects.funded().filter(pk=case.pk).exists():
        return None
    today = today or timezone.localdate()
    reports = {
        r.year: r
        for r in SavingsReport.objects.filter(cooperation=case).select_related("attachment").order_by("year")
    }
    for found in reports.values():
        found.cooperation = case  # meets_target reads the case's target: no query per report
    years = list(reporting_years(case))
    # A report outside today's period (the start date was corrected later) still shows.
    years = sorted({*years, *reports})
    rows = []
    for year in years:
        report = reports.get(year)
        rows.append(
            YearRow(
                year=year,
                report=report,
                state=year_state(year, today=today, reported=report is not None),
                meets=report.meets_target() if report is not None else None,
            )
        )
    return CaseSavings(
        case=case,
        target_eur=case.expected_savings_eur,
        target_pct=case.expected_savings_pct or MIN_SAVINGS_PCT,
        target_pct_from_rules=case.expected_savings_pct is None,
        rows=rows if case.started_on else [],
        can_report=bool(case.started_on)
        and getattr(user, "is_authenticated", False)
        and may_report(user, case, municipality_ids=municipality_ids),
        today=today,
    )
