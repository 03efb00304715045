"""The dashboard's figures, tables and charts as rendered HTML, cached per data version
and language, and warmed by the worker after a change (`reports.tasks.warm_dashboard`,
every minute by beat), so that ministry staff find them ready even when advisers write
all day: nationwide the figures of a year take about half a second to compute, a cached
dashboard 15 ms."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from .statistics import CACHE_SECONDS, available_years, cached_annual_statistics, data_version, default_cutoff

logger = logging.getLogger(__name__)

# The years warmed after a change: the running one (the dashboard's default) and the one
# before, whose annual report the ministry reads in the first months of a year.
WARM_YEARS = 2


def _key(version: str) -> str:
    return f"ikz:statistik-html:{translation.get_language()}:{version}"


def statistics_html(year: int, state: str, version: str) -> dict[str, SafeString]:
    """The headlines and the tables of a year, rendered once per data version and
    language (the same for every viewer: they depend on nothing but the data, the year
    and how numbers are written), so that a view of unchanged data costs the same for
    one Land and for all of Germany."""
    if (html := cache.get(_key(version))) is not None:
        return {part: mark_safe(text) for part, text in html.items()}  # noqa: S308 – our own rendering
    return _render(year, state, version)


def _render(year: int, state: str, version: str) -> dict[str, SafeString]:
    stats, _version = cached_annual_statistics(year, state)
    context = {"stats": stats, "year": year}
    html = {
        "headlines": render_to_string("reports/_headlines.html", context),
        "tables": render_to_string("reports/_tables.html", context),
    }
    cache.set(_key(version), html, timeout=CACHE_SECONDS)
    return {part: mark_safe(text) for part, text in html.items()}  # noqa: S308 – rendered above


def warm(state: str) -> list[int]:
    """Renders the dashboard of the running and the previous year in the site's language
    where the cache has no rendering of this data state; returns the years rendered (none
    when nothing changed since the last call: one cache look-up per year)."""
    rendered = []
    with translation.override(settings.LANGUAGE_CODE):
        for year in available_years(state=state)[:WARM_YEARS]:
            version = data_version(year, default_cutoff(year), state)
            if cache.get(_key(version)) is None:
                _render(year, state, version)
                rendered.append(year)
    if rendered:
        logger.info("Statistik-Dashboard vorbereitet: %s", ", ".join(map(str, rendered)))
    return rendered
