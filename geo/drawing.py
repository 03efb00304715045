"""From places and counts to map areas: shared by the atlas map, a cooperation's small
map and the annual PDF."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .maps import NONE_FILL, Area, Shapes, class_breaks, fill_for, legend, project_point, render
from .selectors import Place


def cooperations_text(n: int) -> str:
    if not n:
        return _("keine Kooperation")
    return ngettext("%(n)d Kooperation", "%(n)d Kooperationen", n) % {"n": n}


@dataclass
class CountMap:
    svg: SafeString
    legend: list[tuple[str, str]]
    rows: list[tuple[Place, int]]  # the places with a count, largest first
    without_boundary: list[Place] = field(default_factory=list)
    without_position: list[Place] = field(default_factory=list)
    places_total: int = 0
    edition: str = ""
    has_background: bool = False


def count_map(
    *,
    shapes: Shapes,
    places: Sequence[Place],
    counts: dict[int, int],
    title: str,
    href: Callable[[Place], str] | None = None,
    describe: Callable[[int], str] | None = None,
    width_px: int = 700,
) -> CountMap:
    """Every place shaded by its count; a place the boundary edition does not know (a
    merger after it) is a dot at its register centre, or only listed without one."""
    breaks = class_breaks(counts.get(p.pk, 0) for p in places)
    areas: list[Area] = []
    without_boundary: list[Place] = []
    without_position: list[Place] = []
    drawn: set[str] = set()
    for place in places:
        n = counts.get(place.pk, 0)
        common = Area(
            ags=place.ags,
            title=f"{place.name}: {(describe or cooperations_text)(n)}",
            fill=fill_for(n, breaks),
            href=href(place) if href else "",
        )
        outline = shapes.gemeinden.get(place.ags)
        if outline:
            areas.append(replace(common, path=outline[1]))
            drawn.add(place.ags)
            continue
        without_boundary.append(place)
        if place.latitude is not None and place.longitude is not None:
            areas.append(replace(common, point=project_point(place.latitude, place.longitude)))
        else:
            without_position.append(place)
    # Dots last, so that they lie on top of the outlines around them.
    areas.sort(key=lambda a: a.point is not None)
    background = [(name, path) for ags, (name, path) in shapes.gemeinden.items() if ags not in drawn]
    svg = render(shapes=shapes, areas=areas, title=title, width_px=width_px, background=background)
    rows = sorted(((p, counts[p.pk]) for p in places if counts.get(p.pk)), key=lambda r: (-r[1], r[0].name))
    return CountMap(
        svg=svg,
        legend=legend(breaks),
        rows=rows,
        without_boundary=without_boundary,
        without_position=without_position,
        places_total=len(places),
        edition=shapes.edition,
        has_background=bool(background),
    )


__all__ = ["NONE_FILL", "CountMap", "count_map"]
