"""Maps drawn on the server as SVG from the stored boundaries (geo.models): no tiles,
no script, nothing fetched from elsewhere. One code path for the page and the PDF.

A map is a list of `Area`s (a municipality's outline, or a dot at its register centre
when the boundary edition does not know it yet) drawn over by the Kreis borders."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from html import escape  # Django's escape, without its lazy-string check: hundreds of calls a map

from django.db.models import BooleanField, Func, Value
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from core.land import land_code

from .models import Boundary, bbox_expression
from .shapes import TARGET_CRS, UNIT_METRES

# A sequential blue scale (ColorBrewer "Blues"); the lightest grey is "none".
NONE_FILL = "#e3e7eb"
OUTSIDE_FILL = "#ffffff"
PARTNER_KREIS_FILL = "#c6dbef"
SCALE = ("#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c")
HIGHLIGHT_FILL = "#3182bd"
LEAD_FILL = "#08306b"
KREIS_STROKE = "#1b1b1b"


@dataclass(frozen=True)
class Area:
    ags: str
    title: str
    fill: str
    href: str = ""
    path: str = ""
    point: tuple[int, int] | None = None


@dataclass(frozen=True)
class Shapes:
    """A Land's (or a window's) boundaries: AGS → (name, path) per level, and the box."""

    gemeinden: dict[str, tuple[str, str]]
    kreise: dict[str, str]
    box: tuple[int, int, int, int]
    edition: str

    @property
    def empty(self) -> bool:
        return not self.gemeinden


class Overlaps(Func):
    """PostgreSQL's `a && b` on two boxes: true when they overlap."""

    arg_joiner = " && "
    template = "(%(expressions)s)"
    output_field = BooleanField()


def box_of(x0: int, y0: int, x1: int, y1: int) -> Func:
    def point(x: int, y: int) -> Func:
        return Func(Value(float(x)), Value(float(y)), function="point")

    return Func(point(x0, y0), point(x1, y1), function="box")


def land_shapes(prefix: str | None = None, window: tuple[int, int, int, int] | None = None) -> Shapes:
    """One query: the Gemeinde and Kreis boundaries of the Land (or those touching `window`)."""
    prefix = land_code() if prefix is None else prefix
    rows = Boundary.objects.all()
    if prefix:
        # Both levels named, so the (level, ags) pattern index serves the prefix.
        rows = rows.filter(level__in=Boundary.Level.values, ags__startswith=prefix)
    if window:
        x0, y0, x1, y1 = window
        # The GiST index boundary_bbox answers `&&` (boxes overlap) on the same expression.
        rows = rows.filter(Overlaps(bbox_expression(), box_of(x0, y0, x1, y1)))
    gemeinden: dict[str, tuple[str, str]] = {}
    kreise: dict[str, str] = {}
    box = [10**9, 10**9, -(10**9), -(10**9)]
    editions = set()
    values = rows.order_by("level", "ags").values_list(
        "level", "ags", "name", "path", "min_x", "min_y", "max_x", "max_y", "edition"
    )
    for level, ags, name, path, *bbox, edition in values:
        editions.add(edition)
        if level == Boundary.Level.KREIS:
            kreise[ags] = path
            continue
        gemeinden[ags] = (name, path)
        box = [min(box[0], bbox[0]), min(box[1], bbox[1]), max(box[2], bbox[2]), max(box[3], bbox[3])]
    return Shapes(gemeinden, kreise, (box[0], box[1], box[2], box[3]), ", ".join(sorted(editions)))


@lru_cache(maxsize=1)
def _transformer():  # type: ignore[no-untyped-def]
    import pyproj

    return pyproj.Transformer.from_crs("EPSG:4326", TARGET_CRS, always_xy=True)


def project_point(latitude: Decimal | float, longitude: Decimal | float) -> tuple[int, int]:
    """A register centre point in the drawing's units (the boundaries' projection)."""
    x, y = _transformer().transform(float(longitude), float(latitude))
    return round(x / UNIT_METRES), -round(y / UNIT_METRES)


