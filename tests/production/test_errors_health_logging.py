"""Error pages without the database, /healthz, request ids and JSON log lines."""

from __future__ import annotations

import io
import json
import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.db import OperationalError, connection
from django.test import Client, RequestFactory

from core import errors
from core.cache import CacheUnavailable, ResilientRedisCache
from core.logging import ClientErrorWithoutTraceback, JsonFormatter, RequestIdFilter, request_id_var

from .procs import free_port

pytestmark = pytest.mark.django_db


@contextmanager
def database_down() -> Iterator[None]:
    """Every query fails as if PostgreSQL were gone."""

    def refuse(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")

    with connection.execute_wrapper(refuse):
        yield


class ExplodingUser:
    """A request.user that fails the test if an error page looks at it."""

    def __getattr__(self, name: str) -> Any:
        raise AssertionError(f"Fehlerseite greift auf request.user.{name} zu")


@pytest.mark.parametrize(
    ("handler", "status", "heading"),
    [
        (errors.bad_request, 400, "Ungültige Anfrage"),
        (errors.permission_denied, 403, "Zugriff nicht erlaubt"),
        (errors.page_not_found, 404, "Seite nicht gefunden"),
        (errors.too_many_requests, 429, "Zu viele Anfragen"),
    ],
)
def test_error_pages_render_in_the_portal_look_without_any_query(
    rf: RequestFactory, django_assert_num_queries: Any, handler: Any, status: int, heading: str
) -> None:
    request = rf.get("/vorgaenge/999/")
    request.user = ExplodingUser()  # type: ignore[assignment]
    with database_down(), django_assert_num_queries(0):
        response = handler(request, Exception("x"))
    body = response.content.decode()
    assert response.status_code == status
    assert f'<h1 class="kern-heading-x-large">{heading}</h1>' in body
    assert 'lang="de"' in body and "kern.min" in body and "portal-header" in body
    assert "Traceback" not in body
    # Nothing the enforced CSP would block: no inline style or script.
    assert "style=" not in body and "<script>" not in body and "onclick" not in body


def test_the_500_page_renders_while_the_database_is_down(
    rf: RequestFactory, django_assert_num_queries: Any
) -> None:
    request = rf.get("/")
    request.user = ExplodingUser()  # type: ignore[assignment]
    with database_down(), django_assert_num_queries(0):
        try:
            raise ValueError("a bug")
        except ValueError:
            response = errors.server_error(request)
    assert response.status_code == 500
    assert "Technischer Fehler" in response.content.decode()


def test_a_database_outage_answers_503_with_retry_after_instead_of_500(rf: RequestFactory) -> None:
    request = rf.get("/")
    with database_down():
        try:
            connection.cursor().execute("SELECT 1")
        except OperationalError:
            response = errors.server_error(request)
    assert response.status_code == 503
    assert response["Retry-After"] == str(errors.RETRY_AFTER_SECONDS)
    assert "Vorübergehend nicht erreichbar" in response.content.decode()


def test_the_csrf_failure_page_explains_in_german(rf: RequestFactory) -> None:
    response = errors.csrf_failure(rf.post("/"), reason="CSRF cookie not set.")
    assert response.status_code == 403
    assert "Formular war zu lange geöffnet" in response.content.decode()


def test_an_unknown_address_gets_the_404_page(client: Client, anna: Any) -> None:
    client.force_login(anna)
    response = client.get("/gibt-es-nicht/")
    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.content.decode()
    assert response["X-Request-ID"] in response.content.decode()


def test_healthz_reports_database_and_redis(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "redis": "ok"}
    assert response["Cache-Control"] == "no-store"


def test_healthz_answers_for_any_host_so_the_orchestrator_can_ask_inside_the_container(
    client: Client,
) -> None:
    assert client.get("/healthz", HTTP_HOST="10.0.3.7:8000").status_code == 200
    assert client.get("/", HTTP_HOST="evil.example").status_code == 400


def test_healthz_is_503_when_redis_is_down(client: Client, settings: Any) -> None:
    settings.REDIS_URL = f"redis://127.0.0.1:{free_port()}/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "down", "database": "ok", "redis": "down"}


def test_healthz_is_503_when_the_database_is_down(client: Client) -> None:
    with database_down():
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "down"


def test_every_response_carries_a_request_id_and_keeps_a_sane_one_from_the_proxy(client: Client) -> None:
    assert len(client.get("/healthz-nicht").headers["X-Request-ID"]) == 32
    kept = client.get("/gibt-es-nicht/", HTTP_X_REQUEST_ID="proxy-1234abcd")
    assert kept["X-Request-ID"] == "proxy-1234abcd"
    replaced = client.get("/gibt-es-nicht/", HTTP_X_REQUEST_ID="evil\nline")
    assert replaced["X-Request-ID"] != "evil\nline"


def test_access_log_lines_are_json_with_the_request_id(
    client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="ikz_portal.request"):
        response = client.get("/gibt-es-nicht/?q=1")
    record = next(r for r in caplog.records if r.name == "ikz_portal.request")
    line = JsonFormatter().format(record)
    entry = json.loads(line)
    assert entry["status"] == 404 and entry["path"] == "/gibt-es-nicht/" and entry["method"] == "GET"
    assert entry["request_id"] == response["X-Request-ID"]
    assert entry["level"] == "INFO" and entry["time"].endswith("+00:00")


def test_a_refused_or_unknown_page_is_one_warning_line_without_a_traceback(client: Client, anna: Any) -> None:
    # what the operator reads on the console: Django logs the Http404 and PermissionDenied
    # behind a 4xx with their tracebacks, which buried the real errors
    (console,) = [
        h
        for h in logging.getLogger().handlers
        if any(isinstance(f, ClientErrorWithoutTraceback) for f in h.filters)
    ]
    out = io.StringIO()
    previous = console.setStream(out)
    try:
        client.force_login(anna)
        assert client.get("/gibt-es-nicht/").status_code == 404
        assert client.get("/admin/cooperations/cooperation/").status_code == 403  # PermissionDenied
    finally:
        console.setStream(previous)
    lines = out.getvalue().splitlines()
    assert any("Not Found: /gibt-es-nicht/" in line for line in lines), lines
    assert any("Forbidden (Permission denied): /admin/cooperations/cooperation/" in line for line in lines), (
        lines
    )
    assert not any("Traceback" in line or "raise " in line for line in lines), lines


def test_a_server_error_keeps_its_traceback() -> None:
    try:
        raise ValueError("kaputt")
    except ValueError:
        exc_info = sys.exc_info()
    lines = {}
    for status in (404, 500):
        record = logging.makeLogRecord(
            {
                "msg": "x",
                "levelname": "ERROR",
                "exc_info": exc_info,
                "status_code": status,
                "name": "django.request",
            }
        )
        ClientErrorWithoutTraceback().filter(record)
        lines[status] = json.loads(JsonFormatter().format(record))
    assert "exc" not in lines[404]
    assert lines[500]["exc_type"] == "ValueError" and "kaputt" in lines[500]["exc"]


def test_a_log_message_cannot_forge_a_second_line() -> None:
    record = logging.makeLogRecord(
        {"msg": "login %s", "args": ('x\n{"level": "CRITICAL"}',), "levelname": "INFO"}
    )
    token = request_id_var.set("abc123def456")
    try:
        RequestIdFilter().filter(record)
        line = JsonFormatter().format(record)
    finally:
        request_id_var.reset(token)
    assert "\n" not in line
    assert json.loads(line)["request_id"] == "abc123def456"


def test_the_cache_degrades_to_misses_while_redis_is_down(caplog: pytest.LogCaptureFixture) -> None:
    cache = ResilientRedisCache(
        f"redis://127.0.0.1:{free_port()}/0",
        {"OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5, "breaker_seconds": 60}},
    )
    with caplog.at_level(logging.WARNING, logger="core.cache"):
        assert cache.get("k", "fallback") == "fallback"
        cache.set("k", "v")
        assert cache.add("lock", 1) is True
        assert cache.get_many(["a", "b"]) == {}
        cache.delete("k")
        with pytest.raises(CacheUnavailable):
            cache.incr("counter")
    # Asked once; then the open breaker answered the rest without waiting for Redis.
    assert sum("cache unavailable" in r.getMessage() for r in caplog.records) == 1
    assert cache.breaker.is_open
    cache.breaker.reset()


def test_the_cache_works_normally_with_redis_up() -> None:
    import os

    cache = ResilientRedisCache(os.environ["REDIS_URL"], {"KEY_PREFIX": "resilient-test"})
    cache.set("k", {"v": 1}, 30)
    assert cache.get("k") == {"v": 1}
    assert cache.add("k", 2) is False
    cache.delete("k")
