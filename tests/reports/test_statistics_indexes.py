"""The statistics read the approved grants from two partial covering indexes (funding
0009), so that nationwide the funding figures stream from an index in the order they are
grouped instead of reading and sorting all 200,000 grants (issue 6). These tests pin that
the SQL fits the indexes' columns and their condition (the approved states): a change to
either would quietly bring back the full reads."""

from __future__ import annotations

import datetime as dt

import pytest

from reports.statistics import CASE_FIGURES, GRANT_FIGURES, funding_sql, paid_per_budget_year
from tests.plans import plan_of_sql_with_only, plan_with_only

pytestmark = pytest.mark.django_db


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
