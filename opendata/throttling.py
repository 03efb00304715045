"""The per-client rate limit of the API and the downloads: DRF's throttling on the
shared cache (Redis in production), one bucket per client address."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import Throttled
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

THROTTLED = _("Zu viele Anfragen.")


class ClientRateThrottle(SimpleRateThrottle):
    scope = "opendata"

    def get_rate(self) -> str | None:
        # Read at each request (not frozen at import) so a changed setting applies.
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def get_cache_key(self, request: Any, view: Any) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class TooManyRequests(Throttled):
    default_detail = THROTTLED
    extra_detail_singular = _("Bitte versuchen Sie es in {wait} Sekunde erneut.")
    extra_detail_plural = _("Bitte versuchen Sie es in {wait} Sekunden erneut.")


def too_many_requests(wait: float | None) -> TooManyRequests:
    return TooManyRequests(wait=wait)
