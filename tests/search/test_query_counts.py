"""The searched pages cost the same number of queries for few hits as for many, however
many words are typed: each word is a subquery of the page's own queries, never a
query of its own or one per hit."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from contacts.models import Municipality
from cooperations.models import FieldOfAction
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_cache")]


def more_hits(world: dict[str, Municipality]) -> None:
    bauhof = FieldOfAction.objects.get(slug="bauhof")
    for n in range(25):
        case = factories.CooperationFactory(
            title=f"Bauhöfe im Verbund {n}",
            lead_municipality=world["06531005"],
            partners=[world["06531011"], factories.MunicipalityFactory(name=f"Grünau {n}")],
            field_of_action=bauhof,
            is_published=True,
        )
        factories.GrantFactory(cooperation=case)
        case.further_fields.add(FieldOfAction.objects.get(slug="feuerwehr"))
        factories.ProgrammeFactory(name=f"Bauhofprogramm {n}", summary="Maschinen für Bauhöfe")


def queries(client: Client, url: str, query: dict[str, str]) -> int:
    client.get(url, query)  # warm: the session, and the atlas's cached choices the saves dropped
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, query).status_code == 200
    return len(ctx.captured_queries)


@pytest.fixture
def adviser(clara: User) -> Client:
    from tests.backoffice.conftest import logged_in, with_totp

    return logged_in(with_totp(clara))


AUTOCOMPLETE = {"app_label": "cooperations", "model_name": "cooperation", "field_name": "lead_municipality"}


@pytest.mark.parametrize(
    ("url", "query", "staff", "expected"),
    [
        # 1 count, 2 the page (lead, Kreis, field, funding sum), 3 partners, 4 further
        # fields, 5 the field choices of the form (years and Kreise come from the cache)
        ("atlas:list", {"q": "Bauhöfe Grünberg Lich"}, False, 5),
        # 1 user, 2-3 permissions, the choices of the filters: 4 field, 5 Kreis, 6 adviser,
        # 7 year; 8 count, 9 the page (partner count and last activity as subqueries)
        ("admin:cooperations_cooperation_changelist", {"q": "Bauhöfe Grünberg Lich"}, True, 9),
        # 1 count, 2 the page, 3 eligibility and 4 areas of its programmes, 5-6 the choices
        # of the form
        ("funding:programme-list", {"q": "Bauhof"}, False, 6),
        # 1 user, 2 groups, 3-4 permissions, 5 count, 6 the page of municipalities
        ("admin:autocomplete", {"term": "Grün", **AUTOCOMPLETE}, True, 6),
    ],
)
def test_a_search_costs_the_same_queries_for_few_and_many_hits(
    world: dict[str, Municipality],
    adviser: Client,
    client: Client,
    url: str,
    query: dict[str, str],
    staff: bool,
    expected: int,
) -> None:
    who = adviser if staff else client
    few = queries(who, reverse(url), query)
    more_hits(world)
    assert (few, queries(who, reverse(url), query)) == (expected, expected)
