"""The demo's knowledge entries and events (demo/seed/events.py, a step of seed_demo)."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from contacts.models import Organisation
from cooperations.models import Activity
from demo.seed.events import seed_knowledge_and_events
from events.models import Event, Registration
from knowledge.models import Entry

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_dozen_entries_and_events_with_registrations_and_a_waiting_list(
    clara: Any, case_kassel: Any, client: Client
) -> None:
    Organisation.objects.create(
        name="Hessischer Städte- und Gemeindebund", short_name="HSGB", kind="spitzenverband"
    )
    summary = seed_knowledge_and_events(today=timezone.localdate(), rng=random.Random(7))

    assert Entry.objects.published().current().count() == 12
    assert Entry.objects.filter(superseded_by__isnull=False).count() == 1
    assert set(Entry.objects.values_list("kind", flat=True)) == set(Entry.Kind.values)
    assert "13 Einträge" in summary["Wissen und Arbeitshilfen"]

    now = timezone.now()
    assert Event.objects.published().filter(starts_at__gt=now).count() == 4
    assert Event.objects.published().filter(ends_at__lt=now - dt.timedelta(days=30)).count() == 2
    assert Registration.objects.filter(status=Registration.Status.WAITING).exists()
    full = Event.objects.get(title="Workshop: Der gemeinsame Bauhof")
    assert full.registrations.filter(status="angemeldet").count() == full.capacity
    assert Registration.objects.filter(attended=True).count() == 37
    assert Activity.objects.filter(cooperation=case_kassel, kind=Activity.Kind.CITIZENS).count() == 1
    assert "45 von 120" in Activity.objects.get(cooperation=case_kassel).notes

    # The pages a visitor opens work on this data.
    assert "ausgebucht" in client.get(reverse("events:list")).content.decode()
    assert client.get(reverse("knowledge:list")).context["page"].paginator.count == 12
    for entry in Entry.objects.exclude(file=""):
        assert client.get(reverse("knowledge:download", args=[entry.pk])).status_code == 200
