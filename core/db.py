"""Two independent read-only query jobs at the same time, on two database connections.

PostgreSQL runs one query on one core. The annual statistics are two halves of about the
same work (issue 6), so on a second connection both halves run at once and the report
takes the time of the longer half instead of the sum.

That is only done where it cannot change what the jobs see:

- outside a transaction (autocommit, as in requests and Celery tasks): there each statement
  reads its own committed snapshot, on whichever connection it runs, so a second connection
  sees what the first one would have seen;
- on PostgreSQL (the SQLite demo runs them one after the other).

Inside a transaction – `transaction.atomic()`, and every test that does not ask for
`transaction=True` – another connection would not see the transaction's own uncommitted
rows, so both jobs run one after the other on this connection.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.db import connection, connections
from django.utils import timezone, translation


def can_run_side_by_side() -> bool:
    return not connection.in_atomic_block


def side_by_side[A, B](first: Callable[[], A], second: Callable[[], B]) -> tuple[A, B]:
    """Runs `second` in a thread on its own connection, in the caller's language and time
    zone, while `first` runs here, and returns both results; an exception of either job
    is raised here. One after the other when `can_run_side_by_side()` says no."""
    if not can_run_side_by_side():
        return first(), second()

    results: list[B] = []
    errors: list[BaseException] = []
    # A new thread starts in the default language and time zone; the job gets the
    # caller's (labels; the day and year of a timestamp in __date and __year lookups).
    language, zone = translation.get_language(), timezone.get_current_timezone()

    def run_second() -> None:
        try:
            with translation.override(language), timezone.override(zone):
                results.append(second())
        except BaseException as exc:  # raised in the caller's thread below
            errors.append(exc)
        finally:
            # This thread's connection only; it would otherwise stay open until the
            # server closes it.
            connections.close_all()

    thread = threading.Thread(target=run_second, name="ikz-side-by-side", daemon=True)
    thread.start()
    try:
        first_result = first()
    finally:
        thread.join()
    if errors:
        raise errors[0]
    return first_result, results[0]
