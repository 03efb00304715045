"""allauth hooks: mails go through the portal's Celery mail task, and after login or
sign-up each role lands where its work is."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from accounts.permissions import confirmed_municipality_ids, is_ministry
from core.emails import send_rendered_mail


def _reverse_or(name: str, fallback: str = "/") -> str:
    try:
        return reverse(name)
    except NoReverseMatch:
        return fallback


def landing_url(user: Any) -> str:
    if user.is_staff:
        return reverse("admin:index")
    if is_ministry(user):
        return _reverse_or("reports:dashboard")
    if confirmed_municipality_ids(user):
        return reverse("cooperations:my-cases")
    # Signed up, not yet confirmed: ask for (or watch) the confirmation.
    return reverse("accounts:memberships")


TOO_MANY_LOGIN_ATTEMPTS = (
    "Zu viele gescheiterte Anmeldeversuche. Bitte versuchen Sie es in einigen Minuten erneut."
)
INCORRECT_CODE = "Der Code stimmt nicht. Bitte prüfen Sie ihn oder fordern Sie einen neuen an."

# allauth's German uses "du"; the portal speaks to its users formally.
FORMAL_ERRORS = {
    "cannot_remove_primary_email": _("Sie können Ihre Haupt-E-Mail-Adresse nicht entfernen."),
    "email_password_mismatch": _("Die E-Mail-Adresse oder das Passwort ist falsch."),
    "enter_current_password": _("Bitte geben Sie Ihr aktuelles Passwort ein."),
    "incorrect_code": _(INCORRECT_CODE),
    "incorrect_password": _("Das Passwort stimmt nicht."),
    "max_email_addresses": _("Sie können höchstens %d E-Mail-Adressen hinterlegen."),
    "too_many_login_attempts": _(TOO_MANY_LOGIN_ATTEMPTS),
    "unverified_primary_email": _("Ihre Haupt-E-Mail-Adresse muss bestätigt sein."),
}


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {**DefaultAccountAdapter.error_messages, **FORMAL_ERRORS}

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        # Mails are German whatever language the browser that caused them asked for.
        with translation.override(settings.LANGUAGE_CODE):
            message = self.render_mail(template_prefix, email, context)
        html = next(
            (
                content
                for content, mimetype in getattr(message, "alternatives", [])
                if mimetype == "text/html"
            ),
            "",
        )
        send_rendered_mail(
            to=message.to, subject=str(message.subject), body=str(message.body), html=str(html)
        )

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        return landing_url(request.user)

    def get_signup_redirect_url(self, request: HttpRequest) -> str:
        return landing_url(request.user)
