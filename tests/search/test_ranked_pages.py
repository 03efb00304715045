"""The atlas pages a ranked search by reading the hits' order once (core.search.
RankedHits): every page must list exactly what the ranked queryset lists there, in the
same order, with the same count – the user sees the same atlas as before, only sooner."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from cooperations.atlas import PAGE_SIZE, published_cooperations
from cooperations.search import atlas_search
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def bauhoefe() -> None:
    kreis = factories.KreisFactory(name="Landkreis Bauhofen")
    town = factories.MunicipalityFactory(name="Bauhof", district=kreis)
    titles = ["Bauhof", "Bauhof Nord", "Gemeinsamer Bauhof", "Bauhöfe im Verbund", "Winterdienst der Bauhöfe"]
    for number in range(2 * PAGE_SIZE + 12):
        factories.CooperationFactory(
            title=f"{titles[number % len(titles)]} {number}" if number >= len(titles) else titles[number],
            is_published=number % 7 != 3,  # some hits are not published: never listed
            started_on=dt.date(2010 + number % 12, 1, 1),
            lead_municipality=town if number % 9 == 0 else factories.MunicipalityFactory(district=kreis),
        )
    factories.CooperationFactory(title="Gemeinsames Standesamt", is_published=True)  # no hit


def test_each_page_of_a_search_lists_what_the_ranked_queryset_lists(bauhoefe: None, client: Client) -> None:
    expected = list(atlas_search(published_cooperations(), "Bauhof").values_list("pk", flat=True))
    assert len(expected) > 2 * PAGE_SIZE  # three pages
    shown: list[int] = []
    for number in (1, 2, 3):
        page = client.get(reverse("atlas:list"), {"q": "Bauhof", "seite": number}).context["page"]
        assert page.paginator.count == len(expected)
        shown += [case.pk for case in page.object_list]
        # the rows carry what the list shows: partners, the funding sum
        assert all(hasattr(case, "funding_total") for case in page.object_list)
    assert shown == expected
    first = client.get(reverse("atlas:list"), {"q": "Bauhof"})
    assert first.context["page"].object_list[0].title == "Bauhof"  # the title as typed first
    assert "Gemeinsames Standesamt" not in first.content.decode()


def test_a_page_past_the_last_shows_the_last_and_no_hit_shows_none(bauhoefe: None, client: Client) -> None:
    last = client.get(reverse("atlas:list"), {"q": "Bauhof", "seite": 99}).context["page"]
    assert last.number == last.paginator.num_pages == 3
    none = client.get(reverse("atlas:list"), {"q": "Zweckverbandswasserwerk"})
    assert none.status_code == 200
    assert none.context["page"].paginator.count == 0


def test_the_hits_are_ranked_once_not_counted_and_ranked_again(bauhoefe: None, client: Client) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(reverse("atlas:list"), {"q": "Bauhof"})  # warm: the atlas's cached choices
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("atlas:list"), {"q": "Bauhof", "seite": 2})
    ranked = [
        q["sql"] for q in queries.captured_queries if "search_stem_rank" in q["sql"] or "ts_rank" in q["sql"]
    ]
    assert len(ranked) == 1, ranked  # the ids of all hits in order, once
    assert not [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT COUNT(*)")]
