"""Hands a Celery task to the broker after commit, never holding the request for long.

The row that needs the task (an OutboxMail, a Report) is committed first and is the
durable order; publishing is only the fast path. If the broker cannot take the message
within IKZ_PUBLISH_TIMEOUT_SECONDS, the row stays as it is and its sweep (beat) sends
it later. A hung Redis (accepting connections, answering nothing) would otherwise cost
Celery's default socket timeouts and publish retries for every mail of a request – 34 s
for an inquiry with six mails, past gunicorn's timeout. So each publish has its own
short-timeout connection and no retries, and the first failure opens a circuit breaker:
the next IKZ_PUBLISH_BREAKER_SECONDS the publisher does not try at all."""

from __future__ import annotations

import logging
from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction

from .breaker import CircuitBreaker

logger = logging.getLogger(__name__)


def _breaker() -> CircuitBreaker:
    return CircuitBreaker.for_key("celery-publish", float(settings.IKZ_PUBLISH_BREAKER_SECONDS))


def registered(name: str) -> Any:
    """The task Celery registered under `name` (its module and function name). A service
    that hands work to its app's worker names the task instead of importing it: the
    tasks module calls the services and is not imported back by them (no import circle
    services ↔ tasks); tests/test_task_names.py pins the names."""
    from celery import current_app as app

    if name not in app.tasks:
        # A web process has not imported the apps' tasks modules (the worker does so at
        # its start): the same import of every app's tasks as there, once.
        app.loader.import_default_modules()
    return app.tasks[name]


def publish(task: Any, *args: Any) -> bool:
    """Enqueues `task(*args)`; False (logged) when the broker could not take it in time.
    In eager mode (tests, the demo) the task runs here and its errors propagate.

    `task`: a task or the name it is registered under (`registered`)."""
    from celery import current_app as app

    if isinstance(task, str):
        task = registered(task)
    if app.conf.task_always_eager:
        task.apply_async(args)
        return True
    breaker = _breaker()
    if breaker.is_open:
        logger.warning("task not published, broker unavailable (breaker open)", extra={"task": task.name})
        return False
    timeout = float(settings.IKZ_PUBLISH_TIMEOUT_SECONDS)
    short = {"socket_timeout": timeout, "socket_connect_timeout": timeout, "max_retries": 0}
    try:
        with app.connection_for_write(transport_options=short, connect_timeout=timeout) as connection:
            task.apply_async(args, connection=connection, retry=False)
    except Exception as exc:  # the broker's errors differ by transport; all mean "later"
        breaker.trip()
        logger.warning(
            "task not published, the sweep sends it later",
            extra={"task": task.name, "error": f"{type(exc).__name__}: {exc}"[:300]},
        )
        return False
    breaker.reset()
    return True


def publish_on_commit(task: Any, *args: Any) -> None:
    """`publish` once the surrounding transaction commits (at once outside of one)."""
    transaction.on_commit(partial(publish, task, *args), robust=True)
