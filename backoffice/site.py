"""The back office's admin site: the Django admin as the advisers' daily working tool.

`BackOfficeAdminConfig` replaces `django.contrib.admin` in INSTALLED_APPS and makes
`BackOfficeSite` the default `admin.site`, so every `@admin.register` lands here.
The site sends the admin login through allauth (rate limits, two-factor), sends
staff without a second factor to the TOTP set-up, and shows the start page and the
Eingang that the `desk` package hands it (`add_desk`): the site stays below the apps.
This module is imported while the app registry is being populated, so models are
imported inside the functions.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib import messages
from django.contrib.admin import AdminSite
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.http import urlencode
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser as User

SECOND_FACTOR_REQUIRED = (
    "Für das Back Office ist eine Zwei-Faktor-Anmeldung Pflicht. "
    "Bitte richten Sie jetzt eine Authenticator-App ein."
)
# Models of allauth whose names Django makes up in English (no verbose_name): German in
# the back office's lists. Set here, not on the models: that would be a migration of allauth.
GERMAN_MODEL_NAMES = {
    ("mfa", "authenticator"): "Zweite Faktoren (Authenticator-Apps, Wiederherstellungscodes)",
    ("usersessions", "usersession"): "Angemeldete Sitzungen",
}
# Session key: the user has a second factor (checked once per session, not per click).
MFA_SESSION_KEY = "ikz_staff_mfa_ok"


class BackOfficeAdminConfig(AdminConfig):
    default_site = "backoffice.site.BackOfficeSite"


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

    # Set by the desk app when it is ready: the start page's figures and the Eingang's URLs.
    start_page: Callable[[HttpRequest], dict[str, Any]] | None = None
    desk_urls: Callable[[AdminSite], list[Any]] | None = None

    def add_desk(
        self,
        *,
        start_page: Callable[[HttpRequest], dict[str, Any]],
        urls: Callable[[AdminSite], list[Any]],
    ) -> None:
        self.start_page = start_page
        self.desk_urls = urls

    def get_urls(self) -> list[Any]:
        own = self.desk_urls(self) if self.desk_urls is not None else []
        return own + super().get_urls()

    def index(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> TemplateResponse:
        dashboard = self.start_page(request) if self.start_page is not None else {}
        return super().index(request, {**(extra_context or {}), "dashboard": dashboard})

    def _build_app_dict(self, request: HttpRequest, label: Any = None) -> Any:
        app_dict = super()._build_app_dict(request, label)  # type: ignore[misc]
        for app in app_dict.values():
            for model in app["models"]:
                opts = model["model"]._meta
                model["name"] = GERMAN_MODEL_NAMES.get((opts.app_label, opts.model_name), model["name"])
        return app_dict

    def get_app_list(self, request: HttpRequest, app_label: str | None = None) -> Any:
        # each_context puts this list of every model with its permissions on every admin
        # page for the nav sidebar, which this site does not show: built only when a
        # template reads it (the start page does), 2 ms of every other page.
        return SimpleLazyObject(lambda: super(BackOfficeSite, self).get_app_list(request, app_label))
