"""Searching cases, consultations and atlas entries by municipality looks the municipality
up by name or AGS (issue 6). The trigram indexes of contacts 0003 must fit the SQL
Django writes for these lookups, or PostgreSQL scans all 11,300 municipalities."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.db.models import QuerySet

from contacts.models import Municipality

pytestmark = pytest.mark.django_db


def plan(queryset: QuerySet[Municipality]) -> str:
    sql, params = queryset.query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        # On the few rows of a test database a scan is cheaper; forbid it to see which
        # index the lookup can use at all.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.parametrize(
    ("lookup", "index"),
    [
        ({"name__icontains": "schwentinental"}, "municipality_name_upper_trgm"),
        ({"ags__icontains": "0106"}, "municipality_ags_upper_trgm"),
        ({"name__trigram_similar": "Schwentintal"}, "municipality_name_trgm"),
    ],
)
def test_a_search_by_municipality_name_or_ags_uses_its_index(lookup: dict[str, str], index: str) -> None:
    assert index in plan(Municipality.objects.filter(**lookup).values("pk"))


def test_the_kreise_by_name_come_from_their_index() -> None:
    assert "municipality_kreise_name" in plan(Municipality.objects.kreise().order_by("name"))
