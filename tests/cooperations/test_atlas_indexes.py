"""The atlas counts its filter and search hits from indexes (cooperations 0007, 0009;
issue 6). The querysets are the atlas's own, so a change to their SQL that no index
fits any more fails here instead of on 50,000 cases."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.db.models import QuerySet

from cooperations.atlas import CooperationFilter
from cooperations.models import Cooperation, FieldOfAction, LegalForm

pytestmark = pytest.mark.django_db


def plan(queryset: QuerySet) -> str:
    sql, params = queryset.query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a test database is small
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def counted(query: dict[str, object]) -> QuerySet:
    filterset = CooperationFilter(query, queryset=Cooperation.objects.published(), counting=True)
    return filterset.qs.order_by().values("pk")


def test_the_filter_by_field_and_legal_form_is_counted_from_indexes() -> None:
    field = FieldOfAction.objects.get(slug="bauhof")
    text = plan(counted({"handlungsfeld": field.pk, "rechtsform": LegalForm.PUBLIC_AGREEMENT}))
    assert "Index Only Scan using coop_atlas_form" in text
    assert "coop_further_field_case" in text


def test_a_search_word_is_found_in_the_titles_by_a_trigram_index() -> None:
    # Nationwide the planner takes the published titles' index (0009); on the empty test
    # database both title indexes cost the same.
    text = plan(counted({"q": "Bauhof"}))
    assert "coop_published_title_trgm" in text or "coop_title_upper_trgm" in text
