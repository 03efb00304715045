"""The adviser start page counts and lists from indexes (cooperations 0008, budget_advice
0003; issue 6): nationwide its counts read 30,000-55,000 rows each without them. The
querysets here are the ones desk.views.start_page asks."""

from __future__ import annotations

import datetime as dt

import pytest

from budget_advice.models import Consultation, Meeting
from cooperations.models import Cooperation, Status
from tests.plans import plan_with_only

pytestmark = pytest.mark.django_db


def test_my_open_cases_come_from_their_index_in_their_order() -> None:
    mine = Cooperation.objects.open().filter(adviser_id=1).order_by("next_step_due", "reference")
    listed = plan_with_only(mine.values("pk")[:10], "coop_open_adviser")
    assert "coop_open_adviser" in listed and "Sort" not in listed  # already in its order
    assert "coop_open_adviser" in plan_with_only(mine.order_by().values("adviser"), "coop_open_adviser")


def test_new_inquiries_nobody_took_are_counted_from_their_index() -> None:
    unassigned = Cooperation.objects.filter(status=Status.RECEIVED, adviser__isnull=True).values("pk")
    assert "coop_unassigned_status" in plan_with_only(unassigned, "coop_unassigned_status")


def test_meetings_and_requests_are_found_by_date_and_status() -> None:
    month = {"date__gte": dt.date(2026, 12, 1), "date__lt": dt.date(2027, 1, 1)}
    assert "meeting_date" in plan_with_only(Meeting.objects.filter(**month).values("pk"), "meeting_date")
    this_month = Consultation.objects.filter(**month).values("pk")
    assert "consultation_date" in plan_with_only(this_month, "consultation_date")
    requests = Consultation.objects.filter(status=Consultation.Status.REQUESTED).values("pk")
    assert "consultation_status_date" in plan_with_only(requests, "consultation_status_date")
