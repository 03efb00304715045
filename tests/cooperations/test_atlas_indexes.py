"""The atlas counts its filter and search hits from indexes (cooperations 0007, 0010, 0011;
issues 6 and 15). The querysets are the atlas's own, so a change to their SQL that the
indexes no longer fit fails here instead of on 50,000 cases."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.db.models import QuerySet

from cooperations.atlas import CooperationFilter
from cooperations.models import Cooperation, FieldOfAction, LegalForm
from tests.plans import plan_with_only

pytestmark = pytest.mark.django_db


def counted(query: dict[str, object]) -> QuerySet:
    filterset = CooperationFilter(query, queryset=Cooperation.objects.published())
    return filterset.qs.order_by().values("pk")


def test_the_filter_by_field_and_legal_form_is_counted_from_indexes() -> None:
    field = FieldOfAction.objects.get(slug="bauhof")
    query = counted({"handlungsfeld": field.pk, "rechtsform": LegalForm.PUBLIC_AGREEMENT})
    assert "coop_atlas_form_order" in plan_with_only(query, "coop_atlas_form_order")
    assert "coop_further_field_case" in plan_with_only(query, "coop_further_field_case")


def test_a_search_word_is_looked_up_in_the_search_indexes() -> None:
    # A word is text (trigram index) or stem (tsvector index): the OR needs both indexes,
    # so neither can be asked alone as plan_with_only does.
    sql, params = counted({"q": "Bauhöfe"}).query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a few rows: a scan would be cheaper
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "coop_search_text_trgm" in plan and "coop_search_vector" in plan, plan
