"""The atlas map (/atlas/karte/): the Land's municipalities shaded by how many published
cooperations each takes part in, with the atlas's own filters. Public, no login."""

from __future__ import annotations

from urllib.parse import quote_plus, urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from cooperations.atlas import CooperationFilter
from cooperations.models import Cooperation
from core.land import land_name

from .drawing import count_map, count_rows
from .land_map import counts_of, filter_key, land_map
from .models import SOURCE_NOTE, SOURCE_URL
from .selectors import Place


@require_safe
def atlas_map(request: HttpRequest) -> HttpResponse:
    """Public like the atlas: the access decision is `require_safe` (GET/HEAD only)."""
    filterset = CooperationFilter(request.GET or None, queryset=Cooperation.objects.published())
    valid = not filterset.is_bound or filterset.is_valid()
    cooperations = filterset.qs if valid else Cooperation.objects.published()
    chosen = {k: str(v) for k, v in request.GET.items() if v and k in filterset.filters}
    query = {k: v for k, v in chosen.items() if k != "kommune"}
    # Every link is the atlas with this filter and one Kommune: the same start for all.
    link_start = f"{reverse('atlas:list')}?{urlencode({**query, 'kommune': ''})}"

    def href(place: Place) -> str:
        return link_start + quote_plus(place.ags)

    base = land_map()
    shapes = base.shapes
    result = count_map(
        shapes=shapes,
        places=base.places,
        counts=counts_of(base, cooperations, filtered_by=filter_key(chosen.items()) if valid else ""),
        title=_("Karte: veröffentlichte Kooperationen je Kommune in %(land)s") % {"land": land_name()},
        href=href,
    )
    return render(
        request,
        "geo/atlas_map.html",
        {
            "filter": filterset,
            "map": result,
            "rows": count_rows(result.rows, href),
            "no_boundaries": shapes.empty,
            "query": urlencode(query),
            "source_note": SOURCE_NOTE,
            "source_url": SOURCE_URL,
        },
    )
