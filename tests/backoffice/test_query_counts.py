"""The big changelists cost the same number of queries for 2 rows as for 30:
no N+1, no full COUNT(*) (show_full_result_count=False)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from tests.factories import (
    ActivityFactory,
    ConsultationFactory,
    CooperationFactory,
    DisbursementFactory,
    GrantFactory,
    MunicipalityFactory,
)

pytestmark = pytest.mark.django_db


def queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def make_case(adviser: User) -> None:
    case = CooperationFactory(partners=[MunicipalityFactory()], adviser=adviser)
    ActivityFactory(cooperation=case)
    grant = GrantFactory(cooperation=case)
    DisbursementFactory(grant=grant)


def make_consultation(adviser: User) -> None:
    ConsultationFactory().advisers.add(adviser)


@pytest.mark.parametrize(
    ("url_name", "make"),
    [
        ("admin:cooperations_cooperation_changelist", make_case),
        ("admin:funding_grant_changelist", make_case),
        ("admin:funding_disbursement_changelist", make_case),
        ("admin:budget_advice_consultation_changelist", make_consultation),
    ],
)
def test_changelist_queries_do_not_grow_with_rows(
    administrator: Client, admin_user: User, url_name: str, make: Callable[[User], None]
) -> None:
    url = reverse(url_name)
    for _ in range(2):
        make(admin_user)
    queries(administrator, url)  # warm the session and the content-type cache
    few = queries(administrator, url)
    for _ in range(28):
        make(admin_user)
    many = queries(administrator, url)
    assert many == few
    assert few <= 12


def test_the_case_list_does_not_count_the_whole_table(administrator: Client) -> None:
    CooperationFactory()
    url = reverse("admin:cooperations_cooperation_changelist")
    administrator.get(url)
    with CaptureQueriesContext(connection) as ctx:
        administrator.get(url + "?status__exact=eingegangen")
    counts = [q["sql"] for q in ctx.captured_queries if "COUNT(*)" in q["sql"]]
    # One filtered count for the paginator, none over the whole table.
    assert all("WHERE" in sql for sql in counts), counts


def test_a_big_unfiltered_list_uses_the_planner_estimate_instead_of_counting(
    administrator: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    from backoffice.admins import EstimatedCountPaginator

    for _ in range(3):
        CooperationFactory()
    from cooperations.models import Cooperation

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE cooperations_cooperation")
    monkeypatch.setattr(EstimatedCountPaginator, "exact_below", 2)  # "big" from 2 rows on
    url = reverse("admin:cooperations_cooperation_changelist")
    with CaptureQueriesContext(connection) as ctx:
        page = administrator.get(url).content.decode()
    assert not [q["sql"] for q in ctx.captured_queries if q["sql"].startswith("SELECT COUNT(*)")]
    assert all(c.reference in page for c in Cooperation.objects.all())


def test_estimated_and_exact_page_counts_cost_the_same_queries(
    administrator: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past `exact_below` rows the list shows the planner's estimate, below it the exact
    count – either way one query, so the list needs as many queries nationwide as for a Land."""
    from backoffice.admins import EstimatedCountPaginator

    for _ in range(3):
        CooperationFactory()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE cooperations_cooperation")
    url = reverse("admin:cooperations_cooperation_changelist")
    administrator.get(url)
    counts = {}
    for exact_below in (2, 1000):  # 3 rows: "big" (estimate), then "small" (exact count)
        monkeypatch.setattr(EstimatedCountPaginator, "exact_below", exact_below)
        with CaptureQueriesContext(connection) as ctx:
            page = administrator.get(url).content.decode()
        counts[exact_below] = len(ctx.captured_queries)
        assert "3 Kooperationen" in page
    assert counts[2] == counts[1000]
