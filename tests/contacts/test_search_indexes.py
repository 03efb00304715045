"""Searching cases, consultations and atlas entries by municipality looks the municipality
up by name or AGS (issue 6). The trigram indexes of contacts 0003 must fit the SQL
Django writes for these lookups, or PostgreSQL scans all 11,300 municipalities."""

from __future__ import annotations

import pytest

from contacts.models import Municipality
from tests.plans import plan_with_only

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("lookup", "index"),
    [
        ({"name__icontains": "schwentinental"}, "municipality_name_upper_trgm"),
        ({"ags__icontains": "0106"}, "municipality_ags_upper_trgm"),
        ({"search_name__contains": "schwentinental"}, "municipality_search_trgm"),
        ({"search_name__trigram_word_similar": "schwentintal"}, "municipality_search_trgm"),
    ],
)
def test_a_search_by_municipality_name_or_ags_uses_its_index(lookup: dict[str, str], index: str) -> None:
    assert index in plan_with_only(Municipality.objects.filter(**lookup).values("pk"), index)


def test_the_kreise_by_name_come_from_their_index() -> None:
    kreise = Municipality.objects.kreise().order_by("name")
    assert "municipality_kreise_name" in plan_with_only(kreise, "municipality_kreise_name")
