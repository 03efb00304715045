"""The production settings check every environment variable at start: a missing or
malformed one stops the process with one German message naming it, never with a
KeyError or ValueError traceback from deep inside the settings, and never silently."""

from __future__ import annotations

import subprocess
import sys

import pytest

from .procs import ROOT, production_env

IMPORT = "import ikz_portal.settings.production"


def start(**changes: str | None) -> subprocess.CompletedProcess[str]:
    """Import the production settings in a fresh process; None removes a variable."""
    env = production_env("ikz")
    for name, value in changes.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return subprocess.run(
        [sys.executable, "-c", IMPORT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


def refused(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode != 0
    last = result.stderr.strip().splitlines()
    message = result.stderr[result.stderr.index("ImproperlyConfigured: ") :]
    # The error is ours, not a parser's: no KeyError/ValueError anywhere in the traceback.
    assert "KeyError" not in result.stderr and "ValueError" not in result.stderr, result.stderr
    assert last and "Umgebungsvariablen" in message
    return message


def test_the_test_environment_itself_starts() -> None:
    result = start()
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("ALLOWED_HOSTS", None, "ALLOWED_HOSTS fehlt"),
        ("ALLOWED_HOSTS", "*", "ALLOWED_HOSTS darf kein „*“ enthalten"),
        ("ALLOWED_HOSTS", "portal.test,*", "ALLOWED_HOSTS darf kein „*“ enthalten"),
        ("ALLOWED_HOSTS", "https://portal.test", "ALLOWED_HOSTS enthält „https://portal.test“"),
        ("DATABASE_URL", "notaurl", "DATABASE_URL ist keine gültige Adresse"),
        ("DATABASE_URL", "sqlite:////tmp/x.sqlite3", "DATABASE_URL muss mit postgres://"),
        ("DATABASE_URL", "mysql://u:geheim@db/ikz", "DATABASE_URL muss mit postgres://"),
        ("DATABASE_URL", "postgres://u:geheim@db:abc/ikz", "DATABASE_URL hat keinen gültigen Port"),
        ("DATABASE_URL", "postgres://u:geheim@db:5432/", "DATABASE_URL nennt keine Datenbank"),
        ("REDIS_URL", "x", "REDIS_URL ist keine gültige Adresse"),
        ("REDIS_URL", "memcached://cache:11211", "REDIS_URL muss mit redis:// oder rediss://"),
        ("REDIS_URL", None, "REDIS_URL fehlt"),
        ("CELERY_BROKER_URL", "redis://", "CELERY_BROKER_URL nennt keinen Server"),
        ("EMAIL_URL", "consolemail://", "EMAIL_URL muss mit smtp:// oder smtp+tls://"),
        ("EMAIL_URL", "smtp://", "EMAIL_URL nennt keinen Server"),
        ("EMAIL_URL", "smtp://mail:25x", "EMAIL_URL hat keinen gültigen Port"),
        ("SESSION_COOKIE_AGE", "acht Stunden", "SESSION_COOKIE_AGE muss eine ganze Zahl"),
        ("SESSION_COOKIE_AGE", "²", "SESSION_COOKIE_AGE muss eine ganze Zahl"),
        ("SESSION_COOKIE_AGE", "999999", "SESSION_COOKIE_AGE muss zwischen 300 und 28800 liegen"),
        ("CONN_MAX_AGE", "-1", "CONN_MAX_AGE muss eine ganze Zahl"),
        ("IKZ_MAX_UPLOAD_BYTES", "20 MB", "IKZ_MAX_UPLOAD_BYTES muss eine ganze Zahl"),
        ("SECURE_HSTS_SECONDS", "1e9", "SECURE_HSTS_SECONDS muss eine ganze Zahl"),
        ("BEHIND_TLS_PROXY", "vielleicht", "BEHIND_TLS_PROXY muss True oder False sein"),
        ("DEBUG", "True", "DEBUG=True ist in Produktion nicht erlaubt"),
        ("SITE_URL", None, "SITE_URL fehlt"),
        ("SITE_URL", "http://portal.test", "SITE_URL muss mit https:// beginnen"),
        ("CSRF_TRUSTED_ORIGINS", "portal.test", "CSRF_TRUSTED_ORIGINS enthält „portal.test“"),
        ("IKZ_OPERATOR_EMAIL", "ikz-at-example.de", "IKZ_OPERATOR_EMAIL enthält „ikz-at-example.de“"),
        ("IKZ_NOTIFY_EMAILS", "a@example.de,kaputt", "IKZ_NOTIFY_EMAILS enthält „kaputt“"),
        ("IKZ_LAND", "6", "IKZ_LAND muss der zweistellige Schlüssel"),
        ("LOG_LEVEL", "info", "LOG_LEVEL muss DEBUG, INFO"),
        ("MEDIA_STORAGE_OPTIONS", "{bucket: x}", "MEDIA_STORAGE_OPTIONS muss ein JSON-Objekt sein"),
        ("SECRET_KEY", "kurz", "SECRET_KEY fehlt oder ist kürzer als 50 Zeichen"),
    ],
)
def test_a_bad_variable_stops_the_start_with_a_german_message_naming_it(
    name: str, value: str | None, expected: str
) -> None:
    message = refused(start(**{name: value}))
    assert expected in message


def test_every_problem_is_named_at_once_and_no_password_is_shown() -> None:
    message = refused(
        start(
            DATABASE_URL="mysql://ikz:streng-geheim@db/ikz",
            ALLOWED_HOSTS="*",
            SESSION_COOKIE_AGE="x",
            EMAIL_URL="consolemail://",
        )
    )
    for name in ("DATABASE_URL", "ALLOWED_HOSTS", "SESSION_COOKIE_AGE", "EMAIL_URL"):
        assert f"- {name}" in message
    assert "streng-geheim" not in message
