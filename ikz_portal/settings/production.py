"""Production: PostgreSQL, Redis, SMTP; refuses to start with a German message naming
every missing or malformed variable (environment.py).

`python manage.py check --deploy` with these settings prints no warning (tests/production).
Every variable read here is listed in README.md and `.env.example`.
"""

import os
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

from .environment import check_production_environment

# Every variable is checked before base.py parses any of them (see environment.py);
# .env is read first, as base.py would.
environ.Env.read_env(Path(__file__).resolve().parent.parent.parent / ".env", overwrite=False)
check_production_environment(os.environ)

from .base import *  # noqa: E402, F403
from .base import BASE_DIR, LOGGING, REDIS_URL, SECURE_CSP, SILENCED_SYSTEM_CHECKS, env  # noqa: E402

DEBUG = False
SECRET_KEY = env("SECRET_KEY")
SECRET_KEY_FALLBACKS = env.list("SECRET_KEY_FALLBACKS", default=[])
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")

# --- Database: PostgreSQL only (SQLite is the local default, never production) -----
DATABASES = {"default": env.db_url_config(env("DATABASE_URL"))}
# Persistent connections, checked once per request: a restarted PostgreSQL costs at most
# one failed request per worker thread, never a restart of gunicorn (tests/faults).
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = env.int("DB_CONNECT_TIMEOUT", default=5)

# --- Redis: cache (allauth rate limits, sessions) and Celery broker -----------------
CACHES = {
    "default": {
        # A Redis outage must not turn every page into a 500: see core/cache.py.
        "BACKEND": "core.cache.ResilientRedisCache",
        "LOCATION": REDIS_URL,
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        "KEY_PREFIX": "ikz",
    }
}
CELERY_TASK_ALWAYS_EAGER = False

# --- Mail: SMTP only (mail.E001 rejects console/locmem/file backends) ---------------
# (environment.py lets only smtp:// and smtp+tls:// with a host through.)

# --- Impressum (§ 5 DDG): base.py reads IKZ_OPERATOR; environment.py requires address and e-mail.

# --- Files -------------------------------------------------------------------------
# Media on the local disk (a volume) by default; S3-compatible storage without code
# changes: MEDIA_STORAGE_BACKEND=storages.backends.s3.S3Storage plus
# MEDIA_STORAGE_OPTIONS='{"bucket_name": "…", "endpoint_url": "https://…"}' (README).
_media: dict = {"BACKEND": env("MEDIA_STORAGE_BACKEND", default="core.storage.SafeFileSystemStorage")}
_media_options = env.json("MEDIA_STORAGE_OPTIONS", default={})
if _media_options:
    _media["OPTIONS"] = _media_options
STATIC_ROOT = env.path("STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
STORAGES = {
    "default": _media,
    # WhiteNoise's compressed manifest storage, compressing each distinct content once.
    "staticfiles": {"BACKEND": "core.static_storage.CompressedManifestStaticFilesStorage"},
}
FILE_UPLOAD_PERMISSIONS = 0o640
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o750

# --- HTTPS, cookies, headers --------------------------------------------------------
if env.bool("BEHIND_TLS_PROXY", default=False):
    # Only when the proxy always sets or strips X-Forwarded-Proto.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
# The orchestrator asks /healthz over plain HTTP inside the network (see middleware).
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "core.errors.csrf_failure"
# 8 hours at most, also for staff (ASVS v5.0.0-7.3.2); an idle session ends with the browser.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)

# The enforced policy of base.py; production never weakens it.
for _sources in SECURE_CSP.values():
    if "unsafe" in str(_sources):
        raise ImproperlyConfigured("SECURE_CSP darf kein 'unsafe-inline'/'unsafe-eval' enthalten.")

if not SECURE_HSTS_PRELOAD:
    # W021 asks for the preload flag. Preloading binds the whole registrable domain
    # (e.g. hessen.de) for years: the Land's web office decides, then sets
    # SECURE_HSTS_PRELOAD=True and SECURE_HSTS_SECONDS=31536000.
    SILENCED_SYSTEM_CHECKS.append("security.W021")

# --- Logs: JSON lines on stdout with the request id (core/logging.py) ---------
LOGGING = {
    **LOGGING,
    "filters": {
        "request_id": {"()": "core.logging.RequestIdFilter"},
        "client_errors": {"()": "core.logging.ClientErrorWithoutTraceback"},
    },
    "formatters": {"json": {"()": "core.logging.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
            "filters": ["request_id", "client_errors"],
        }
    },
}
