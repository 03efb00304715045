"""When figures are stale: the data state the change counter keeps, the version of a
year's figures, and their cache."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.core.cache import cache
from django.db import connection
from django.db.models import Min
from django.utils import timezone

from budget_advice.models import Consultation
from core.cache import state_key
from funding.models import Grant

from ..models import DataChange
from .constants import STATISTICS_VERSION
from .figures import AnnualStatistics, annual_statistics, default_cutoff


def cached_annual_statistics(year: int, state: str | None = None) -> tuple[AnnualStatistics, str]:
    """The statistics of a year up to its default cut-off, and the data version they
    belong to. Cached under that version: one cheap query when nothing changed, and
    a change anywhere makes a new key, so the cache is never stale."""
    cutoff = default_cutoff(year)
    version = data_version(year, cutoff, state)
    stats = cached_statistics_of_version(version)
    if stats is None:
        stats = annual_statistics(year, cutoff)
        cache.set(_cache_key(version), stats, timeout=CACHE_SECONDS)
    return stats, version


CACHE_SECONDS = 3600


def _cache_key(version: str) -> str:
    return f"ikz:statistik:{version}"


def cached_statistics_of_version(version: str) -> AnnualStatistics | None:
    """The statistics computed while the data was in this state (the version covers
    year and cut-off), if the dashboard cached them; None otherwise."""
    stats = cache.get(_cache_key(version))
    return stats if isinstance(stats, AnnualStatistics) else None


def available_years(today: dt.date | None = None, state: str | None = None) -> list[int]:
    """From the first year with data to the current year, newest first (two queries;
    none when `state` is given and the years of that data state are cached)."""
    today = today or timezone.localdate()
    key = state_key("ikz:statistik-jahre", today.isoformat(), state) if state else ""
    if key and (cached := cache.get(key)) is not None:
        return list(cached)
    starts = [
        Grant.objects.approved().aggregate(y=Min("budget_year"))["y"],
        (Consultation.objects.held().aggregate(d=Min("date"))["d"] or today).year,
    ]
    start = min(y for y in [*starts, today.year] if y)
    years = list(range(today.year, max(start, 2000) - 1, -1))
    if key:
        cache.set(key, years, timeout=CACHE_SECONDS)
    return years


# The tables whose rows change the figures; a change in any of them changes the version.
# Each has a trigger that counts its writes in `DataChange` (reports/change_counter.py);
# the first six have an index on updated_at.
WATCHED_TABLES = (
    "funding_grant",
    "funding_disbursement",
    "funding_funderquestion",
    "cooperations_cooperation",
    "cooperations_participation",
    "budget_advice_consultation",
    "funding_programme",
    "contacts_municipality",
    "funding_funderquestion_referred_programmes",
    "cooperations_fieldofaction",
    "savings_savingsreport",
    # Not read by the figures, but by what else keys on data_state(): the read API's ETag
    # and the atlas map's cache list a case's further fields of action, which a bulk
    # change may write without saving the case.
    "cooperations_cooperation_further_fields",
)
_TIMESTAMP_INDEXED = WATCHED_TABLES[:6]


def data_state() -> str:
    """What the statistics read, in one short string that changes with every committed
    write to the watched tables (one query).

    The change counter kept by the triggers and when it began (the row is new after a
    flush), plus the latest updated_at of the big tables (one index look-up each), so
    that a database emptied and filled again – a flush in the tests, a restored backup
    written to since – does not meet an earlier state's cache entry."""
    counter = DataChange._meta.db_table
    parts = [f"(SELECT CAST(changes AS TEXT) || '@' || started FROM {counter} WHERE id = 1)"]  # noqa: S608
    parts += [f"(SELECT CAST(max(updated_at) AS TEXT) FROM {t})" for t in _TIMESTAMP_INDEXED]  # noqa: S608
    with connection.cursor() as cursor:
        # constant table names only; a NULL (empty table) stays visible as an empty field
        cursor.execute("SELECT " + " || '|' || ".join(f"coalesce({part}, '')" for part in parts))
        (state,) = cursor.fetchone()
    return str(state)


def data_version(year: int, cutoff: dt.date, state: str | None = None) -> str:
    """A fingerprint of everything the report of this year and cut-off reads, so that
    asking twice while nothing changed finds the finished report instead of rendering
    again. Pass `state` when the caller has read `data_state()` already."""
    raw = f"{STATISTICS_VERSION}|{year}|{cutoff.isoformat()}|{data_state() if state is None else state}"
    return hashlib.sha256(raw.encode()).hexdigest()
