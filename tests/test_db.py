"""core.db.side_by_side: two query jobs at once on two connections outside a
transaction, one after the other on this connection inside one."""

from __future__ import annotations

import threading
from zoneinfo import ZoneInfo

import pytest
from django.db import connection, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone, translation

from cooperations.models import FieldOfAction
from core.db import side_by_side

WAIT_S = 10


def backend_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return int(cursor.fetchone()[0])


def this_threads_connection() -> BaseDatabaseWrapper:
    # The connection object of the calling thread: side_by_side's thread has its own.
    return connections["default"]


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_both_jobs_run_at_once_on_two_connections() -> None:
    second_started = threading.Event()
    used: list[BaseDatabaseWrapper] = []

    def first() -> tuple[int, bool]:
        # One after the other, the second job would only start after this wait ran out.
        return backend_pid(), second_started.wait(WAIT_S)

    def second() -> int:
        second_started.set()
        used.append(this_threads_connection())
        return backend_pid()

    (first_pid, overlapped), second_pid = side_by_side(first, second)
    assert overlapped
    assert first_pid == backend_pid()
    assert second_pid != first_pid
    # The second connection is closed when its job is done. Asked of the connection
    # object, not of pg_stat_activity: a closed socket's backend leaves that view a moment
    # later, and on a loaded machine the count still saw it (issue 19).
    assert used[0] is not connection
    assert used[0].connection is None


@pytest.mark.django_db(transaction=True)
def test_the_second_job_has_the_callers_language_and_time_zone() -> None:
    def setting() -> tuple[str | None, str, int]:
        return translation.get_language(), timezone.get_current_timezone_name(), backend_pid()

    with translation.override("en"), timezone.override(ZoneInfo("America/New_York")):
        first, second = side_by_side(setting, setting)
    assert first[2] != second[2]
    assert first[:2] == second[:2] == ("en", "America/New_York")


@pytest.mark.django_db(transaction=True)
def test_an_error_of_the_second_job_reaches_the_caller_and_its_connection_is_closed() -> None:
    used: list[BaseDatabaseWrapper] = []

    def second() -> int:
        used.append(this_threads_connection())
        backend_pid()
        raise LookupError("kaputt")

    with pytest.raises(LookupError, match="kaputt"):
        side_by_side(backend_pid, second)
    assert used[0] is not connection
    assert used[0].connection is None


@pytest.mark.django_db
def test_inside_a_transaction_both_jobs_run_here_and_see_its_rows() -> None:
    with transaction.atomic():
        FieldOfAction.objects.create(name="Nur in dieser Transaktion")

        def sees_the_row() -> tuple[int, bool]:
            return backend_pid(), FieldOfAction.objects.filter(name="Nur in dieser Transaktion").exists()

        (first_pid, first_sees), (second_pid, second_sees) = side_by_side(sees_the_row, sees_the_row)
    assert first_sees and second_sees
    assert first_pid == second_pid == backend_pid()
