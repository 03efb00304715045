"""Who may use the municipal portal pages (Meine Vorgänge, inquiry, budget advice):
users confirmed for at least one municipality. A signed-up user still waiting for
confirmation is sent to the page that shows the state of their request; the office's
own staff and the ministry work elsewhere and get 403 (the same for every object,
so nothing leaks)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any, cast

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.forms import Form
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from accounts.audit import audit_access_denied
from accounts.permissions import confirmed_municipality_ids, is_adviser, is_budget_adviser, is_ministry

if TYPE_CHECKING:
    from accounts.models import User

NOT_CONFIRMED_YET = (
    "Dieser Bereich steht Ihnen offen, sobald die Beratung Sie für eine Kommune bestätigt hat. "
    "Hier sehen Sie den Stand Ihrer Anfrage."
)

View = Callable[..., HttpResponseBase]


def municipal_member_required(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        # The permission matrix's middleware has looked them up already (one query).
        ids = getattr(request, "municipality_ids", None)
        if ids is None:
            ids = confirmed_municipality_ids(user)
        if ids:
            request.municipality_ids = ids  # type: ignore[attr-defined]
            return view(request, *args, **kwargs)
        if user.is_staff or is_ministry(user) or is_adviser(user) or is_budget_adviser(user):
            audit_access_denied(request, "municipal portal")
            raise PermissionDenied
        messages.info(request, _(NOT_CONFIRMED_YET))
        return redirect("accounts:memberships")

    return wrapper


def acting_user(request: HttpRequest) -> User:
    """The signed-in user of a request whose view has checked the login (a portal view
    behind `municipal_member_required`/`login_required`, or any back-office view, which
    `admin_view` guards): the one who acts, for services, history and audit rows."""
    return cast("User", request.user)


def only_search_errors(form: Form) -> None:
    """On a "Suchen" click only the search box speaks; the choice is checked on submit."""
    for name in list(form.errors):
        if name != "q":
            del form.errors[name]
