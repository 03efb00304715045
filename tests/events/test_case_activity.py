"""An event that belongs to a case appears as an activity of that case, and stays one
activity when the event changes."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from cooperations.models import Activity, Cooperation
from events.models import Event
from events.services import event_save
from tests.events.conftest import confirmed, make_event

pytestmark = pytest.mark.django_db


def test_an_event_of_a_case_is_an_activity_of_the_case(
    case_kassel: Cooperation, clara: Any, django_capture_on_commit_callbacks: Any
) -> None:
    event = make_event(kind=Event.Kind.CITIZENS, title="Bürgerversammlung Bauhof")
    event.cooperation = case_kassel
    event_save(event=event, actor=clara)

    (activity,) = Activity.objects.filter(cooperation=case_kassel)
    assert activity.kind == Activity.Kind.CITIZENS
    assert activity.date == event.starts_at.astimezone(dt.timezone(dt.timedelta(hours=1))).date()
    assert "Bürgerversammlung Bauhof" in activity.notes and "0 von 2" in activity.notes
    assert activity.created_by == clara

    with django_capture_on_commit_callbacks(execute=True):
        confirmed(event, "a@kassel.de")
    event.refresh_from_db()
    event.starts_at += dt.timedelta(days=7)
    event.ends_at += dt.timedelta(days=7)
    event_save(event=event, actor=clara)
    (activity,) = Activity.objects.filter(cooperation=case_kassel)
    assert "1 von 2" in activity.notes
    assert activity.date == (event.starts_at.astimezone(dt.timezone(dt.timedelta(hours=1)))).date()


def test_more_seats_move_the_waiting_list_up(django_capture_on_commit_callbacks: Any, clara: Any) -> None:
    event = make_event(capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        confirmed(event, "a@kassel.de")
        waiting = confirmed(event, "b@kassel.de")
        assert waiting.status == "warteliste"
        event.capacity = 2
        event_save(event=event, actor=clara)
    waiting.refresh_from_db()
    assert waiting.status == "angemeldet"


def test_an_event_without_place_or_link_is_refused_in_german(clara: Any) -> None:
    from django.core.exceptions import ValidationError

    event = make_event()
    event.venue = ""
    event.online_url = ""
    with pytest.raises(ValidationError) as error:
        event_save(event=event, actor=clara)
    assert "Ort mit Anschrift oder einen Link" in str(error.value)
