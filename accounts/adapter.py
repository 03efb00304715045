"""allauth hooks: mails go through the portal's Celery mail task, and after login or
sign-up each role lands where its work is."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from ikz_portal.emails import send_rendered_mail
from ikz_portal.permissions import confirmed_municipality_ids, is_ministry


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


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
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
