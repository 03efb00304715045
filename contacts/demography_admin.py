"""The demography view as a read-only field of the back office's municipality page."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .models import Municipality
from .templatetags.demography import population_view


def population_view_html(municipality: Municipality) -> SafeString | str:
    if municipality.pk is None:
        return "–"
    html = render_to_string("contacts/_demography.html", population_view([municipality], heading="h3"))
    # The template escapes every value; a Kommune without recorded editions renders nothing.
    return mark_safe(html) if html.strip() else _("Noch kein Gebietsstand erfasst.")  # noqa: S308
