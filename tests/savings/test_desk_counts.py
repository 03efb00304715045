"""The start page's reports due and overdue (`desk_savings`): counted from the reports
instead of listing every year of every case, and cached under the data state. Both
must give what the year-by-year count gave: the same cases, first missing years,
numbers missing and totals, in the same order, and a write must show at once."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from cooperations.models import Cooperation, Status
from demo.seed.savings_reports import seed
from funding.models import Grant
from reports.statistics import data_state
from savings.models import SavingsReport
from savings.schedule import deadline
from savings.selectors import _with_years, desk_savings, monitored_cases
from tests import factories

from .conftest import report

pytestmark = pytest.mark.django_db

TODAYS = [dt.date(2026, 1, 15), dt.date(2026, 3, 31), dt.date(2026, 4, 1), dt.date(2031, 7, 1)]


def year_by_year(today: dt.date) -> list[tuple[int, int, int, bool]]:
    """The former count, kept here as the reference: generate_series over every finished
    reporting year of every monitored case, each year without a report missing."""
    last_done = today.year - 1
    overdue_upto = last_done if today > deadline(last_done) else last_done - 1
    cases_sql, params = (
        _with_years(monitored_cases())
        .values("pk", "first_year", "last_year")
        .order_by()
        .query.sql_with_params()
    )
    sql = f"""
        WITH m (id, first_year, last_year) AS ({cases_sql}),
        missing AS (
            SELECT m.id, MIN(y) AS first_missing, COUNT(*) AS n
            FROM m CROSS JOIN LATERAL generate_series(m.first_year, LEAST(m.last_year, %s)) AS y
            WHERE NOT EXISTS (
                SELECT 1 FROM savings_savingsreport r WHERE r.cooperation_id = m.id AND r.year = y)
            GROUP BY m.id
        )
        SELECT id, first_missing, n, first_missing <= %s AS overdue FROM missing
        ORDER BY overdue DESC, first_missing, id"""  # noqa: S608 - constants
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, last_done, overdue_upto])
        return [(pk, int(first), int(n), bool(late)) for pk, first, n, late in cursor.fetchall()]


def rows(found: Any) -> list[tuple[int, int, int, bool]]:
    return [(r.case.pk, r.first_missing, r.missing, r.overdue) for r in found.rows]


def _report(case: Cooperation, year: int) -> None:
    SavingsReport.objects.create(
        cooperation=case,
        year=year,
        baseline_year=year - 1,
        baseline_costs=Decimal("100000"),
        current_costs=Decimal("80000"),
        savings_eur=Decimal("20000"),
        savings_pct=Decimal("20"),
    )


@pytest.fixture
def many_cases(db: None) -> list[Cooperation]:
    """Forty cases of every kind the count must tell apart: started in different years,
    planned for 3 to 8 years or not at all, reports in every pattern (none, the first
    year, gaps, all, outside the period), and cases that are not monitored (no approved
    grant, not started, withdrawn, rejected). Drawn from a fixed seed."""
    rng = random.Random(16)
    cases = []
    for n in range(40):
        start = rng.randint(2016, 2027)
        case = factories.CooperationFactory(
            started_on=dt.date(start, rng.randint(1, 12), 1) if n % 13 else None,
            planned_duration_years=rng.choice([None, 3, 5, 6, 8]),
            status=Status.WITHDRAWN
            if n % 17 == 5
            else Status.REJECTED
            if n % 19 == 7
            else Status.IMPLEMENTING,
        )
        status = Grant.Status.APPROVED if n % 7 else rng.choice([Grant.Status.APPLIED, Grant.Status.PAID])
        factories.GrantFactory(cooperation=case, status=status)
        for year in range(start - 1, start + 9):
            if rng.random() < 0.45:
                _report(case, year)
        cases.append(case)
    return cases


@pytest.mark.parametrize("today", TODAYS, ids=str)
def test_counted_from_the_reports_as_year_by_year(many_cases: list[Cooperation], today: dt.date) -> None:
    expected = year_by_year(today)
    assert len(expected) > 10

    found = desk_savings(today=today, limit=1000)

    assert rows(found) == expected
    assert found.overdue_count == sum(1 for *_r, late in expected if late)
    assert found.due_count == sum(1 for *_r, late in expected if not late)
    assert rows(desk_savings(today=today)) == expected[:10]  # the start page's first ten


def test_the_demo_reports_count_as_year_by_year(db: None) -> None:
    for n in range(24):
        case = factories.CooperationFactory(
            reference=f"IKZ-2020-{n:04d}",
            started_on=dt.date(2021 + n % 3, 4, 1),
            planned_duration_years=6,
            expected_savings_pct=Decimal("20"),
            expected_savings_eur=Decimal("50000"),
        )
        factories.GrantFactory(cooperation=case, budget_year=2021)
    today = dt.date(2026, 5, 4)
    seed(today=today)

    assert SavingsReport.objects.count() > 24
    assert rows(desk_savings(today=today, limit=1000)) == year_by_year(today)


def test_cached_under_the_data_state_and_a_write_shows_at_once(
    funded_case: Cooperation, anna: User, django_assert_num_queries: Any, empty_cache: None
) -> None:
    april = dt.date(funded_case.started_on.year + 4, 4, 2)  # type: ignore[union-attr]
    first = desk_savings(today=april, state=data_state())
    assert rows(first) == [(funded_case.pk, april.year - 4, 4, True)]

    state = data_state()
    with django_assert_num_queries(1):  # only the cases of the rows: the count is cached
        again = desk_savings(today=april, state=state)
    assert rows(again) == rows(first)

    report(funded_case, anna, april.year - 4, "100000", "80000")  # through the service

    assert rows(desk_savings(today=april, state=data_state())) == [(funded_case.pk, april.year - 3, 3, True)]


def test_the_start_page_reads_the_cached_count(
    clara: User, funded_case: Cooperation, empty_cache: None
) -> None:
    from django.test import Client
    from django.urls import reverse

    client = Client()
    client.force_login(clara)
    url = reverse("admin:index")
    client.get(url)  # counts and caches
    with CaptureQueriesContext(connection) as cached:
        page = client.get(url).content.decode()
    assert funded_case.reference in page
    assert not any(
        "generate_series" in q["sql"] or "reported AS" in q["sql"] for q in cached.captured_queries
    )
