"""Security events from Django's and allauth's signals (connected in apps.py):
logins, failed logins (password, second factor, login code), logouts, password and
second-factor changes, and role changes (groups, staff and superuser flags).

Role changes made through accounts.services (the back office) are audited there, one
row per change with old and new values; these handlers catch the rest (a shell, a
group's member list), taking the acting user from the current request when there is
one (simple_history's middleware keeps it).
"""

from __future__ import annotations

from typing import Any

from allauth.account import signals as account_signals
from allauth.mfa import signals as mfa_signals
from django.contrib.auth import signals as auth_signals
from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed, pre_save
from django.dispatch import receiver

from .audit import audit_event, current_request
from .models import AuditEvent, User

ROLE_FLAGS = ("is_staff", "is_superuser", "is_active")


@receiver(auth_signals.user_logged_in, dispatch_uid="audit_login")
def on_login(sender: Any, request: Any, user: User, **kwargs: Any) -> None:
    audit_event(AuditEvent.Kind.LOGIN, request=request, actor=user)


@receiver(auth_signals.user_logged_out, dispatch_uid="audit_logout")
def on_logout(sender: Any, request: Any, user: User | None, **kwargs: Any) -> None:
    if user is not None:
        audit_event(AuditEvent.Kind.LOGOUT, request=request, actor=user)


@receiver(auth_signals.user_login_failed, dispatch_uid="audit_login_failed")
def on_login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    # Only the name that was tried; Django has already masked the password.
    login = credentials.get("email") or credentials.get("username") or credentials.get("login") or ""
    audit_event(
        AuditEvent.Kind.LOGIN_FAILED, request=request, actor=None, login=str(login).lower(), step="password"
    )


@receiver(mfa_signals.authentication_failed, dispatch_uid="audit_mfa_failed")
def on_mfa_failed(sender: Any, request: Any, user: User, **kwargs: Any) -> None:
    audit_event(
        AuditEvent.Kind.LOGIN_FAILED,
        request=request,
        actor=None,
        login=user.email,
        step="mfa",
        reauthentication=bool(kwargs.get("reauthentication")),
    )


@receiver(account_signals.login_code_rejected, dispatch_uid="audit_login_code_rejected")
def on_login_code_rejected(sender: Any, request: Any, user: User | None = None, **kwargs: Any) -> None:
    audit_event(
        AuditEvent.Kind.LOGIN_FAILED,
        request=request,
        actor=None,
        login=getattr(user, "email", ""),
        step="code",
        last_attempt=bool(kwargs.get("last_attempt")),
    )


def _account_change(name: str) -> Any:
    def handler(sender: Any, request: Any = None, user: User | None = None, **kwargs: Any) -> None:
        audit_event(AuditEvent.Kind.OTHER, request=request, actor=user, event=name)

    return handler


_password_changed = _account_change("password_changed")
_password_reset = _account_change("password_reset")
_mfa_added = _account_change("mfa_added")
_mfa_removed = _account_change("mfa_removed")
account_signals.password_changed.connect(_password_changed, dispatch_uid="audit_password_changed")
account_signals.password_reset.connect(_password_reset, dispatch_uid="audit_password_reset")
mfa_signals.authenticator_added.connect(_mfa_added, dispatch_uid="audit_mfa_added")
mfa_signals.authenticator_removed.connect(_mfa_removed, dispatch_uid="audit_mfa_removed")


def _role_event(user_id: int, change: str, **detail: Any) -> None:
    from .services import services_audit

    if services_audit.get():
        return  # accounts.services writes one row with the whole change
    request = current_request()
    audit_event(AuditEvent.Kind.ROLE_CHANGED, request=request, user_id=user_id, change=change, **detail)


@receiver(m2m_changed, sender=User.groups.through, dispatch_uid="audit_group_change")
def on_groups_changed(
    sender: Any, instance: Any, action: str, reverse: bool, pk_set: set[int] | None, **kwargs: Any
) -> None:
    if action == "pre_clear":
        # The groups are gone after the clear: remember them now.
        if reverse:
            instance._audit_cleared = list(instance.user_set.values_list("pk", flat=True))
        else:
            instance._audit_cleared = list(instance.groups.values_list("name", flat=True))
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    change = {"post_add": "added", "post_remove": "removed", "post_clear": "removed"}[action]
    if reverse:  # group.user_set.add(users…)
        user_ids = sorted(pk_set or getattr(instance, "_audit_cleared", []))
        for user_id in user_ids:
            _role_event(user_id, change, groups=[instance.name])
        return
    if action == "post_clear":
        names = getattr(instance, "_audit_cleared", [])
    else:
        names = sorted(Group.objects.filter(pk__in=pk_set or ()).values_list("name", flat=True))
    if names:
        _role_event(instance.pk, change, groups=names)


@receiver(pre_save, sender=User, dispatch_uid="audit_role_flags")
def on_role_flags(sender: Any, instance: User, update_fields: Any = None, **kwargs: Any) -> None:
    from .services import services_audit

    if instance.pk is None or kwargs.get("raw") or services_audit.get():
        return
    if update_fields is not None and not set(update_fields) & set(ROLE_FLAGS):
        return  # e.g. last_login on every login: no extra query
    old = User.objects.filter(pk=instance.pk).values(*ROLE_FLAGS).first()
    if old is None:
        return
    changed = {f: [old[f], getattr(instance, f)] for f in ROLE_FLAGS if old[f] != getattr(instance, f)}
    if changed:
        _role_event(instance.pk, "flags", flags=changed)
