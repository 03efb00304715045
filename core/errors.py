"""Error pages in the portal's look that never touch the database.

They render without a RequestContext, so no context processor runs: no session, no
user, no messages – a 404 for another municipality's case or a 500 while PostgreSQL is
down both render the same static page. A database outage (OperationalError) answers
503 with Retry-After instead of 500, so users read "kurz nicht erreichbar".
"""

from __future__ import annotations

import errno
import logging
import sys

from django.core.files import File
from django.db import DatabaseError, InterfaceError, OperationalError
from django.db.models.fields.files import FieldFile
from django.http import Http404, HttpRequest, HttpResponse
from django.template import loader

from .land import land_name
from .logging import request_id_var

logger = logging.getLogger("core.errors")
RETRY_AFTER_SECONDS = 30
# The disk (or the object store) refused to write: full, quota, read-only, I/O error.
STORAGE_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EIO, errno.EFBIG, errno.EACCES}


def _page(template: str, status: int, req: HttpRequest | None = None, /, **extra: object) -> HttpResponse:
    context = {
        **extra,
        "land_name": land_name(),
        "request_id": request_id_var.get() or getattr(req, "request_id", ""),
        "status": status,
    }
    body: str
    try:
        try:
            body = loader.render_to_string(template, context)
        except DatabaseError:
            if "user" not in extra:
                raise
            # The signed-in header needed the database after all: the plain page then.
            context = {k: v for k, v in context.items() if k not in ("request", "user", "csrf_token")}
            body = loader.render_to_string(template, context)
    except Exception:
        # The last line of defence: a broken template must not hide the error page.
        logger.exception("error page %s failed to render", template)
        body = f"<!DOCTYPE html><html lang='de'><title>Fehler {status}</title><h1>Fehler {status}</h1></html>"
    response = HttpResponse(body, status=status, content_type="text/html; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page("400.html", 400, request)


def _signed_in(request: HttpRequest | None) -> dict[str, object]:
    """A 403 usually answers a user the refusing view has just checked: the header then
    shows them signed in (Mein Konto, Abmelden), not „Anmelden / Registrieren“. Only a user
    already loaded is used – the page itself never reads the session or the user table;
    should the header's group check fail after all, the page stays the plain one."""
    from django.contrib.auth.models import AbstractBaseUser
    from django.utils.functional import SimpleLazyObject, empty

    user = getattr(request, "__dict__", {}).get("user")
    if isinstance(user, SimpleLazyObject):
        user = None if user._wrapped is empty else user._wrapped  # type: ignore[attr-defined]
    if request is None or not isinstance(user, AbstractBaseUser) or not user.is_authenticated:
        return {}
    from django.middleware.csrf import get_token

    return {"request": request, "user": user, "csrf_token": get_token(request)}


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page("403.html", 403, request, **_signed_in(request))


class MediaFileMissing(Http404):
    """A row points to a file the storage does not have (lost volume, a restore without
    media, a file deleted by hand): a 404 that says so, not a 500."""


def open_media_or_404(field_file: FieldFile) -> File:
    """Opens a stored file for download; a missing one is logged (the operator must
    look) and answers the German „Datei nicht vorhanden“ page."""
    try:
        return field_file.open("rb")
    except FileNotFoundError as exc:
        instance = field_file.instance
        logger.error(
            "media file missing",
            extra={"file": field_file.name, "model": instance._meta.label, "pk": instance.pk},
        )
        raise MediaFileMissing(field_file.name) from exc


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page("404.html", 404, request, file_missing=isinstance(exception, MediaFileMissing))


def too_many_requests(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    response = _page("429.html", 429, request)
    response["Retry-After"] = "60"
    return response


def database_unavailable(request: HttpRequest | None = None, *, storage_error: bool = False) -> HttpResponse:
    response = _page("503.html", 503, request, storage_error=storage_error)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    # Called inside Django's `except` block, so the exception is still at hand.
    exc = sys.exc_info()[1]
    if isinstance(exc, OperationalError | InterfaceError) or (
        isinstance(exc, DatabaseError) and "connection" in str(exc).lower()
    ):
        return database_unavailable(request)
    if isinstance(exc, OSError) and exc.errno in STORAGE_ERRNOS:
        # Services store the file before its row (FileField.save(save=False)), so
        # nothing half-saved is left; the user learns the upload did not happen.
        logger.error("storage refused a write: %s", exc, extra={"errno": exc.errno})
        return database_unavailable(request, storage_error=True)
    return _page("500.html", 500, request)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: a German explanation instead of Django's English page."""
    context = {"land_name": land_name(), "request_id": request_id_var.get(), "csrf_failure": True}
    response = HttpResponse(loader.render_to_string("403.html", context), status=403)
    response["Cache-Control"] = "no-store"
    return response
