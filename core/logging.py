"""Logs as JSON lines on stdout, one object per line, each with the request id.

The request id comes from `RequestIdMiddleware` (core/middleware.py) through a
context variable, so every line logged while a request runs, in any module, carries
it. Values are JSON-encoded, so a user-supplied path or e-mail cannot forge extra
log lines (ASVS v5.0.0-16.4.1); times are UTC (16.2.2).
"""

from __future__ import annotations

import json
import logging
from contextvars import ContextVar
from datetime import UTC, datetime

request_id_var: ContextVar[str] = ContextVar("request_id", default="")

# Attributes every LogRecord has; anything else was passed with `extra=` and is logged.
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "request_id"}


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", ""):
            record.request_id = request_id_var.get()
        return True


class ClientErrorWithoutTraceback(logging.Filter):
    """A 4xx answer is the client's affair – a refused page, a malformed request – yet
    Django logs a refusal (PermissionDenied, 403) and a bad request (400) with the
    exception that made it. Those tracebacks say nothing an operator can act on and
    buried the real errors: the log line stays, its traceback goes. 5xx keep theirs."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and status < 500:
            record.exc_info = None
            record.exc_text = None
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "") or request_id_var.get(),
        }
        entry.update({k: v for k, v in vars(record).items() if k not in _STANDARD and not k.startswith("_")})
        if record.exc_info:
            entry["exc_type"] = record.exc_info[0].__name__ if record.exc_info[0] else None
            entry["exc"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str, ensure_ascii=False)
