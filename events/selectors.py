"""Reads of events: the public sees published events only."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from contacts.models import Organisation

from .models import Event, Registration


def public_events(*, past: bool = False) -> QuerySet[Event]:
    events = Event.objects.published()
    events = (
        events.past().order_by("-starts_at", "pk") if past else events.upcoming().order_by("starts_at", "pk")
    )
    return events.prefetch_related(
        Prefetch("partners", queryset=Organisation.objects.order_by("name"))
    ).annotate(
        seats_taken=Count("registrations", filter=Q(registrations__status=Registration.Status.CONFIRMED))
    )


def get_public_event(pk: int) -> Event:
    return get_object_or_404(Event.objects.published().prefetch_related("partners"), pk=pk)


def seats_taken(event: Event) -> int:
    return Registration.objects.filter(event=event, status=Registration.Status.CONFIRMED).count()


def participants(event: Event) -> QuerySet[Registration]:
    """Everyone with a seat, by name: the export, the sign-in sheet, attendance."""
    return Registration.objects.filter(event=event, status=Registration.Status.CONFIRMED).order_by(
        "name", "pk"
    )
