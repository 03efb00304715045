"""Writing security events (accounts.AuditEvent), for everyone to call.

- `audit_access_denied(request, what)`: an access helper answered 404/403 for an
  object the user may not see (ASVS v5.0.0-16.3.2).
- `audit_export(actor=…, what=…, count=…)`: personal data left the system as a file.
- `audit_event(kind, …)`: anything else (used by accounts/signals.py).

Rows are written in the caller's transaction (so a rolled-back export leaves no
trace of an export that did not happen) and mirrored as a JSON log line on the
`ikz_portal.security` logger, which ships off-box with the other logs.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from django.conf import settings

from .models import AuditEvent

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpRequest

    from .models import User

logger = logging.getLogger("ikz_portal.security")
MAX_TEXT = 200


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address; X-Forwarded-For only counts behind trusted proxies."""
    if request is None:
        return None
    proxies = getattr(settings, "ALLAUTH_TRUSTED_PROXY_COUNT", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [h.strip() for h in forwarded.split(",") if h.strip()]
        if len(hops) >= proxies:
            return hops[-proxies] or None
    return request.META.get("REMOTE_ADDR") or None


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return value[:MAX_TEXT]
    if isinstance(value, list | tuple | set):
        return [_clean(v) for v in list(value)[:50]]
    if isinstance(value, dict):
        return {str(k)[:50]: _clean(v) for k, v in value.items()}
    return value


def _actor(request: HttpRequest | None, actor: User | AnonymousUser | None) -> User | None:
    if actor is None and request is not None:
        actor = getattr(request, "user", None)
    if actor is None or not actor.is_authenticated:
        return None
    return actor  # type: ignore[return-value]


def audit_event(
    kind: AuditEvent.Kind | str,
    *,
    request: HttpRequest | None = None,
    actor: User | AnonymousUser | None = None,
    **detail: Any,
) -> AuditEvent:
    user = _actor(request, actor)
    event = AuditEvent.objects.create(
        kind=kind,
        actor=user,
        ip=client_ip(request),
        path=(request.path[:500] if request is not None else ""),
        detail=_clean(detail),
    )
    logger.info(
        "security event %s",
        event.kind,
        extra={
            "audit_kind": event.kind,
            "actor_id": user.pk if user else None,
            "ip": event.ip,
            "detail": event.detail,
        },
    )
    return event


def current_request() -> HttpRequest | None:
    """The request being served in this thread, if any (simple_history's middleware keeps
    it): services audit with its address and path without taking a request argument."""
    from simple_history.models import HistoricalRecords

    return getattr(HistoricalRecords.context, "request", None)


def audit_access_denied(request: HttpRequest, what: str, **detail: Any) -> AuditEvent:
    """Call where an access helper turns a request away (it still answers 404)."""
    return audit_event(AuditEvent.Kind.ACCESS_DENIED, request=request, what=what, **detail)


def audit_export(
    *,
    actor: User,
    what: str,
    count: int,
    request: HttpRequest | None = None,
    file_format: str = "",
    **detail: Any,
) -> AuditEvent:
    """Call in the same transaction that builds an export of personal data."""
    return audit_event(
        AuditEvent.Kind.EXPORT,
        request=request,
        actor=actor,
        what=what,
        count=count,
        format=file_format,
        **detail,
    )


def _yes_no(value: Any) -> str:
    return "ja" if value else "nein"


def _names(values: Any) -> str:
    return ", ".join(str(v) for v in values) if values else "keine"


def audit_summary(event: AuditEvent) -> str:
    """One German sentence of what a role change did, for the back office's list of
    security events (the JSON detail stays beside it for the record)."""
    detail = event.detail or {}
    if event.kind != AuditEvent.Kind.ROLE_CHANGED:
        return str(detail.get("what") or detail.get("event") or "")
    from .models import User

    whose = detail.get("user") or f"Konto Nr. {detail.get('user_id')}"
    parts = []
    for flag, (old, new) in (detail.get("flags") or {}).items():
        try:
            name = str(getattr(User._meta.get_field(flag), "verbose_name", flag))
        except Exception:  # a flag of an older row that the model no longer has
            name = flag
        parts.append(f"{name}: {_yes_no(old)} → {_yes_no(new)}")
    if "groups_before" in detail:
        parts.append(f"Gruppen: {_names(detail['groups_before'])} → {_names(detail['groups_after'])}")
    if "permissions_before" in detail:
        parts.append(
            f"Einzelrechte: {_names(detail['permissions_before'])} → {_names(detail['permissions_after'])}"
        )
    change = detail.get("change")
    if change in ("added", "removed") and detail.get("groups"):
        verb = "hinzugefügt" if change == "added" else "entfernt"
        parts.append(f"Gruppen {verb}: {_names(detail['groups'])}")
    heading = {
        "created": f"Konto {whose} angelegt",
        "deleted": f"Konto {whose} gelöscht",
    }.get(str(change), f"Rollen von {whose} geändert")
    return f"{heading}: {'; '.join(parts)}" if parts else heading
