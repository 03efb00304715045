"""The production settings: `check --deploy` is clean, missing variables fail loudly,
and the hardening reaches the browser (CSP, HSTS, secure cookies, session age)."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from .procs import ROOT, Client, production_env, set_production_password, start_gunicorn

pytestmark = pytest.mark.django_db(transaction=True)


def _manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def _test_db() -> str:
    from django.db import connection

    return str(connection.settings_dict["NAME"])


def test_deploy_check_prints_no_warning_with_production_settings() -> None:
    result = _manage(production_env(_test_db()), "check", "--deploy", "--fail-level", "WARNING")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues" in output
    assert "WARNING" not in output and "?:" not in output


def test_deploy_check_fails_for_a_console_mailer_and_debug() -> None:
    # The check itself must be able to fail, or the test above proves nothing.
    env = production_env(_test_db())
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='ikz_portal.settings.production';"
        "from django.conf import settings; django.setup();"
        "from django.core.management import call_command;"
        "settings.MAILERS={'default': {'BACKEND': 'django.core.mail.backends.console.EmailBackend'}};"
        "settings.SESSION_COOKIE_SECURE=False;"
        "call_command('check', deploy=True, fail_level='WARNING')"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "security.W012" in result.stderr + result.stdout
    assert "mail.E001" in result.stderr + result.stdout


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("SECRET_KEY", "SECRET_KEY fehlt"),
        ("DATABASE_URL", "DATABASE_URL fehlt"),
        ("REDIS_URL", "REDIS_URL fehlt"),
        ("EMAIL_URL", "EMAIL_URL fehlt"),
        ("IKZ_OPERATOR_ADDRESS", "IKZ_OPERATOR_ADDRESS fehlt"),
        ("IKZ_OPERATOR_EMAIL", "IKZ_OPERATOR_EMAIL fehlt"),
    ],
)
def test_production_refuses_to_start_without_a_required_variable(missing: str, message: str) -> None:
    env = production_env(_test_db())
    env.pop(missing)
    result = _manage(env, "check")
    assert result.returncode != 0
    assert message in result.stderr


def test_production_refuses_sqlite() -> None:
    result = _manage(production_env(_test_db(), DATABASE_URL="sqlite:////tmp/x.sqlite3"), "check")
    assert result.returncode != 0
    assert "PostgreSQL" in result.stderr


def test_gunicorn_serves_pages_with_enforced_csp_hsts_and_secure_cookies() -> None:
    server = start_gunicorn(production_env(_test_db()), name="headers", workers=1, threads=2)
    try:
        client = Client(server.url)
        page = client.get("/konto/login/")
        assert page.status == 200, page.body[:2000]
        csp = page.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "style-src 'self'" in csp
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        assert "frame-ancestors 'none'" in csp
        assert page.headers["strict-transport-security"].startswith("max-age=3600; includeSubDomains")
        assert page.headers["x-content-type-options"] == "nosniff"
        assert page.headers["x-frame-options"] == "DENY"
        assert page.headers["referrer-policy"] == "same-origin"
        assert len(page.headers["x-request-id"]) == 32
        csrf = next(c for c in page.set_cookies if c.startswith("csrftoken="))
        assert "Secure" in csrf
        # Plain HTTP (no proxy header) is redirected to HTTPS.
        plain = Client(server.url).get("/", **{"X-Forwarded-Proto": "http"})
        assert plain.status == 301
        assert plain.headers["location"].startswith("https://")
        # A host that is not ours is refused with our 400 page, not Django's.
        bad_host = Client(server.url).get("/", Host="evil.example")
        assert bad_host.status == 400
        assert "Ungültige Anfrage" in bad_host.body
    finally:
        server.stop()


def test_the_session_of_a_login_is_secure_httponly_and_ends_after_eight_hours(anna: object) -> None:
    from allauth.account.models import EmailAddress

    from tests.conftest import PASSWORD

    set_production_password(anna, PASSWORD)
    EmailAddress.objects.update_or_create(
        email="anna@kassel.de", defaults={"user": anna, "verified": True, "primary": True}
    )
    server = start_gunicorn(production_env(_test_db()), name="login", workers=1, threads=2)
    try:
        client = Client(server.url)
        client.get("/konto/login/")
        answer = client.post("/konto/login/", {"login": "anna@kassel.de", "password": PASSWORD})
        assert answer.status == 302, answer.body[:3000]
        session = next(c for c in answer.set_cookies if c.startswith("sessionid="))
        assert "Secure" in session and "HttpOnly" in session and "SameSite=Lax" in session
        # A browser-session cookie (ACCOUNT_SESSION_REMEMBER=False) whose server side ends after 8 hours.
        assert "Max-Age" not in session and "expires" not in session.lower()
        key = client.cookies["sessionid"]
        lifetime = Session.objects.get(session_key=key).expire_date - timezone.now()
        assert timedelta(hours=7, minutes=55) < lifetime <= timedelta(hours=8)
    finally:
        server.stop()


def _setting(env: dict[str, str], expression: str) -> str:
    code = f"import django; django.setup(); from django.conf import settings; print(repr({expression}))"
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout.strip()


def test_the_proxy_ssl_header_is_trusted_only_when_configured() -> None:
    env = production_env(_test_db())
    env.pop("BEHIND_TLS_PROXY")
    assert _setting(env, "getattr(settings, 'SECURE_PROXY_SSL_HEADER', None)") == "None"
    env["BEHIND_TLS_PROXY"] = "True"
    assert _setting(env, "settings.SECURE_PROXY_SSL_HEADER") == "('HTTP_X_FORWARDED_PROTO', 'https')"


def test_media_can_move_to_s3_compatible_storage_by_environment_alone() -> None:
    env = production_env(
        _test_db(),
        MEDIA_STORAGE_BACKEND="storages.backends.s3.S3Storage",
        MEDIA_STORAGE_OPTIONS='{"bucket_name": "ikz-media", "endpoint_url": "https://s3.example.de"}',
    )
    assert _setting(env, "settings.STORAGES['default']") == (
        "{'BACKEND': 'storages.backends.s3.S3Storage', "
        "'OPTIONS': {'bucket_name': 'ikz-media', 'endpoint_url': 'https://s3.example.de'}}"
    )
    assert "CompressedManifestStaticFilesStorage" in _setting(
        env, "settings.STORAGES['staticfiles']['BACKEND']"
    )
    assert _setting(env, "settings.CACHES['default']['BACKEND']") == "'core.cache.ResilientRedisCache'"
    assert _setting(env, "settings.SESSION_COOKIE_AGE") == "28800"
