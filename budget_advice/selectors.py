"""Reads of the budget advice for the back office and the portal; nothing here writes."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone

from .models import Consultation

OVERDUE_PLANNED_LIMIT = 10


def overdue_planned_consultations(*, today: dt.date | None = None) -> QuerySet[Consultation]:
    """Planned consultations whose date has passed: the statistics do not count them
    until an adviser records them as held (or moves or cancels them). Oldest first;
    the start page shows the first OVERDUE_PLANNED_LIMIT and the count."""
    return (
        Consultation.objects.overdue_planned(today or timezone.localdate())
        .select_related("municipality")
        .order_by("date", "pk")
    )


def consultations_for_municipalities(municipality_ids: list[int]) -> QuerySet[Consultation]:
    """The budget consultations of the user's confirmed municipalities (the ids that
    `municipal_member_required` found), newest request first, each with its running
    number among the municipality's held consultations."""
    return (
        Consultation.objects.filter(municipality_id__in=municipality_ids)
        .with_running_number()
        .select_related("municipality")
        .order_by("-created_at", "-pk")
    )
