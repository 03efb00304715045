"""The Förderlotse's search asks name, short name, summary and funder as one folded text
and its German stems (the generated columns of funding 0012, core.search): every
word must occur in one of the four, and only there."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from funding.filters import ProgrammeFilter
from funding.models import Eligibility, Programme
from funding.views import _programmes
from tests import factories
from tests.plans import plan_with_only

pytestmark = pytest.mark.django_db
LIST = reverse("funding:programme-list")


@pytest.fixture
def programmes(db: None) -> None:
    factories.ProgrammeFactory(
        name="Breitband",
        short_name="GIGA",
        summary="Glasfaser für Gewerbegebiete.",
        funder="Bundesnetzagentur",
    )
    factories.ProgrammeFactory(name="Dorfladen", short_name="", summary="", funder="Amt für Bodenmanagement")


def found(client: Client, term: str) -> set[str]:
    return {p.name for p in client.get(LIST, {"q": term}).context["page"].object_list}


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("breitBAND", {"Breitband"}),  # name, any case
        ("giga", {"Breitband"}),  # short name
        ("glasfaser gewerbe", {"Breitband"}),  # summary, every word
        ("netzagentur", {"Breitband"}),  # funder
        ("für", {"Breitband", "Dorfladen"}),  # summary of one, funder of the other
        ("Breitband Bodenmanagement", set()),  # the words in two different programmes
        ("bandGIGA", set()),  # end of the name and the short name: not one word
        ("ladenAmt", set()),  # nor across an empty short name and summary
        ("x", set()),
    ],
)
def test_every_word_must_occur_in_one_of_the_four_fields(
    client: Client, programmes: None, term: str, expected: set[str]
) -> None:
    assert found(client, term) == expected


def test_only_the_eligibility_facet_needs_distinct(client: Client, programmes: None) -> None:
    with CaptureQueriesContext(connection) as ctx:
        client.get(LIST, {"q": "breitband"})
    assert not [q for q in ctx.captured_queries if "DISTINCT" in q["sql"]]
    programme = Programme.objects.get(name="Breitband")
    programme.eligible.set(Eligibility.objects.all()[:2])
    eligible = [e.pk for e in Eligibility.objects.all()[:2]]
    response = client.get(LIST, {"q": "breitband", "eligible": eligible})
    assert [p.name for p in response.context["page"].object_list] == ["Breitband"]
    assert response.context["page"].paginator.count == 1


def test_the_search_can_use_its_trigram_index(programmes: None) -> None:
    filterset = ProgrammeFilter({"q": "glasfaser"}, queryset=Programme.objects.all())
    sql, params = filterset.qs.values("pk").query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a few rows: a scan would be cheaper
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "programme_search_text_trgm" in plan
    assert "programme_search_vector" in plan


def test_a_page_of_the_list_walks_the_active_programmes_in_name_order(programmes: None) -> None:
    # The list shows active programmes by name, 20 a page: with the index in that order
    # the first page of a filter is found after a few dozen programmes, instead of
    # filtering and sorting the whole catalogue (issue 6). A search sorts its hits by rank.
    page = ProgrammeFilter({"region": "land"}, queryset=_programmes()).qs[:20]
    plan = plan_with_only(page, "programme_active_name", off=("seqscan", "bitmapscan", "sort"))
    assert "Index Scan using programme_active_name" in plan, plan
    assert "Sort" not in plan, plan
