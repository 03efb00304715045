"""Spam protection for the forms anyone may send without an account (Förderlotse
question, accessibility feedback): a honeypot field and a rate limit per IP address
in the Django cache (ASVS v5.0.0-2.4.1). Both keep what the person typed.

The rate limit fails safe: when the cache cannot count (Redis stopped or hung), the
message is accepted and the outage logged – losing a citizen's question is worse than
letting a few more through for the minutes Redis is away."""

from __future__ import annotations

import logging

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)
HONEYPOT_FIELD = "website"
RATE_LIMITED = _(
    "Von Ihrem Anschluss kamen in kurzer Zeit sehr viele Nachrichten. "
    "Bitte versuchen Sie es in einer Stunde noch einmal oder schreiben Sie uns eine E-Mail."
)


class HoneypotFormMixin(forms.Form):
    """A field people never see (moved off screen, skipped by the tab key) and bots fill in."""

    website = forms.CharField(
        label=_("Website (bitte leer lassen)"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def is_spam(self) -> bool:
        return bool(self.data.get(HONEYPOT_FIELD, "").strip())


def client_ip(request: HttpRequest) -> str:
    """REMOTE_ADDR, or the address the trusted proxies saw (same rule as allauth)."""
    proxies = getattr(settings, "ALLAUTH_TRUSTED_PROXY_COUNT", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [part.strip() for part in forwarded.split(",") if part.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def rate_limit_hit(request: HttpRequest, action: str, *, limit: int, period: int = 3600) -> bool:
    """Counts one attempt of `action` from the client's address; True once more than
    `limit` attempts fell into the current `period` seconds."""
    key = f"ikz:ratelimit:{action}:{client_ip(request)}"
    try:
        cache.add(key, 0, timeout=period)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=period)
            count = 1
    except Exception as exc:  # any cache backend's outage: core.cache raises CacheUnavailable
        logger.warning(
            "rate limit not checked, cache unavailable", extra={"action": action, "error": repr(exc)}
        )
        return False
    return count > limit
