"""`ETag` and `Last-Modified` for the API and the downloads, so that asking again while
nothing changed costs one query and answers 304 Not Modified.

Both come from `reports.statistics.data_state()`: one string that changes with every
committed write to the tables the public data is read from (a trigger-kept counter,
reports/change_counter.py). The ETag hashes it with what else shapes the answer (path
and query, format, language). Last-Modified is when this portal first saw that state,
kept in the cache: a new state is always seen later than an old one, so a client's
If-Modified-Since never hides a change – a deletion included, which no updated_at
column would show."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.core.cache import cache
from django.http import HttpRequest, HttpResponseBase
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, quote_etag
from django.utils.translation import get_language

from core.cache import state_key
from reports.statistics import data_state

# Bump when the shape of an answer changes, so that clients fetch it again.
FORMAT_VERSION = "1"
SEEN_SECONDS = 30 * 24 * 3600


@dataclass(frozen=True)
class Validators:
    etag: str
    last_modified: dt.datetime

    def not_modified(self, request: HttpRequest) -> HttpResponseBase | None:
        """A 304 (or 412) answer when the client's copy is current, else None."""
        return get_conditional_response(
            request, etag=self.etag, last_modified=int(self.last_modified.timestamp())
        )

    def stamp(self, response: HttpResponseBase) -> HttpResponseBase:
        if response.status_code == 200:
            response["ETag"] = self.etag
            response["Last-Modified"] = http_date(self.last_modified.timestamp())
        return response


LATEST_KEY = "ikz:opendata:latest-seen"


def first_seen(state: str) -> dt.datetime:
    """When this data state was first seen, to the second. Each new state gets a later
    second than the one before (even two changes within one second), so a client's
    If-Modified-Since never hides a change."""
    key = state_key("ikz:opendata:seen", state)
    seen = cache.get(key)
    if seen is None:
        now = int(timezone.now().timestamp())
        stamp = max(now, int(cache.get(LATEST_KEY) or 0) + 1)
        if cache.add(key, stamp, SEEN_SECONDS):
            cache.set(LATEST_KEY, stamp, SEEN_SECONDS)
        seen = cache.get(key, stamp)
    return dt.datetime.fromtimestamp(int(seen), tz=dt.UTC)


def validators(request: HttpRequest, variant: str = "") -> Validators:
    """One query (the data state) and one cache round trip."""
    state = data_state()
    raw = "|".join([FORMAT_VERSION, state, request.get_full_path(), variant, get_language() or ""])
    return Validators(quote_etag(hashlib.sha256(raw.encode()).hexdigest()[:32]), first_seen(state))
