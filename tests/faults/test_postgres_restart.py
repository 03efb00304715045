"""PostgreSQL restarted under traffic: users see the 503 page while it is down, and the
same gunicorn processes serve again afterwards, without a restart."""

from __future__ import annotations

import itertools
import threading
import time

import pytest
from django.urls import reverse

from tests import factories
from tests.conftest import record_recovery, wait_for
from tests.production.procs import Client, production_env, start_gunicorn

from .conftest import pg_start, pg_stop

pytestmark = pytest.mark.django_db(transaction=True)

MAX_SECONDS = 90.0


def test_a_postgres_restart_under_traffic_gives_503_pages_then_the_same_processes_serve_again(
    postgres_restartable: None,
) -> None:
    from django.db import connection

    from cooperations.models import FieldOfAction

    # Reference rows of a data migration are gone after other transactional tests.
    FieldOfAction.objects.get_or_create(
        slug="allgemeine-verwaltung", defaults={"name": "Allgemeine Verwaltung"}
    )
    factories.CooperationFactory(title="Gemeinsamer Bauhof", is_published=True)
    pages = [reverse("atlas:list"), reverse("funding:programme-list")]
    server = start_gunicorn(
        production_env(str(connection.settings_dict["NAME"])), name="pg-restart", workers=2, threads=2
    )
    results: list[tuple[str, int, str]] = []
    stop = threading.Event()

    def traffic() -> None:
        client = Client(server.url, timeout=10)
        deadline = time.monotonic() + MAX_SECONDS
        # until the test has seen what it waits for (stop), bounded by MAX_SECONDS
        for i in itertools.count():
            if stop.is_set() or time.monotonic() > deadline:
                return
            path = pages[i % len(pages)]
            try:
                r = client.get(path)
                results.append((path, r.status, r.body))
            except OSError as exc:  # a refused connection would be a failure of gunicorn itself
                results.append((path, -1, repr(exc)))
            time.sleep(0.05)

    try:
        for path in pages:
            assert Client(server.url).get(path).status == 200
        master, workers = server.proc.pid, server.worker_pids()
        assert len(workers) == 2

        thread = threading.Thread(target=traffic)
        thread.start()
        # the traffic is under way before PostgreSQL goes (a signal, not a while)
        assert wait_for(lambda: len(results) > 0, timeout=30)
        pg_stop()
        connection.close()
        try:
            # While PostgreSQL is down: the German 503 page, never a stack trace.
            during = [Client(server.url).get(pages[0]) for _ in range(4)]
            health = Client(server.url).get("/healthz")
        finally:
            pg_start()
        restarted = time.monotonic()
        # Bounded wait until the portal answers from the database again.
        deadline = time.monotonic() + 30
        recovered = None
        while time.monotonic() < deadline:
            recovered = Client(server.url).get(pages[0])
            if recovered.status == 200:
                break
            time.sleep(0.3)
        serving_after = time.monotonic() - restarted
        # and it goes on: the traffic's own requests are served again
        served = len(results)
        assert wait_for(lambda: any(status == 200 for _, status, _ in results[served:]), timeout=30)
        stop.set()
        thread.join(timeout=30)

        for r in during:
            assert r.status == 503, r.body[:500]
            assert "Vorübergehend nicht erreichbar" in r.body
            assert r.headers["retry-after"] == "30"
            assert "Traceback" not in r.body and "OperationalError" not in r.body
        assert health.status == 503 and health.json()["database"] == "down"
        assert recovered is not None and recovered.status == 200
        assert Client(server.url).get("/healthz").json() == {"status": "ok", "database": "ok", "redis": "ok"}
        statuses = {status for _, status, _ in results}
        assert statuses <= {200, 503}, statuses
        assert 200 in statuses
        assert all("Traceback" not in body for _, _, body in results)
        # The same processes: no worker was restarted, the master never went away.
        assert server.proc.poll() is None and server.proc.pid == master
        assert server.worker_pids() == workers
        for path in pages:
            assert Client(server.url).get(path).status == 200
        record_recovery(
            f"postgres restarted under traffic: {sum(s == 503 for _, s, _ in results)} × 503 of "
            f"{len(results)} requests, first 200 {serving_after:.1f} s after the restart, same gunicorn processes"
        )
    finally:
        stop.set()
        server.stop()
