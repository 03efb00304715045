"""What the savings section costs a case page: its reports only for a funded case (the
section shows only then) and no second read of who may report. The bench's case pages
differed by these queries between its two data sets (the factor-1 case is not funded,
the nationwide one is), never by rows."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from cooperations.models import Cooperation
from funding.models import Grant
from tests import factories

from .conftest import report

pytestmark = pytest.mark.django_db

MEMBERSHIPS = 'SELECT "contacts_membership"'
GROUPS = 'SELECT "auth_group"."name"'


def queries(client: Client, url: str) -> list[str]:
    client.get(url)  # session and content types warm
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return [q["sql"] for q in captured.captured_queries]


def test_the_portal_case_page_reads_the_memberships_once(funded_case: Cooperation, anna: User) -> None:
    report(funded_case, anna, funded_case.started_on.year, "100000", "80000")  # type: ignore[union-attr]
    client = Client()
    client.force_login(anna)
    url = reverse("cooperations:case-detail", args=[funded_case.pk])

    funded = queries(client, url)

    page = client.get(url).content.decode()
    assert "Einsparungen für" in page and "melden" in page  # the lead municipality may report
    assert sum(sql.startswith(MEMBERSHIPS) for sql in funded) == 1
    assert sum("savings_savingsreport" in sql for sql in funded) == 1


def test_the_portal_case_page_of_an_unfunded_case_skips_only_the_reports(
    funded_case: Cooperation, anna: User, kassel: Any
) -> None:
    unfunded = factories.CooperationFactory(lead_municipality=kassel, started_on=funded_case.started_on)
    factories.GrantFactory(cooperation=unfunded, status=Grant.Status.APPLIED)  # its grants section shows
    client = Client()
    client.force_login(anna)

    with_section = queries(client, reverse("cooperations:case-detail", args=[funded_case.pk]))
    without = queries(client, reverse("cooperations:case-detail", args=[unfunded.pk]))

    assert len(with_section) == len(without) + 1
    assert [sql for sql in with_section if "savings_savingsreport" in sql]
    assert not [sql for sql in without if "savings_savingsreport" in sql]


def test_the_back_office_case_page_asks_the_groups_not_the_memberships(
    funded_case: Cooperation, clara: User
) -> None:
    client = Client()
    client.force_login(clara)
    url = reverse("admin:cooperations_cooperation_change", args=[funded_case.pk])

    found = queries(client, url)

    assert not [sql for sql in found if sql.startswith(MEMBERSHIPS)]
    assert sum(sql.startswith(GROUPS) for sql in found) == 1  # is_case_staff, once
    assert "Einsparungen" in client.get(url).content.decode()
