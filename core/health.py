"""/healthz for the orchestrator: 200 when PostgreSQL and Redis answer, 503 otherwise.

No template, no session, no user: it must answer quickly while parts are down.
"""

from __future__ import annotations

import logging

import redis
from django.conf import settings
from django.db import connections
from django.http import HttpRequest, JsonResponse

logger = logging.getLogger("core.health")
TIMEOUT_SECONDS = 2


def _redis_url() -> str:
    broker = getattr(settings, "CELERY_BROKER_URL", "")
    return settings.REDIS_URL or (broker if broker.startswith("redis") else "")


def check_database() -> str:
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as exc:
        logger.warning("health: database down", extra={"error": type(exc).__name__})
        # Drop the broken connection now, so the next request opens a fresh one.
        connections["default"].close_if_unusable_or_obsolete()
        return "down"
    return "ok"


def check_redis() -> str:
    url = _redis_url()
    if not url:
        return "not configured"  # the local default runs without Redis
    client = redis.Redis.from_url(url, socket_timeout=TIMEOUT_SECONDS, socket_connect_timeout=TIMEOUT_SECONDS)
    try:
        client.ping()
    except Exception as exc:
        logger.warning("health: redis down", extra={"error": type(exc).__name__})
        return "down"
    finally:
        client.close()
    return "ok"


def healthz(request: HttpRequest) -> JsonResponse:
    checks = {"database": check_database(), "redis": check_redis()}
    healthy = all(v != "down" for v in checks.values())
    response = JsonResponse({"status": "ok" if healthy else "down", **checks}, status=200 if healthy else 503)
    response["Cache-Control"] = "no-store"
    return response
