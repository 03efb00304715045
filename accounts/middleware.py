"""The one place that enforces the permission matrix (accounts/permission_matrix.py):
every request, before its view runs, by the name of the URL it resolved to."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from .access import NOT_CONFIRMED_YET
from .audit import audit_access_denied
from .permission_matrix import GROUP_ROLES, READ_METHODS, Refusal, Role, decide, matrix

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from .models import User

logger = logging.getLogger("ikz_portal.security")


class UserSubject:
    """The user of a request as the matrix asks about it. Permissions come from Django
    (`user.has_perm`, whose cache the admin's own checks reuse); the groups are read once
    and cached where accounts.permissions looks for them; the confirmed municipalities
    once per request, where `municipal_member_required` looks for them."""

    def __init__(self, request: HttpRequest) -> None:
        self.request = request
        self.user: User | AnonymousUser = request.user

    @property
    def is_authenticated(self) -> bool:
        return bool(self.user.is_authenticated and self.user.is_active)

    def _groups(self) -> set[str]:
        cached = getattr(self.user, "_ikz_groups", None)
        if cached is None:
            cached = set(self.user.groups.values_list("name", flat=True))
            self.user._ikz_groups = cached  # type: ignore[union-attr]
        return cached

    def _municipality_ids(self) -> list[int]:
        ids = getattr(self.request, "municipality_ids", None)
        if ids is None:
            from accounts.permissions import confirmed_municipality_ids

            ids = confirmed_municipality_ids(self.user)
            self.request.municipality_ids = ids  # type: ignore[attr-defined]
        return ids

    def has_role(self, role: Role) -> bool:
        if role == Role.ANONYMOUS:
            return not self.is_authenticated
        if not self.is_authenticated:
            return False
        if role == Role.SUPERUSER:
            return self.user.is_superuser
        if role == Role.MUNICIPAL:
            return bool(self._municipality_ids())
        if role == Role.UNCONFIRMED:
            # Signed in with no role at all (staff without a group included).
            return not (
                self.user.is_superuser
                or self.user.is_staff
                or self._groups().intersection(GROUP_ROLES)
                or self._municipality_ids()
            )
        return str(role) in self._groups()

    def has_perm(self, perm: str) -> bool:
        return self.is_authenticated and self.user.has_perm(perm)

    def has_module_perms(self, app_label: str) -> bool:
        return self.is_authenticated and self.user.has_module_perms(app_label)


class PermissionMatrixMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: dict[str, Any]
    ) -> HttpResponseBase | None:
        match = request.resolver_match
        if match is None:  # pragma: no cover - process_view runs only for resolved URLs
            return None
        view_name = match.view_name
        actions: list[str] = []
        actionable = matrix()[1].get(view_name)
        if actionable is not None and request.method not in READ_METHODS:
            actions = request.POST.getlist(actionable[1])
        refusal = decide(view_name, request.method or "GET", UserSubject(request), kwargs, actions)
        if refusal is None:
            return None
        if view_name not in matrix()[0]:
            logger.error("URL %s has no entry in accounts/permission_matrix.py: refused", view_name)
        return refuse(request, refusal, view_name)


def refuse(request: HttpRequest, refusal: Refusal, view_name: str) -> HttpResponse:
    access = matrix()[0].get(view_name)
    if refusal == Refusal.LOGIN:
        return redirect_to_login(request.get_full_path())
    if refusal == Refusal.MEMBERSHIPS:
        messages.info(request, _(NOT_CONFIRMED_YET))
        return redirect("accounts:memberships")
    if refusal == Refusal.METHOD:
        allowed = [m for m in ("GET", "POST") if decide(view_name, m, _Anyone(), {}) != Refusal.METHOD]
        return HttpResponseNotAllowed(allowed)
    if request.user.is_authenticated:  # anonymous visitors are no security event
        audit_access_denied(
            request, (access and access.area) or view_name, url=view_name, method=request.method
        )
    if refusal == Refusal.NOT_FOUND:
        raise Http404
    raise PermissionDenied


class _Anyone:
    """Only asks the matrix which methods exist at all (for the Allow header)."""

    is_authenticated = True

    def has_role(self, role: Role) -> bool:
        return True

    def has_perm(self, perm: str) -> bool:
        return True

    def has_module_perms(self, app_label: str) -> bool:
        return True
