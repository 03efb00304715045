"""The grant list's search in the back office: every word must occur in the decision's
file number or in the case's reference or title (as Django's default search), now
answered by one index-backed subquery per column (funding.admin.grants.GrantAdmin)."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from funding.models import Grant
from tests.factories import CooperationFactory, GrantFactory

pytestmark = pytest.mark.django_db

URL = reverse("admin:funding_grant_changelist")


@pytest.fixture
def grants() -> dict[str, Grant]:
    bauhof = CooperationFactory(title="Gemeinsamer Bauhof Nordhessen", reference="IKZ-2024-0101")
    standesamt = CooperationFactory(title="Standesamt am Edersee", reference="IKZ-2025-0202")
    made = {
        "bauhof": GrantFactory(cooperation=bauhof, file_number="AZ 31-12/7"),
        "bauhof_again": GrantFactory(cooperation=bauhof, file_number="AZ 31-12/8"),
        "standesamt": GrantFactory(cooperation=standesamt, file_number="B 44/2025"),
    }
    return {name: Grant.objects.get(pk=grant.pk) for name, grant in made.items()}


def found(client: Client, term: str) -> set[str]:
    response = client.get(URL, {"q": term})
    assert response.status_code == 200
    return {g.file_number for g in response.context["cl"].result_list}


def test_it_finds_grants_by_file_number_case_reference_and_title(
    administrator: Client, grants: dict[str, Grant]
) -> None:
    assert found(administrator, "12/8") == {"AZ 31-12/8"}
    assert found(administrator, "ikz-2025") == {"B 44/2025"}  # reference, any case
    assert found(administrator, "bauhof") == {"AZ 31-12/7", "AZ 31-12/8"}  # title
    assert found(administrator, "2025") == {"B 44/2025"}  # file number and reference, once
    assert found(administrator, "Feuerwehr") == set()


def test_every_word_must_match_and_quotes_keep_a_phrase(
    administrator: Client, grants: dict[str, Grant]
) -> None:
    assert found(administrator, "Bauhof 12/7") == {"AZ 31-12/7"}
    assert found(administrator, "Bauhof Edersee") == set()
    assert found(administrator, '"am Edersee"') == {"B 44/2025"}
    assert found(administrator, '"Edersee am"') == set()


def test_the_search_combines_with_the_filters(administrator: Client, grants: dict[str, Grant]) -> None:
    grants["bauhof"].status = Grant.Status.REJECTED
    grants["bauhof"].save()
    response = administrator.get(URL, {"q": "bauhof", "status__exact": Grant.Status.REJECTED})
    assert [g.file_number for g in response.context["cl"].result_list] == ["AZ 31-12/7"]


def test_the_search_asks_each_column_once_and_never_ors_across_the_join(
    administrator: Client, grants: dict[str, Grant]
) -> None:
    administrator.get(URL, {"q": "bauhof"})
    with CaptureQueriesContext(connection) as ctx:
        administrator.get(URL, {"q": "bauhof"})
    listed = [
        q["sql"] for q in ctx.captured_queries if 'FROM "funding_grant"' in q["sql"] and "LIKE" in q["sql"]
    ]
    assert listed, "the list query"
    for sql in listed:
        assert " UNION " in sql
        # No LIKE on a case column joined to the outer grant row: each LIKE is in its own subquery.
        assert not re.search(r'OR UPPER\("cooperations_cooperation"', sql)
