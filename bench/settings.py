"""Settings for `make bench`: the production code path (DEBUG off, cached template
loader, Redis cache, persistent connections) against the throw-away PostgreSQL and
Redis of scripts/bench.sh, without the HTTPS redirect that would turn every
in-process request into a 301."""

from __future__ import annotations

import os
import warnings
from pathlib import Path
from typing import Any

from ikz_portal.settings.base import *  # noqa: F403
from ikz_portal.settings.base import LOGGING

if "DATABASE_URL" not in os.environ:
    raise RuntimeError(
        "Die Messung läuft gegen PostgreSQL: bitte `make bench` benutzen (setzt DATABASE_URL)."
    )

DEBUG = False
SECRET_KEY = "bench-key-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJKLMN"  # noqa: S105 - throw-away
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
# Background jobs are measured in their own process (bench/worker.py), never on a page.
CELERY_TASK_ALWAYS_EAGER = True
# One access-log line per request would measure the terminal, not the portal.
_base_logging: dict[str, Any] = dict(LOGGING)
LOGGING = {
    **_base_logging,
    "root": {**_base_logging.get("root", {}), "level": "WARNING"},
    "loggers": {name: {**cfg, "level": "WARNING"} for name, cfg in _base_logging.get("loggers", {}).items()},
}
# WhiteNoise warns once per process when `collectstatic` has not run; pages do not need it here.
warnings.filterwarnings("ignore", message="No directory at")
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", "/tmp/ikz-bench-media"))  # noqa: S108
# The read API's per-client limit (issue 17) still runs – one cache round trip per request –
# but the bench's thousands of requests from one address must not be refused.
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"opendata": "1000000/min"}}  # noqa: F405
