"""The statistics read the approved grants from two partial covering indexes (funding
0009), so that nationwide the funding figures stream from an index in the order they are
grouped instead of reading and sorting all 200,000 grants (issue 6). These tests pin that
the SQL fits the indexes' columns and their condition (the approved states): a change to
either would quietly bring back the full reads."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reports.statistics import CASE_FIGURES, GRANT_FIGURES, funding_sql, paid_per_budget_year
from reports.statistics.queries import query_reclaimed
from tests.plans import plan_of_sql_with_only, plan_with_only

pytestmark = pytest.mark.django_db

# On the tests' nearly empty tables the planner's choice between an index-only scan and a
# look-up by primary key turns on index sizes and the visibility map, which depend on what
# earlier tests wrote (the test failed in one order, passed in another). With the index as
# the only way into the table (tests/plans.py), the plan is an index-only scan exactly when the
# index holds every column the query reads – what these tests pin. (Bitmap scans, which
# never read from the index alone, are off for them.)
COVERED = ("seqscan", "bitmapscan")


def test_the_funding_queries_stream_the_approved_grants_from_their_index() -> None:
    sql, params = funding_sql(2024, GRANT_FIGURES)
    plan = plan_of_sql_with_only(sql, params, "grant_approved_case")
    # for the sums per case and year, per case and programme
    assert plan.count("Index Only Scan using grant_approved_case") == 2, plan
    sql, params = funding_sql(2024, CASE_FIGURES)
    plan = plan_of_sql_with_only(sql, params, "grant_approved_case")
    # the sums per case only, read once for all figures of the cases
    assert plan.count("Index Only Scan using grant_approved_case") == 1, plan


def test_the_payments_find_their_approved_grants_in_the_year_index() -> None:
    plan = plan_with_only(paid_per_budget_year(2024, dt.date(2024, 12, 31)), "grant_approved_year")
    assert "Index Only Scan using grant_approved_year" in plan, plan


def _sql_of(run: Callable[[], object]) -> str:
    with CaptureQueriesContext(connection) as captured:
        run()
    (query,) = captured.captured_queries
    return str(query["sql"])


def test_the_cases_read_their_keys_from_the_narrow_index_not_the_table() -> None:
    # Handlungsfeld, lead and legal form of every funded case (cooperations 0013):
    # nationwide 2 MB of index instead of 47 MB of table rows.
    sql, params = funding_sql(2024, CASE_FIGURES, dt.date(2024, 12, 31))
    plan = plan_of_sql_with_only(sql, params, "coop_statistics_keys", off=COVERED)
    assert "Index Only Scan using coop_statistics_keys" in plan, plan


def test_the_reclaimed_funding_reads_only_the_reclaimed_grants() -> None:
    sql = _sql_of(lambda: query_reclaimed(2024, dt.date(2024, 12, 31)))
    plan = plan_of_sql_with_only(sql, [], "grant_reclaimed")
    assert "grant_reclaimed" in plan, plan


def test_the_savings_per_year_read_the_reports_from_their_year_index() -> None:
    # the reports up to the year with case and both figures: nationwide 110,000 index
    # entries instead of the table's wide rows
    sql, params = funding_sql(2024, CASE_FIGURES, dt.date(2024, 12, 31))
    plan = plan_of_sql_with_only(sql, params, "savings_report_year_figures", off=COVERED)
    assert "Index Only Scan using savings_report_year_figures" in plan, plan


def test_the_savings_per_field_read_each_cases_latest_report_from_their_covering_index() -> None:
    # year, next year, share and savings so far of each report by case (savings 0003)
    sql, params = funding_sql(2024, CASE_FIGURES, dt.date(2024, 12, 31))
    plan = plan_of_sql_with_only(sql, params, "savings_report_case_latest", off=COVERED)
    assert "Index Only Scan using savings_report_case_latest" in plan, plan


def test_a_query_that_reads_a_column_beyond_the_index_is_not_planned_from_it_alone() -> None:
    # the counter-check: what the plans above would show if the SQL read one more
    # column of the case than the index holds
    sql = "SELECT c.field_of_action_id, c.title FROM cooperations_cooperation c WHERE c.id = %s"
    plan = plan_of_sql_with_only(sql, [1], "coop_statistics_keys", off=COVERED)
    assert "Index Scan using coop_statistics_keys" in plan, plan
    assert "Index Only Scan" not in plan, plan
