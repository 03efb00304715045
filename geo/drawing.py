"""From places and counts to map areas: shared by the atlas map, a cooperation's small
map and the annual PDF."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from html import escape  # as Django's, without its lazy-string check (thousands of calls)

from django.utils.formats import localize
from django.utils.safestring import SafeString, mark_safe
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
    describe = describe or cooperations_text
    # Text and colour per count, not per place: a Land has 400+ places and a few dozen
    # different counts, and a plural form costs as much as the rest of an area.
    by_count: dict[int, tuple[str, str]] = {}
    outlines: list[Area] = []
    dots: list[Area] = []
    without_boundary: list[Place] = []
    without_position: list[Place] = []
    drawn: set[str] = set()
    for place in places:
        n = counts.get(place.pk, 0)
        looks = by_count.get(n)
        if looks is None:
            looks = by_count[n] = (describe(n), fill_for(n, breaks))
        area_title, fill, link = f"{place.name}: {looks[0]}", looks[1], href(place) if href else ""
        outline = shapes.gemeinden.get(place.ags)
        if outline:
            outlines.append(Area(place.ags, area_title, fill, link, path=outline[1]))
            drawn.add(place.ags)
            continue
        without_boundary.append(place)
        if place.latitude is not None and place.longitude is not None:
            point = project_point(place.latitude, place.longitude)
            dots.append(Area(place.ags, area_title, fill, link, point=point))
        else:
            without_position.append(place)
    # Dots last, so that they lie on top of the outlines around them.
    areas = outlines + dots
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


def count_rows(rows: Sequence[tuple[Place, int]], href: Callable[[Place], str]) -> SafeString:
    """The rows of the table beside the map: a place (linked, with its Kreis) and its
    count. Built here like the SVG: a template loop over the 400+ rows of a Land took
    longer than everything else on the page (nationwide 65 ms of 200)."""
    numbers: dict[int, str] = {}
    out = []
    for place, n in rows:
        number = numbers.get(n)
        if number is None:
            number = numbers[n] = escape(localize(n))
        kreis = (
            f' <span class="geo-table__kreis">({escape(place.kreis)})</span>'
            if place.kreis and place.kreis != place.name
            else ""
        )
        out.append(
            f'<tr><th scope="row" class="kern-table__cell"><a href="{escape(href(place))}">'
            f"{escape(place.name)}</a>{kreis}</th>"
            f'<td class="kern-table__cell kern-table__cell--numeric">{number}</td></tr>'
        )
    # Every text above is escaped; the markup is constant.
    return mark_safe("".join(out))  # noqa: S308


__all__ = ["NONE_FILL", "CountMap", "count_map", "count_rows"]
