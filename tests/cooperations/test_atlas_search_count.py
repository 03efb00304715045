"""The atlas counts its search hits with the query that shows the page (a UNION of
index-backed subqueries per word, core.search): count and page must mean the same
cases – by title, description, other partners, field of action or partner
municipality, every word."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from contacts.models import Municipality
from cooperations.models import Cooperation, FieldOfAction
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_cache")]
LIST = reverse("atlas:list")


@pytest.fixture
def cases(kassel: Municipality, fulda: Municipality, kuenzell: Municipality) -> dict[str, Cooperation]:
    bauhof = FieldOfAction.objects.get(slug="bauhof")

    def published(title: str, **fields: object) -> Cooperation:
        return factories.CooperationFactory(title=title, **{"is_published": True, **fields})

    return {
        "title": published("Gemeinsamer Bauhof Nord", lead_municipality=kassel, description=""),
        "description": published(
            "Maschinenring", lead_municipality=fulda, description="Der Bauhof teilt seine Maschinen."
        ),
        "other": published("Kläranlage", lead_municipality=fulda, other_partners="Abwasserverband Bauhofen"),
        "field": published("Grünpflege", lead_municipality=fulda, field_of_action=bauhof),
        "partner": published("Standesamt", lead_municipality=fulda, partners=[kuenzell], description=""),
        "hidden": published("Geheimer Bauhof", lead_municipality=kassel, is_published=False),
    }


def search(client: Client, term: str) -> tuple[int, set[str]]:
    page = client.get(LIST, {"q": term}).context["page"]
    return page.paginator.count, {c.title for c in page.object_list}


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("bauhof", {"title", "description", "other", "field"}),
        ("Künzell", {"partner"}),
        ("06631016", {"partner"}),  # a partner's AGS
        ("Bauhof Nord", {"title"}),  # every word must match
        ("Maschinen Bauhof", {"description"}),
        ("ab", {"other"}),  # too short for a stem: a part of a word
        ("Atlantis", set()),
    ],
)
def test_the_count_and_the_page_name_the_same_published_cases(
    client: Client, cases: dict[str, Cooperation], term: str, expected: set[str]
) -> None:
    count, titles = search(client, term)
    assert titles == {cases[key].title for key in expected}
    assert count == len(expected)
