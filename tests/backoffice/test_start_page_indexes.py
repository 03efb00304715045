"""The adviser start page counts and lists from indexes (cooperations 0008, budget_advice
0003; issue 6): nationwide its counts read 30,000-55,000 rows each without them. The
querysets here are the ones ikz_portal.backoffice.dashboard asks."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection, transaction
from django.db.models import QuerySet

from budget_advice.models import Consultation, Meeting
from cooperations.models import Cooperation, Status

pytestmark = pytest.mark.django_db


def plan(queryset: QuerySet) -> str:
    sql, params = queryset.query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a test database is small
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_my_open_cases_come_from_their_index_in_their_order() -> None:
    mine = Cooperation.objects.open().filter(adviser_id=1).order_by("next_step_due", "reference")
    assert "coop_open_adviser" in plan(mine.values("pk")[:10])
    assert "coop_open_adviser" in plan(mine.values("pk"))


def test_new_inquiries_nobody_took_are_counted_from_their_index() -> None:
    assert "coop_unassigned_status" in plan(
        Cooperation.objects.filter(status=Status.RECEIVED, adviser__isnull=True).values("pk")
    )


def test_meetings_and_requests_are_found_by_date_and_status() -> None:
    month = {"date__gte": dt.date(2026, 12, 1), "date__lt": dt.date(2027, 1, 1)}
    assert "meeting_date" in plan(Meeting.objects.filter(**month).values("pk"))
    assert "consultation_date" in plan(Consultation.objects.filter(**month).values("pk"))
    assert "consultation_status_date" in plan(
        Consultation.objects.filter(status=Consultation.Status.REQUESTED).values("pk")
    )
