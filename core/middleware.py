"""Production middleware: health check ahead of everything, request ids and access log."""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from .logging import request_id_var

access_log = logging.getLogger("ikz_portal.request")
# An id from the proxy is kept when it looks like one; anything else is replaced.
_VALID_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
HEALTH_PATH = "/healthz"


class HealthCheckMiddleware:
    """Answers /healthz before host validation and the HTTPS redirect, so the
    orchestrator can ask `http://127.0.0.1:8000/healthz` inside the container."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info == HEALTH_PATH and request.method in ("GET", "HEAD"):
            from .health import healthz

            return healthz(request)
        return self.get_response(request)


class RequestIdMiddleware:
    """Gives each request an id (X-Request-ID), logs one JSON access line per request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        rid = incoming if _VALID_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = rid  # type: ignore[attr-defined]
        token = request_id_var.set(rid)
        start = time.monotonic()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = rid
            user = getattr(request, "user", None)
            # `_wrapped` check: never force a lazy user (and a database query) just to log it.
            user_id = getattr(getattr(user, "_wrapped", None), "pk", None)
            access_log.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "request_id": rid,
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.monotonic() - start) * 1000, 1),
                    "user_id": user_id,
                },
            )
            return response
        finally:
            request_id_var.reset(token)


class GermanBackOfficeMiddleware:
    """The back office is German whatever the browser asks for: after LocaleMiddleware
    picked English from Accept-Language, half the admin read „Change Kooperation“ and
    „LOG OUT“ beside the German field names (issue #14)."""

    prefix = "/admin/"

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(self.prefix):
            translation.activate(settings.LANGUAGE_CODE)
            request.LANGUAGE_CODE = settings.LANGUAGE_CODE  # type: ignore[attr-defined]
        return self.get_response(request)
