"""Settings for pytest: PostgreSQL and Redis started by scripts/test.sh."""

import os
from pathlib import Path

from .base import *  # noqa: F403
from .base import CELERY_BROKER_URL, DATABASES, env

if "DATABASE_URL" not in os.environ:
    raise RuntimeError("Tests laufen gegen PostgreSQL: bitte `make test` benutzen (setzt DATABASE_URL).")

DEBUG = False
SECRET_KEY = "test-key-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJ"
DATABASES["default"]["CONN_MAX_AGE"] = 0
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Rate limits must see a real cache; LocMem per test process is enough and isolated.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Tests enqueue to the real Redis only where they say so (a worker fixture);
# everywhere else tasks run eagerly so their effect is visible at once.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
CELERY_BROKER_URL = CELERY_BROKER_URL
MEDIA_ROOT = Path(env("MEDIA_ROOT", default="/tmp/ikz-test-media"))  # noqa: S108
STORAGES = {
    "default": {"BACKEND": "core.storage.SafeFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Off for tests that only use the admin; tests/backoffice switch it on and give staff a TOTP.
IKZ_REQUIRE_STAFF_2FA = env.bool("IKZ_REQUIRE_STAFF_2FA", default=False)