def class_breaks(values: Iterable[int], classes: int = len(SCALE)) -> list[int]:
    """Lower bounds of up to `classes` colour classes for counts ≥ 1, from the quantiles
    of the counts that occur (so a few large counts do not wash out the rest)."""
    counts = sorted(v for v in values if v > 0)
    if not counts:
        return [1]
    bounds = {1}
    for i in range(1, classes):
        bounds.add(counts[(len(counts) * i) // classes])
    return sorted(bounds)


def fill_for(count: int, breaks: Sequence[int]) -> str:
    if count <= 0:
        return NONE_FILL
    index = max(i for i, bound in enumerate(breaks) if count >= bound)
    # Few classes: spread them over the scale instead of using only its light end.
    step = (len(SCALE) - 1) / max(len(breaks) - 1, 1)
    return SCALE[round(index * step)] if len(breaks) > 1 else SCALE[2]


def legend(breaks: Sequence[int]) -> list[tuple[str, str]]:
    """(fill, label) per class, for the legend beside the map."""
    from django.utils.translation import gettext as _

    items = [(NONE_FILL, _("keine"))]
    for i, low in enumerate(breaks):
        high = breaks[i + 1] - 1 if i + 1 < len(breaks) else None
        label = str(low) if high == low else (f"{low}–{high}" if high else _("%(n)s und mehr") % {"n": low})
        items.append((fill_for(low, breaks), label))
    return items


def render(
    *,
    shapes: Shapes,
    areas: Sequence[Area],
    title: str,
    box: tuple[int, int, int, int] | None = None,
    width_px: int = 700,
    label_id: str = "karte-titel",
    background: Iterable[tuple[str, str]] = (),
) -> SafeString:
    """The SVG: areas (linked when they have an href), background outlines without a
    link (boundaries the register no longer has), then the Kreis borders on top.
    Stroke widths are in map units, computed for `width_px`, because WeasyPrint does
    not know `vector-effect: non-scaling-stroke`."""
    x0, y0, x1, y1 = box or shapes.box
    pad = max(x1 - x0, y1 - y0) // 50 + 1
    x0, y0, x1, y1 = x0 - pad, y0 - pad, x1 + pad, y1 + pad
    unit = max(x1 - x0, 1) / width_px  # map units per pixel
    thin, thick, radius = f"{unit * 0.6:.2f}", f"{unit * 1.4:.2f}", f"{unit * 4.5:.1f}"
    out = [
        format_html(
            '<svg xmlns="http://www.w3.org/2000/svg" class="geo-map__svg" viewBox="{} {} {} {}" '
            'role="group" aria-labelledby="{}" preserveAspectRatio="xMidYMid meet">'
            '<title id="{}">{}</title>',
            x0,
            y0,
            x1 - x0,
            y1 - y0,
            label_id,
            label_id,
            title,
        ),
        f'<g stroke="#ffffff" stroke-width="{thin}" stroke-linejoin="round" fill-rule="evenodd">',
    ]
    for name, path in background:
        out.append(
            f'<path d="{path}" fill="{OUTSIDE_FILL}" stroke="{NONE_FILL}"><title>{escape(name)}</title></path>'
        )
    for area in areas:
        shape = (
            f'<path d="{area.path}" fill="{area.fill}">'
            if area.path
            else f'<circle cx="{area.point[0]}" cy="{area.point[1]}" r="{radius}" fill="{area.fill}" '  # type: ignore[index]
            f'stroke="{KREIS_STROKE}">'
        )
        closing = "</path>" if area.path else "</circle>"
        if area.href:
            out.append(
                f'<a href="{escape(area.href)}" class="geo-map__area"><title>{escape(area.title)}</title>'
                f"{shape}{closing}</a>"
            )
        else:
            out.append(f"{shape}<title>{escape(area.title)}</title>{closing}")
    out.append("</g>")
    if shapes.kreise:
        out.append(
            f'<g fill="none" stroke="{KREIS_STROKE}" stroke-width="{thick}" stroke-linejoin="round" '
            'aria-hidden="true" pointer-events="none">'
        )
        out.extend(f'<path d="{path}"/>' for path in shapes.kreise.values())
        out.append("</g>")
    out.append("</svg>")
    # Paths come from the import (digits, spaces and MLlz only); every text is escaped.
    return mark_safe("".join(out))  # noqa: S308
