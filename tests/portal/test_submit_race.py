"""Two submits of the same draft at the same moment (double click on two tabs) still
create exactly one case: the draft row is locked with select_for_update."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from accounts.models import User
from contacts.models import Municipality
from cooperations.models import Cooperation, FieldOfAction, InquiryDraft
from cooperations.services import inquiry_submit

from .conftest import complete_data

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_simultaneous_submits_create_one_case(
    anna: User, kassel: Municipality, fulda: Municipality
) -> None:
    FieldOfAction.objects.get_or_create(slug="bauhof", defaults={"name": "Bauhof"})
    draft = InquiryDraft.objects.create(user=anna, data=complete_data(kassel, [fulda]))
    barrier = threading.Barrier(2)
    results: list[int] = []
    errors: list[BaseException] = []

    def submit() -> None:
        try:
            barrier.wait(timeout=10)
            results.append(inquiry_submit(draft=draft, actor=anna).pk)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert not errors, errors
    assert len(results) == 2 and results[0] == results[1]
    assert Cooperation.objects.count() == 1
