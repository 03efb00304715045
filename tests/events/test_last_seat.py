"""Two people confirm for the last seat at the same moment, each in their own thread
with their own PostgreSQL connection: exactly one gets the seat, the other the
waiting list. The barrier releases both confirmations together; the lock on the
event row (events.services._lock) serialises them."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection

from events.models import Registration
from events.services import CONFIRM, make_token, registration_confirm, registration_create
from tests.events.conftest import make_event

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_people_take_the_last_seat_at_once_and_exactly_one_gets_it() -> None:
    event = make_event(capacity=3)
    for n in range(2):  # two seats are gone already
        taken = registration_create(event=event, name=f"P{n}", email=f"p{n}@kassel.de", organisation="Kassel")
        registration_confirm(token=make_token(taken, CONFIRM))
    racers = [
        registration_create(event=event, name=name, email=f"{name}@fulda.de", organisation="Fulda")
        for name in ("erika", "fritz")
    ]
    barrier = threading.Barrier(len(racers))
    errors: list[BaseException] = []

    def confirm(registration: Registration) -> None:
        try:
            barrier.wait(timeout=10)
            registration_confirm(token=make_token(registration, CONFIRM))
        except BaseException as exc:  # reported below; a thread must not swallow it
            errors.append(exc)
        finally:
            connection.close()  # each thread has its own connection

    threads = [threading.Thread(target=confirm, args=(r,)) for r in racers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert not errors, errors

    statuses = sorted(
        Registration.objects.filter(pk__in=[r.pk for r in racers]).values_list("status", flat=True)
    )
    assert statuses == [Registration.Status.CONFIRMED, Registration.Status.WAITING]
    assert Registration.objects.filter(event=event, status=Registration.Status.CONFIRMED).count() == 3


def test_without_the_lock_both_would_get_the_seat(monkeypatch: Any) -> None:
    """The test above can fail: with the row lock taken out, the two confirmations
    count the seats at the same time and both take the last one."""
    from events import services

    event = make_event(capacity=1)
    racers = [
        registration_create(event=event, name=name, email=f"{name}@fulda.de", organisation="Fulda")
        for name in ("erika", "fritz")
    ]
    barrier = threading.Barrier(2)
    counted = services._seats_taken

    def seats_taken_then_wait(ev: Any) -> int:
        n = counted(ev)
        barrier.wait(timeout=10)  # both have counted before either writes
        return n

    monkeypatch.setattr(services, "_lock", lambda ev: type(ev).objects.get(pk=ev.pk))
    monkeypatch.setattr(services, "_seats_taken", seats_taken_then_wait)
    errors: list[BaseException] = []

    def confirm(registration: Registration) -> None:
        try:
            registration_confirm(token=make_token(registration, CONFIRM))
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=confirm, args=(r,)) for r in racers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert not errors, errors
    assert Registration.objects.filter(event=event, status=Registration.Status.CONFIRMED).count() == 2
