"""The grant list's filter by budget year offers every year that occurs, read as a skip
scan over an index (funding.admin.grants.BudgetYearFilter) instead of SELECT DISTINCT over all
grants (issue 6) – the same years, in order, whatever the number of grants."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import GrantFactory

pytestmark = pytest.mark.django_db

URL = reverse("admin:funding_grant_changelist")


def years_offered(client: Client, query: dict[str, str] | None = None) -> list[tuple[str, bool]]:
    response = client.get(URL, query or {})
    assert response.status_code == 200
    spec = next(s for s in response.context["cl"].filter_specs if s.title == "Haushaltsjahr")
    return [(str(c["display"]), c["selected"]) for c in spec.choices(response.context["cl"])][1:]


def test_it_offers_each_budget_year_once_in_order(administrator: Client) -> None:
    for year in (2024, 2019, 2024, 2031, 2019):
        GrantFactory(budget_year=year)
    assert years_offered(administrator) == [("2019", False), ("2024", False), ("2031", False)]
    assert years_offered(administrator, {"budget_year": "2024"})[1] == ("2024", True)
    response = administrator.get(URL, {"budget_year": "2024"})
    assert {g.budget_year for g in response.context["cl"].result_list} == {2024}
    assert len(response.context["cl"].result_list) == 2


def test_no_grants_no_years(administrator: Client) -> None:
    assert years_offered(administrator) == []


def test_the_years_are_not_read_with_distinct_over_all_grants(administrator: Client) -> None:
    GrantFactory.create_batch(3, budget_year=2024)
    with CaptureQueriesContext(connection) as ctx:
        administrator.get(URL)
    assert not [q for q in ctx.captured_queries if "DISTINCT" in q["sql"] and "budget_year" in q["sql"]]
