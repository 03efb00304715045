"""The atlas counts its filter hits from indexes (cooperations 0007; issue 6). The
queryset is the atlas's own, so a change to its SQL that the indexes no longer fit
fails here instead of on 50,000 cases. (Which trigram index answers a search word
depends on the data: on an empty database any partial index of the published cases
looks as cheap, so the search's indexes are not pinned here.)"""

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
    assert "Index Only Scan using coop_atlas_form_order" in text
    assert "coop_further_field_case" in text
