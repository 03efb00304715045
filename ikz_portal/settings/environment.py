"""Checks of the production environment, run before any setting is read.

Not a settings module: `production.py` calls `check_production_environment()` before it
imports `base.py`, because base parses numbers and URLs with django-environ, which
answers a typo with a `ValueError` or `KeyError` traceback (or silently accepts
`ALLOWED_HOSTS=*`, `EMAIL_URL=consolemail://`, `REDIS_URL=x`). Here every variable is
checked at once and every problem is named in German, without echoing secrets."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from email.utils import parseaddr
from urllib.parse import SplitResult, urlsplit

from django.core.exceptions import ImproperlyConfigured

from core.land import LAENDER

HEADLINE = "Die Produktionseinstellungen sind unvollständig oder fehlerhaft (Umgebungsvariablen):"
MISSING = "{name} fehlt: {hint}"
NOT_A_NUMBER = "{name} muss eine ganze Zahl (nur Ziffern 0–9) sein, nicht „{value}“."
OUT_OF_RANGE = "{name} muss zwischen {low} und {high} liegen, nicht {value}{unit}."
NOT_A_BOOL = "{name} muss True oder False sein, nicht „{value}“."
BAD_URL = "{name} ist keine gültige Adresse der Form {example}."
BAD_SCHEME = "{name} muss mit {schemes} beginnen (gefunden: „{scheme}“). Beispiel: {example}"
NO_HOST = "{name} nennt keinen Server. Beispiel: {example}"
BAD_PORT = "{name} hat keinen gültigen Port. Beispiel: {example}"
NO_DATABASE = "{name} nennt keine Datenbank. Beispiel: {example}"
SECRET_TOO_SHORT = "SECRET_KEY fehlt oder ist kürzer als 50 Zeichen (Umgebungsvariable SECRET_KEY)."  # noqa: S105
FALLBACK_TOO_SHORT = "SECRET_KEY_FALLBACKS: jeder alte Schlüssel muss mindestens 50 Zeichen lang sein."
HOSTS_WILDCARD = (
    "ALLOWED_HOSTS darf kein „*“ enthalten: Nennen Sie die Hostnamen des Portals, z. B. ikz.example.de "
    "(sonst beantwortet das Portal Anfragen für jeden fremden Host)."
)
HOSTS_NOT_A_HOST = (
    "ALLOWED_HOSTS enthält „{value}“: Bitte nur Hostnamen ohne https:// und ohne Pfad angeben, "
    "mit Komma getrennt, z. B. ikz.example.de,www.ikz.example.de."
)
ORIGIN_BAD = "CSRF_TRUSTED_ORIGINS enthält „{value}“: Jeder Eintrag braucht Schema und Host, z. B. https://ikz.example.de."
SITE_URL_NOT_HTTPS = "SITE_URL muss mit https:// beginnen (Links in E-Mails), nicht „{value}“."
BAD_EMAIL = "{name} enthält „{value}“, das ist keine E-Mail-Adresse."
BAD_LAND = "IKZ_LAND muss der zweistellige Schlüssel eines Landes sein (01–16, Hessen 06), nicht „{value}“."
BAD_LOG_LEVEL = "LOG_LEVEL muss DEBUG, INFO, WARNING, ERROR oder CRITICAL sein, nicht „{value}“."
DEBUG_ON = "DEBUG=True ist in Produktion nicht erlaubt (Fehlerseiten würden Einstellungen und Daten zeigen)."
BAD_JSON = 'MEDIA_STORAGE_OPTIONS muss ein JSON-Objekt sein, z. B. {{"bucket_name": "ikz-media"}}.'
BAD_BACKEND = "MEDIA_STORAGE_BACKEND muss ein Python-Pfad sein, z. B. storages.backends.s3.S3Storage."
NOT_ABSOLUTE = "{name} muss ein absoluter Pfad sein (beginnend mit /), nicht „{value}“."

# django-environ reads exactly these as true; anything else silently as false.
TRUE = {"true", "on", "ok", "y", "yes", "1"}
FALSE = {"false", "off", "n", "no", "0"}
DIGITS = re.compile(r"[0-9]+")
HOST = re.compile(r"\.?[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:[0-9]+)?|\[[0-9A-Fa-f:.]+\](:[0-9]+)?")
DOTTED = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)+")

DATABASE_EXAMPLE = "postgres://benutzer:passwort@host:5432/ikz (nur PostgreSQL)"
REDIS_EXAMPLE = "redis://redis:6379/0"
EMAIL_EXAMPLE = "smtp://host:25 oder smtp+tls://benutzer:passwort@host:587"

# name → (lowest, highest, unit shown in the message)
NUMBERS: dict[str, tuple[int, int, str]] = {
    "CONN_MAX_AGE": (0, 86_400, " Sekunden"),
    "DB_CONNECT_TIMEOUT": (1, 600, " Sekunden"),
    "TRUSTED_PROXY_COUNT": (0, 10, ""),
    # ASVS v5.0.0-7.3.2: a session ends after 8 hours at most.
    "SESSION_COOKIE_AGE": (300, 8 * 3600, " Sekunden"),
    "SECURE_HSTS_SECONDS": (0, 2 * 365 * 86_400, " Sekunden"),
    "IKZ_MAX_UPLOAD_BYTES": (1024, 1024**3, " Byte"),
    "IKZ_RETENTION_YEARS": (1, 100, " Jahre"),
    "IKZ_MAIL_OUTBOX_SWEEP_SECONDS": (5, 86_400, " Sekunden"),
    "IKZ_DASHBOARD_WARM_SECONDS": (5, 86_400, " Sekunden"),
}
BOOLEANS = (
    "DEBUG",
    "BEHIND_TLS_PROXY",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_PRELOAD",
    "IKZ_REQUIRE_STAFF_2FA",
    "CELERY_TASK_ALWAYS_EAGER",
)


def _url(
    name: str, value: str, schemes: tuple[str, ...], example: str, problems: list[str]
) -> SplitResult | None:
    """The parsed URL, or None after naming the problem. Never echoes the value: it may hold a password."""
    try:
        url = urlsplit(value)
    except ValueError:
        problems.append(BAD_URL.format(name=name, example=example))
        return None
    if not url.scheme or "://" not in value:
        problems.append(BAD_URL.format(name=name, example=example))
        return None
    if url.scheme.lower() not in schemes:
        shown = " oder ".join(f"{s}://" for s in schemes)
        problems.append(BAD_SCHEME.format(name=name, schemes=shown, scheme=url.scheme, example=example))
        return None
    try:
        url.port  # noqa: B018 - parsing the port is the check
    except ValueError:
        problems.append(BAD_PORT.format(name=name, example=example))
        return None
    return url


def _check_urls(env: Mapping[str, str], problems: list[str]) -> None:
    database = env.get("DATABASE_URL", "")
    if not database:
        problems.append(MISSING.format(name="DATABASE_URL", hint=DATABASE_EXAMPLE))
    elif (
        url := _url("DATABASE_URL", database, ("postgres", "postgresql", "pgsql"), DATABASE_EXAMPLE, problems)
    ) and not url.path.strip("/"):
        # A PostgreSQL URL only (the scheme check): SQLite is the local default, never production.
        problems.append(NO_DATABASE.format(name="DATABASE_URL", example=DATABASE_EXAMPLE))

    redis = env.get("REDIS_URL", "")
    if not redis:
        problems.append(
            MISSING.format(
                name="REDIS_URL", hint=f"{REDIS_EXAMPLE} – Cache, Anmelde-Sperren und Celery brauchen Redis."
            )
        )
    elif (url := _url("REDIS_URL", redis, ("redis", "rediss"), REDIS_EXAMPLE, problems)) and not url.hostname:
        problems.append(NO_HOST.format(name="REDIS_URL", example=REDIS_EXAMPLE))
    broker = env.get("CELERY_BROKER_URL", "")
    if (
        broker
        and (url := _url("CELERY_BROKER_URL", broker, ("redis", "rediss"), REDIS_EXAMPLE, problems))
        and not url.hostname
    ):
        problems.append(NO_HOST.format(name="CELERY_BROKER_URL", example=REDIS_EXAMPLE))

    # SMTP only: base.py turns any EMAIL_URL into the SMTP backend, so consolemail:// would
    # "send" to a server without a name. smtps:// is not offered: base.py sets no SSL.
    email = env.get("EMAIL_URL", "")
    if not email:
        problems.append(MISSING.format(name="EMAIL_URL", hint=EMAIL_EXAMPLE))
    elif (
        url := _url("EMAIL_URL", email, ("smtp", "smtp+tls"), EMAIL_EXAMPLE, problems)
    ) and not url.hostname:
        problems.append(NO_HOST.format(name="EMAIL_URL", example=EMAIL_EXAMPLE))


def _check_hosts(env: Mapping[str, str], problems: list[str]) -> None:
    hosts = [h.strip() for h in env.get("ALLOWED_HOSTS", "").split(",") if h.strip()]
    if not hosts:
        problems.append(
            MISSING.format(name="ALLOWED_HOSTS", hint="die Hostnamen des Portals, z. B. ikz.example.de")
        )
    for host in hosts:
        if "*" in host:
            problems.append(HOSTS_WILDCARD)
        elif not HOST.fullmatch(host):
            problems.append(HOSTS_NOT_A_HOST.format(value=host))
    for origin in (o.strip() for o in env.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()):
        url = urlsplit(origin)
        if url.scheme not in {"http", "https"} or not url.netloc or url.path not in {"", "/"}:
            problems.append(ORIGIN_BAD.format(value=origin))
    site = env.get("SITE_URL", "")
    if not site:
        problems.append(
            MISSING.format(
                name="SITE_URL",
                hint="die Adresse des Portals für Links in E-Mails, z. B. https://ikz.example.de",
            )
        )
    elif urlsplit(site).scheme != "https" or not urlsplit(site).netloc:
        problems.append(SITE_URL_NOT_HTTPS.format(value=site))


def _check_numbers_and_flags(env: Mapping[str, str], problems: list[str]) -> None:
    for name, (low, high, unit) in NUMBERS.items():
        value = env.get(name, "").strip()
        if not value:
            continue
        if not DIGITS.fullmatch(value):
            problems.append(NOT_A_NUMBER.format(name=name, value=value))
        elif not low <= int(value) <= high:
            problems.append(OUT_OF_RANGE.format(name=name, low=low, high=high, value=int(value), unit=unit))
    for name in BOOLEANS:
        value = env.get(name, "").strip()
        if value and value.lower() not in TRUE | FALSE:
            problems.append(NOT_A_BOOL.format(name=name, value=value))
    if env.get("DEBUG", "").strip().lower() in TRUE:
        problems.append(DEBUG_ON)


def _check_the_rest(env: Mapping[str, str], problems: list[str]) -> None:
    secret = env.get("SECRET_KEY", "")
    if len(secret) < 50:
        problems.append(SECRET_TOO_SHORT)
    fallbacks = [k.strip() for k in env.get("SECRET_KEY_FALLBACKS", "").split(",") if k.strip()]
    if any(len(k) < 50 for k in fallbacks):
        problems.append(FALLBACK_TOO_SHORT)
    if not env.get("IKZ_OPERATOR_ADDRESS", "").strip():
        problems.append(
            MISSING.format(
                name="IKZ_OPERATOR_ADDRESS",
                hint="Postanschrift des Betreibers für das Impressum, Zeilen mit ; getrennt",
            )
        )
    operator = env.get("IKZ_OPERATOR_EMAIL", "").strip()
    if not operator:
        problems.append(
            MISSING.format(name="IKZ_OPERATOR_EMAIL", hint="E-Mail-Adresse des Betreibers für das Impressum")
        )

    def is_address(text: str) -> bool:
        address = parseaddr(text)[1]
        local, _, domain = address.rpartition("@")
        return bool(local and domain)

    emails: list[tuple[str, list[str]]] = [
        ("IKZ_OPERATOR_EMAIL", [operator] if operator else []),
        (
            "DEFAULT_FROM_EMAIL",
            [env.get("DEFAULT_FROM_EMAIL", "").strip()] if env.get("DEFAULT_FROM_EMAIL") else [],
        ),
        ("IKZ_NOTIFY_EMAILS", [e.strip() for e in env.get("IKZ_NOTIFY_EMAILS", "").split(",") if e.strip()]),
    ]
    for name, values in emails:
        problems += [BAD_EMAIL.format(name=name, value=v) for v in values if not is_address(v)]
    land = env.get("IKZ_LAND", "").strip()
    if land and land not in LAENDER:
        problems.append(BAD_LAND.format(value=land))
    level = env.get("LOG_LEVEL", "").strip()
    if level and level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
        problems.append(BAD_LOG_LEVEL.format(value=level))
    backend = env.get("MEDIA_STORAGE_BACKEND", "").strip()
    if backend and not DOTTED.fullmatch(backend):
        problems.append(BAD_BACKEND)
    options = env.get("MEDIA_STORAGE_OPTIONS", "").strip()
    if options:
        try:
            parsed = json.loads(options)
        except ValueError:
            parsed = None
        if not isinstance(parsed, dict):
            problems.append(BAD_JSON)
    for name in ("STATIC_ROOT", "MEDIA_ROOT"):
        path = env.get(name, "").strip()
        if path and not path.startswith("/"):
            problems.append(NOT_ABSOLUTE.format(name=name, value=path))


CHECKS: tuple[Callable[[Mapping[str, str], list[str]], None], ...] = (
    _check_the_rest,
    _check_hosts,
    _check_urls,
    _check_numbers_and_flags,
)


def production_problems(env: Mapping[str, str]) -> list[str]:
    problems: list[str] = []
    for check in CHECKS:
        check(env, problems)
    return problems


def check_production_environment(env: Mapping[str, str]) -> None:
    problems = production_problems(env)
    if problems:
        raise ImproperlyConfigured("\n".join([HEADLINE, *(f"- {p}" for p in problems)]))
