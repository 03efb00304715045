"""Small maps inside other pages: a cooperation's partners on its atlas page and the
funded municipalities in the annual PDF. Template tags, so that the pages that show
them change by one line."""

from __future__ import annotations

from typing import Any

from django import template
from django.db.models import Max, Min
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from contacts.models import Municipality
from core.land import land_name
from geo.drawing import count_map
from geo.maps import (
    HIGHLIGHT_FILL,
    LEAD_FILL,
    NONE_FILL,
    PARTNER_KREIS_FILL,
    Area,
    land_shapes,
    project_point,
    render,
)
from geo.models import SOURCE_NOTE, SOURCE_URL, Boundary
from geo.selectors import funded_counts, land_places

register = template.Library()

# The smallest window of a cooperation's map, in map units (100 m): 30 km.
MIN_WINDOW = 300


@register.inclusion_tag("geo/_partner_map.html")
def partner_map(cooperation: Any) -> dict[str, Any]:
    """The partners of a published cooperation highlighted among their neighbours
    (three queries). `current_participations` is the atlas's prefetch."""
    roles = {p.municipality_id: p.role for p in cooperation.current_participations}
    partners = list(
        Municipality.objects.filter(pk__in=roles).values_list(
            "pk", "ags", "name", "kind", "latitude", "longitude"
        )
    )
    box = Boundary.objects.filter(level=Boundary.Level.GEMEINDE, ags__in=[p[1] for p in partners]).aggregate(
        x0=Min("min_x"), y0=Min("min_y"), x1=Max("max_x"), y1=Max("max_y")
    )
    points = {
        pk: project_point(lat, lon)
        for pk, _a, _n, _k, lat, lon in partners
        if lat is not None and lon is not None
    }
    xs = [v for v in (box["x0"], box["x1"]) if v is not None] + [x for x, _y in points.values()]
    ys = [v for v in (box["y0"], box["y1"]) if v is not None] + [y for _x, y in points.values()]
    kreis_keys = {ags[:5] for _pk, ags, _n, kind, *_rest in partners if kind == Municipality.Kind.LANDKREIS}
    if kreis_keys:
        kreis_box = Boundary.objects.filter(
            level=Boundary.Level.KREIS, ags__in=[k + "000" for k in kreis_keys]
        ).aggregate(x0=Min("min_x"), y0=Min("min_y"), x1=Max("max_x"), y1=Max("max_y"))
        xs += [v for v in (kreis_box["x0"], kreis_box["x1"]) if v is not None]
        ys += [v for v in (kreis_box["y0"], kreis_box["y1"]) if v is not None]
    if not xs:
        return {"svg": None}
    cx, cy = (min(xs) + max(xs)) // 2, (min(ys) + max(ys)) // 2
    half = max(max(xs) - min(xs), max(ys) - min(ys), MIN_WINDOW) * 7 // 10
    window = (cx - half, cy - half, cx + half, cy + half)
    shapes = land_shapes(prefix="", window=window)
    by_ags = {ags: (pk, name, kind) for pk, ags, name, kind, *_rest in partners}
    areas: list[Area] = []
    for ags, (name, path) in shapes.gemeinden.items():
        if ags in by_ags:
            pk, register_name, _kind = by_ags[ags]
            lead = roles.get(pk) == "federfuehrend"
            role_text = _("federführend") if lead else _("beteiligt")
            areas.append(
                Area(ags, f"{register_name} ({role_text})", LEAD_FILL if lead else HIGHLIGHT_FILL, path=path)
            )
        elif ags[:5] in kreis_keys:
            areas.append(
                Area(ags, f"{name} ({_('im beteiligten Landkreis')})", PARTNER_KREIS_FILL, path=path)
            )
        else:
            areas.append(Area(ags, name, NONE_FILL, path=path))
    for pk, ags, name, kind, *_rest in partners:
        if ags not in shapes.gemeinden and kind != Municipality.Kind.LANDKREIS and pk in points:
            lead = roles.get(pk) == "federfuehrend"
            areas.append(Area(ags, name, LEAD_FILL if lead else HIGHLIGHT_FILL, point=points[pk]))
    svg = render(
        shapes=shapes,
        areas=areas,
        title=_("Lage der beteiligten Kommunen"),
        box=window,
        width_px=360,
        label_id="partnerkarte-titel",
    )
    return {
        "svg": svg,
        "with_kreis": bool(kreis_keys),
        "lead_fill": LEAD_FILL,
        "partner_fill": HIGHLIGHT_FILL,
        "kreis_fill": PARTNER_KREIS_FILL,
        "source_note": SOURCE_NOTE,
        "source_url": SOURCE_URL,
    }


def _funded_text(n: int) -> str:
    if not n:
        return _("nicht gefördert")
    return ngettext("%(n)d geförderte Kooperation", "%(n)d geförderte Kooperationen", n) % {"n": n}


@register.inclusion_tag("geo/_funded_map.html")
def funded_map(year: int) -> dict[str, Any]:
    """The annual PDF's map: municipalities with funded cooperations up to `year`, and
    how many of each Kreis's municipalities took part (three queries)."""
    shapes = land_shapes()
    if shapes.empty:  # no boundaries imported: no map, and no query for it
        return {"empty": True}
    places = land_places()
    counts = funded_counts(year)
    result = count_map(
        shapes=shapes,
        places=places,
        counts=counts,
        title=_("Geförderte Kommunen in %(land)s bis %(year)s") % {"land": land_name(), "year": year},
        describe=_funded_text,
        width_px=480,
    )
    per_kreis: dict[str, list[int]] = {}
    for place in places:
        row = per_kreis.setdefault(place.kreis or _("ohne Kreiszuordnung"), [0, 0])
        row[1] += 1
        row[0] += bool(counts.get(place.pk))
    return {
        "year": year,
        "map": result,
        "empty": shapes.empty,
        "kreise": sorted((name, funded, total) for name, (funded, total) in per_kreis.items()),
        "source_note": SOURCE_NOTE,
    }
