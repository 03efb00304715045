"""The demography view inside other pages (the atlas entry, the municipal case page, the
back office's municipality page): one tag, one query, so each page changes by a line."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

from contacts.demography import demography_context, fmt_change
from contacts.demography_chart import demography_chart

register = template.Library()


@register.inclusion_tag("contacts/_demography.html")
def population_view(items: Any, heading: str = "h2") -> dict[str, Any]:
    """`items`: the page's participations (left partners are skipped) or Municipality objects."""
    demography = demography_context(items)
    if demography is None:
        return {"demography": None}
    single = len(demography.partners) == 1
    title = (
        _("Bevölkerungsentwicklung von %(name)s") % {"name": demography.partners[0].name}
        if single
        else _("Bevölkerungsentwicklung der beteiligten Kommunen")
    )
    return {
        "demography": demography,
        "title": title,
        "single": single,
        "heading": heading,
        "chart": demography_chart(
            demography, _("%(title)s, Veränderung seit dem ersten Stand in Prozent") % {"title": title}
        ),
        "latest": demography.dates[-1],
    }


@register.filter
def population_change(value: Any) -> str:
    """−3,2 % / +1,0 % / „–“ without a comparison."""
    return fmt_change(value)
