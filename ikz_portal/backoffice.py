"""The back office: the Django admin as the advisers' daily working tool.

`BackOfficeAdminConfig` replaces `django.contrib.admin` in INSTALLED_APPS and makes
`BackOfficeSite` the default `admin.site`, so every `@admin.register` lands here.
The site sends the admin login through allauth (rate limits, two-factor), sends
staff without a second factor to the TOTP set-up, and turns the index into the
adviser's start page. This module is imported while the app registry is being
populated, so models are imported inside the functions.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib import messages
from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.http import urlencode
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from accounts.models import User

SECOND_FACTOR_REQUIRED = (
    "Für das Back Office ist eine Zwei-Faktor-Anmeldung Pflicht. "
    "Bitte richten Sie jetzt eine Authenticator-App ein."
)
# Session key: the user has a second factor (checked once per session, not per click).
MFA_SESSION_KEY = "ikz_staff_mfa_ok"
DASHBOARD_LIMIT = 10


def acting_user(request: HttpRequest) -> User:
    """The logged-in staff user of an admin request (admin_view has checked the login)."""
    return request.user  # type: ignore[return-value]


class BackOfficeAdminConfig(AdminConfig):
    default_site = "ikz_portal.backoffice.BackOfficeSite"


def has_second_factor(user: User) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(
        user=user, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
    ).exists()


def needs_second_factor(request: HttpRequest) -> bool:
    """Staff without a TOTP or WebAuthn authenticator may not use the back office
    (setting IKZ_REQUIRE_STAFF_2FA, on by default; the local demo turns it off)."""
    user = request.user
    if not getattr(settings, "IKZ_REQUIRE_STAFF_2FA", True):
        return False
    if not (user.is_authenticated and user.is_staff):
        return False
    if request.session.get(MFA_SESSION_KEY) == user.pk:
        return False
    if has_second_factor(user):  # type: ignore[arg-type]
        request.session[MFA_SESSION_KEY] = user.pk
        return False
    return True


class BackOfficeSite(AdminSite):
    site_header = "IKZ-Portal – Verwaltung"
    site_title = "IKZ-Portal"
    index_title = "Back Office"
    index_template = "admin/ikz_index.html"
    # Wide case lists need the room; the start page lists every app.
    enable_nav_sidebar = False

    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        # allauth's login: its rate limits and the second factor apply to the admin too.
        from allauth.account.decorators import secure_admin_login

        return secure_admin_login(super().login)(request, extra_context)

    def admin_view(self, view: Any, cacheable: bool = False) -> Any:
        inner = super().admin_view(view, cacheable)

        def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if view.__name__ != "logout" and needs_second_factor(request):
                messages.warning(request, _(SECOND_FACTOR_REQUIRED))
                target = reverse("mfa_activate_totp") + "?" + urlencode({"next": request.get_full_path()})
                return HttpResponseRedirect(target)
            return inner(request, *args, **kwargs)

        guarded.__wrapped__ = inner  # type: ignore[attr-defined]
        guarded.admin_site = self  # type: ignore[attr-defined]
        return guarded

    def index(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> TemplateResponse:
        context = {**(extra_context or {}), "dashboard": dashboard(request)}
        return super().index(request, context)

    def get_app_list(self, request: HttpRequest, app_label: str | None = None) -> Any:
        # each_context puts this list of every model with its permissions on every admin
        # page for the nav sidebar, which this site does not show: built only when a
        # template reads it (the start page does), 2 ms of every other page.
        return SimpleLazyObject(lambda: super(BackOfficeSite, self).get_app_list(request, app_label))


def _month_bounds(today: dt.date) -> tuple[dt.date, dt.date]:
    first = today.replace(day=1)
    nxt = (first + dt.timedelta(days=32)).replace(day=1)
    return first, nxt


def dashboard(request: HttpRequest) -> dict[str, Any]:
    """The adviser's start page: what needs doing today, for what the user may see.
    Each block is one bounded query (lists are cut at DASHBOARD_LIMIT)."""
    from budget_advice.models import Consultation, Meeting
    from cooperations.models import Cooperation, Status
    from funding.models import FunderQuestion, Grant

    user = request.user
    today = timezone.localdate()
    data: dict[str, Any] = {"today": today}
    if user.has_perm("cooperations.view_cooperation"):
        open_cases = Cooperation.objects.open().select_related("lead_municipality")
        mine = open_cases.filter(adviser=acting_user(request)).order_by("next_step_due", "reference")
        data["my_cases"] = list(mine[:DASHBOARD_LIMIT])
        data["my_cases_count"] = mine.count()
        data["overdue"] = list(
            open_cases.filter(next_step_due__lt=today)
            .select_related("adviser")
            .order_by("next_step_due")[:DASHBOARD_LIMIT]
        )
        data["new_inquiries"] = Cooperation.objects.filter(
            status=Status.RECEIVED, adviser__isnull=True
        ).count()
    if user.has_perm("funding.view_funderquestion"):
        data["new_questions"] = FunderQuestion.objects.filter(status=FunderQuestion.Status.NEW).count()
    if user.has_perm("funding.view_grant"):
        data["proof_overdue"] = list(
            Grant.objects.filter(
                status__in=[Grant.Status.APPROVED, Grant.Status.PAID],
                proof_of_use_due__lt=today,
                proof_of_use_received_on__isnull=True,
            )
            .select_related("cooperation")
            .order_by("proof_of_use_due")[:DASHBOARD_LIMIT]
        )
    if user.has_perm("budget_advice.view_consultation"):
        first, nxt = _month_bounds(today)
        data["meetings_this_month"] = list(
            Meeting.objects.filter(date__gte=first, date__lt=nxt)
            .select_related("consultation__municipality")
            .order_by("date")[:DASHBOARD_LIMIT]
        )
        data["consultations_this_month"] = (
            Consultation.objects.filter(date__gte=first, date__lt=nxt).exclude(
                status=Consultation.Status.CANCELLED
            )
        ).count()
        data["consultation_requests"] = Consultation.objects.filter(
            status=Consultation.Status.REQUESTED
        ).count()
    return data
