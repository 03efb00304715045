"""Settings shared by every environment. Values come from the environment
(django-environ); README.md lists every variable."""

from __future__ import annotations

from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

# The Land whose IKZ office runs this portal: its two-digit AGS prefix.
IKZ_LAND = env("IKZ_LAND", default="06")

INSTALLED_APPS = [
    # The admin with the back office site (2FA, start page, triage): backoffice/site.py, desk/
    "backoffice.site.BackOfficeAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django_filters",
    "simple_history",
    "import_export",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "core",
    "accounts",
    "contacts",
    "cooperations",
    "funding",
    "budget_advice",
    # The advisers' start page and Eingang across the apps (handed to the admin site).
    "desk",
    "reports",
    # Issue 17: boundaries and maps; the read API and downloads.
    "geo",
    "opendata",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "knowledge",
    "events",
    # The demo and scale data generators (seed_demo, seed_scale); no app imports it.
    "demo",
    # Issue 16 part 2: the cost-sharing key of a case and its draft agreement.
    "agreements",
    # Issue 16, part 1: savings monitoring of funded cases (target against actual).
    "savings",
    # Issue 16, part 3: the dossier export of a case and of a year's closed cases.
    "dossier",
]

MIDDLEWARE = [
    # /healthz answers first (no host check, no HTTPS redirect); then every request gets an id.
    "core.middleware.HealthCheckMiddleware",
    "core.middleware.RequestIdMiddleware",
    # CORS for the open data only (CORS_URLS_REGEX), before anything that may answer.
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "core.middleware.GermanBackOfficeMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Every URL × role × method against the one matrix (accounts/permission_matrix.py),
    # before the view runs; after CSRF, the session user and the messages it may use.
    "accounts.middleware.PermissionMatrixMiddleware",
]

ROOT_URLCONF = "ikz_portal.urls"
WSGI_APPLICATION = "ikz_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.portal",
            ],
        },
    },
]

# Every form renders in KERN UX markup (templates/includes/_form.html, _field.html).
FORM_RENDERER = "core.form_rendering.KernFormRenderer"

# PostgreSQL only (full-text search, trigrams, covering indexes, COPY): the default is the
# project-local cluster that `make run` starts (scripts/services.sh).
DATABASES = {"default": env.db("DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/ikz")}
if DATABASES["default"].get("ENGINE") != "django.db.backends.postgresql":
    raise ImproperlyConfigured(
        "DATABASE_URL muss auf eine PostgreSQL-Datenbank zeigen (postgres://…); andere Datenbanken "
        "unterstützt das IKZ-Portal nicht."
    )
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# No JIT: with nationwide data every statistics query passed jit_above_cost and spent
# about 1.6 s compiling before it ran (EXPLAIN ANALYZE in `make bench`, README).
DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"

# django-allauth 65 (see REFERENCE.md §1.6)
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
# First and last name at sign-up (allauth's signup fields know no names).
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupNamesForm"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = True
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[IKZ-Portal] "
# Mails through the portal's Celery task; each role lands where its work is (accounts/adapter.py).
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key", "signup": "5/h/ip"}
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "IKZ-Portal"

LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("Deutsch")), ("en", _("Englisch"))]
# locale/: the portal's own texts, written in German in the code and collected by
# `make messages` (msgstr = msgid until somebody words one differently); a test keeps it
# complete. locale_overrides/: German for texts of Django, allauth and import-export that
# their catalogues lack or say with „du“ (searched after the portal's own).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_overrides"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # Self-hosted front-end packages from npm (scripts/bootstrap.sh): no CDN.
    ("kern", BASE_DIR / "node_modules" / "@kern-ux" / "native" / "dist"),
    ("htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
STORAGES = {
    # FileSystemStorage that removes the partial file of a failed write (core/storage.py).
    "default": {"BACKEND": "core.storage.SafeFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="IKZ-Portal <noreply@ikz-portal.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Who runs the portal: Impressum, Datenschutz and Erklärung zur Barrierefreiheit show it.
IKZ_OPERATOR = {
    "name": env("IKZ_OPERATOR_NAME", default="Kompetenzzentrum für Interkommunale Zusammenarbeit (KIKZ)"),
    # Lines separated by ";" (an environment variable has no line breaks).
    "address": "\n".join(
        line.strip() for line in env("IKZ_OPERATOR_ADDRESS", default="").split(";") if line.strip()
    ),
    "email": env("IKZ_OPERATOR_EMAIL", default="ikz@example.org"),
    "phone": env("IKZ_OPERATOR_PHONE", default=""),
    "representative": env("IKZ_OPERATOR_REPRESENTATIVE", default=""),
    "privacy_officer": env("IKZ_PRIVACY_OFFICER", default=""),
    # The Land's arbitration body for accessibility complaints (BITV 2.0 / BGG § 16).
    "arbitration": env(
        "IKZ_ARBITRATION",
        default="Schlichtungsstelle nach § 16 Behindertengleichstellungsgesetz, www.schlichtungsstelle-bgg.de",
    ),
}
# Who gets notices of new inquiries and questions (besides the advisers' accounts).
IKZ_NOTIFY_EMAILS = env.list("IKZ_NOTIFY_EMAILS", default=[])
# smtp://user:password@host:port (smtp+tls:// for STARTTLS); empty: mails go to the console.
EMAIL_URL = env("EMAIL_URL", default="")


def _mailer(url: str) -> dict:
    if not url:
        return {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
    cfg = environ.Env.email_url_config(url)
    return {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": cfg["EMAIL_HOST"],
            "port": cfg["EMAIL_PORT"],
            "username": cfg.get("EMAIL_HOST_USER") or "",
            "password": cfg.get("EMAIL_HOST_PASSWORD") or "",
            "use_tls": bool(cfg.get("EMAIL_USE_TLS")),
            "timeout": 10,
        },
    }


MAILERS = {"default": _mailer(EMAIL_URL)}

REDIS_URL = env("REDIS_URL", default="")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SILENCED_SYSTEM_CHECKS: list[str] = []
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)

# Celery (REFERENCE.md §2.1). Without a broker the tasks run in-process.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL or "memory://")
CELERY_TASK_ALWAYS_EAGER = env.bool(
    "CELERY_TASK_ALWAYS_EAGER", default=not (REDIS_URL or env("CELERY_BROKER_URL", default=""))
)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 600
CELERY_TASK_SOFT_TIME_LIMIT = 540
CELERY_WORKER_MAX_TASKS_PER_CHILD = 20
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": 3600,
    "socket_timeout": 5,
    "socket_connect_timeout": 3,
}
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 1,
}
# Publishing from a request after commit (core/publish.py): at most this long per
# task, then the sweep sends it; after a failure no attempt for the breaker's seconds.
IKZ_PUBLISH_TIMEOUT_SECONDS = env.float("IKZ_PUBLISH_TIMEOUT_SECONDS", default=0.5)
IKZ_PUBLISH_BREAKER_SECONDS = env.float("IKZ_PUBLISH_BREAKER_SECONDS", default=30.0)
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE: dict[str, dict] = {}
# Reports (reports/tasks.py): the sweep re-enqueues orders a Redis outage or a crash left
# behind; the previous year's statistics on 1 January, the running year's every month;
# the dashboard warmed after changes.
# Mail outbox (core/tasks.py): mails whose enqueue or delivery failed go out again.
IKZ_MAIL_OUTBOX_SWEEP_SECONDS = env.int("IKZ_MAIL_OUTBOX_SWEEP_SECONDS", default=60)
CELERY_BEAT_SCHEDULE["mail-outbox-sweep"] = {
    "task": "core.tasks.sweep_outbox",
    "schedule": float(IKZ_MAIL_OUTBOX_SWEEP_SECONDS),
}
# Media files no row references (core/orphans.py): listed daily; deleted only
# once the operator has read the list and sets IKZ_ORPHAN_FILES_DELETE=True.
IKZ_ORPHAN_FILES_DELETE = env.bool("IKZ_ORPHAN_FILES_DELETE", default=False)
IKZ_ORPHAN_MIN_AGE_HOURS = env.float("IKZ_ORPHAN_MIN_AGE_HOURS", default=24.0)
CELERY_BEAT_SCHEDULE["media-orphan-sweep"] = {
    "task": "core.tasks.sweep_orphan_files",
    "schedule": crontab(minute=15, hour=4),
}
# A report whose worker is gone (crash, recreated container with another node name) is
# taken back by the sweep once its lease ran out: the lease is renewed every third of it
# while rendering (reports/services.py LeaseHeartbeat), so at most lease + sweep ≈ 2 min.
REPORTS_LEASE_SECONDS = env.int("REPORTS_LEASE_SECONDS", default=60)
IKZ_REPORTS_SWEEP_SECONDS = env.int("IKZ_REPORTS_SWEEP_SECONDS", default=60)
CELERY_BEAT_SCHEDULE["reports-sweep"] = {
    "task": "reports.tasks.sweep_reports",
    "schedule": float(IKZ_REPORTS_SWEEP_SECONDS),
}
# The statistics dashboard rendered after a change (reports/dashboard.py): one look-up per
# minute while nothing changes, about a second of work after a change (nationwide data).
IKZ_DASHBOARD_WARM_SECONDS = env.int("IKZ_DASHBOARD_WARM_SECONDS", default=60)
CELERY_BEAT_SCHEDULE["reports-dashboard-warm"] = {
    "task": "reports.tasks.warm_dashboard",
    "schedule": float(IKZ_DASHBOARD_WARM_SECONDS),
    # A late run is worthless: the next one comes in a minute.
    "options": {"expires": float(IKZ_DASHBOARD_WARM_SECONDS)},
}
CELERY_BEAT_SCHEDULE["reports-annual"] = {
    "task": "reports.tasks.order_scheduled_report",
    "schedule": crontab(minute=0, hour=3, day_of_month=1, month_of_year=1),
    "kwargs": {"which": "previous"},
}
CELERY_BEAT_SCHEDULE["reports-monthly"] = {
    "task": "reports.tasks.order_scheduled_report",
    "schedule": crontab(minute=30, hour=3, day_of_month=1, month_of_year="2-12"),
    "kwargs": {"which": "current"},
}
# Events (events/tasks.py): the reminder the day before, at 9:00; registrations of events
# past IKZ_EVENT_RETENTION_MONTHS months deleted every night (GDPR), the counts kept.
IKZ_EVENT_RETENTION_MONTHS = env.int("IKZ_EVENT_RETENTION_MONTHS", default=6)
CELERY_BEAT_SCHEDULE["events-reminders"] = {
    "task": "events.tasks.send_event_reminders",
    "schedule": crontab(minute=0, hour=9),
}
CELERY_BEAT_SCHEDULE["events-purge"] = {
    "task": "events.tasks.purge_event_registrations",
    "schedule": crontab(minute=15, hour=3),
}
# Proofs of use overdue (funding/tasks.py): the lead municipality reminded at 8:00, again
# every IKZ_PROOF_REMINDER_DAYS days while the proof is missing.
IKZ_PROOF_REMINDER_DAYS = env.int("IKZ_PROOF_REMINDER_DAYS", default=14)
CELERY_BEAT_SCHEDULE["funding-proof-reminders"] = {
    "task": "funding.tasks.remind_overdue_proofs",
    "schedule": crontab(minute=0, hour=8),
}
# Savings monitoring (savings/tasks.py): daily at 8:00 the reminder for last year's report,
# once when due (from 1 January) and once when overdue (after 31 March); a rerun sends nothing twice.
CELERY_BEAT_SCHEDULE["savings-reminders"] = {
    "task": "savings.tasks.send_savings_reminders",
    "schedule": crontab(minute=0, hour=8),
}
# Dossier exports of a year (dossier/services.py): a row whose worker sent no sign of life
# for DOSSIER_STALE_AFTER_SECONDS (one case takes seconds) is started again by the sweep.
DOSSIER_STALE_AFTER_SECONDS = env.int("DOSSIER_STALE_AFTER_SECONDS", default=300)
CELERY_BEAT_SCHEDULE["dossier-sweep"] = {
    "task": "dossier.tasks.sweep_dossier_exports",
    "schedule": 300.0,
}

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# Open data (issue 17, opendata/): a public, read-only API. No authentication (so no
# session look-up and no CSRF), JSON only, one rate limit per client on the shared cache.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_THROTTLE_CLASSES": ["opendata.throttling.ClientRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"opendata": env("IKZ_API_RATE", default="120/min")},
    "NUM_PROXIES": env.int("TRUSTED_PROXY_COUNT", default=0),
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "COERCE_DECIMAL_TO_STRING": True,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "IKZ-Portal – Offene Daten",
    "DESCRIPTION": (
        "Lesende Schnittstelle des IKZ-Portals: veröffentlichte Kooperationen (Kooperationsatlas), "
        "Förderprogramme des Förderlotsen mit ihren Facetten, Kommunen und die Förderstatistik. "
        "Ohne personenbezogene Daten. Lizenz: Datenlizenz Deutschland – Namensnennung – 2.0."
    ),
    "VERSION": "1",
    "LICENSE": {"name": "dl-de/by-2-0", "url": "https://www.govdata.de/dl-de/by-2-0"},
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    # Swagger UI from the drf-spectacular-sidecar package: self-hosted, no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SWAGGER_UI_SETTINGS": {"validatorUrl": None, "deepLinking": True, "defaultModelsExpandDepth": 0},
}
CORS_URLS_REGEX = r"^/(api|opendata)/"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS")
CORS_ALLOW_CREDENTIALS = False
CORS_EXPOSE_HEADERS = ("ETag", "Last-Modified", "Retry-After", "Link")

DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FILES = 10
# Largest document a user may upload, in bytes.
IKZ_MAX_UPLOAD_BYTES = env.int("IKZ_MAX_UPLOAD_BYTES", default=20 * 1024 * 1024)
# Staff must have a second factor (TOTP/WebAuthn) to use the back office.
IKZ_REQUIRE_STAFF_2FA = env.bool("IKZ_REQUIRE_STAFF_2FA", default=True)
# django-import-export asks for these model permissions too; the same codes stand in
# accounts/permission_matrix.py (EXPORT_/IMPORT_PERMISSION_CODE), which refuses first.
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "change"
# The admin shows the history of a record but never restores an old version from it.
SIMPLE_HISTORY_REVERT_DISABLED = True
# Years after a case closed before its people are anonymised by `apply_retention`.
IKZ_RETENTION_YEARS = env.int("IKZ_RETENTION_YEARS", default=10)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"client_errors": {"()": "core.logging.ClientErrorWithoutTraceback"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["client_errors"]}
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
