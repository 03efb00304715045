"""The demography view's chart: each partner's population as the change in per cent
since its first recorded edition, and the partners together as a thick line. Changes,
not head counts: a Landkreis of 250.000 beside a Gemeinde of 3.000 would otherwise be
a flat line. Drawn 320 units wide so that its text stays readable on a 320 px phone;
the table beside it has the numbers (core/charts.py explains the <title>/<desc>)."""

from __future__ import annotations

import datetime as dt
import zlib
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from core.charts import FONT, GRID, TEXT

from .demography import Demography, change_percent, fmt_change

WIDTH = 320
LEFT, RIGHT, TOP, PLOT_H = 56, 14, 12, 150
LEGEND_ROW = 22
# 15 units: about 13 px where a 320 px phone shows the chart 280 px wide.
FONT_SIZE = 15
COMBINED = "#1b1b1b"
# Colour and dash together, so the lines differ for colour-blind readers and in print.
STYLES = (
    ("#1d4f91", ""),
    ("#b2560d", "6 3"),
    ("#2e7d32", "2 3"),
    ("#6a1b9a", "8 3 2 3"),
    ("#00695c", "4 4"),
    ("#8a1538", "1 2"),
)
NICE_STEPS = (Decimal(1), Decimal(2), Decimal(5), Decimal(10), Decimal(20), Decimal(50), Decimal(100))


def _series(dates: list[dt.date], values: list[int | None]) -> list[tuple[dt.date, Decimal]]:
    known = [(d, v) for d, v in zip(dates, values, strict=True) if v is not None]
    if not known:
        return []
    base = known[0][1]
    return [(d, change_percent(base, v) or Decimal(0)) for d, v in known]


def _clip(label: str, limit: int = 38) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def demography_chart(demography: Demography, title: str) -> SafeString:
    dates = demography.dates
    lines: list[tuple[str, str, str, int, list[tuple[dt.date, Decimal]]]] = []
    for i, p in enumerate(demography.partners):
        colour, dash = STYLES[i % len(STYLES)]
        lines.append((p.name, colour, dash, 2, _series(dates, [e.population for e in p.editions])))
    if len(demography.partners) > 1:
        combined = _series(dates, [e.population for e in demography.combined])
        lines.append((_("alle zusammen"), COMBINED, "", 4, combined))
    changes = [c for *_rest, points in lines for _d, c in points]
    low, high = min([Decimal(0), *changes]), max([Decimal(0), *changes])
    step = next((s for s in NICE_STEPS if (high - low) / s <= 4), NICE_STEPS[-1])
    low = (low / step).to_integral_value(rounding="ROUND_FLOOR") * step
    high = (high / step).to_integral_value(rounding="ROUND_CEILING") * step
    if high == low:
        low, high = low - step, high + step
    plot_w = WIDTH - LEFT - RIGHT
    first, last = dates[0], dates[-1]
    span = (last - first).days or 1

    def x(d: dt.date) -> float:
        return LEFT + plot_w / 2 if first == last else LEFT + plot_w * (d - first).days / span

    def y(c: Decimal) -> float:
        return TOP + PLOT_H * float((high - c) / (high - low))

    height = TOP + PLOT_H + 30 + LEGEND_ROW * len(lines)
    cid = f"demo-{zlib.crc32(title.encode()):08x}"
    description = "; ".join(
        f"{name}: " + ", ".join(f"{d:%Y} {fmt_change(c)}" for d, c in points) for name, *_r, points in lines
    )
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="demography-chart" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'aria-labelledby="{cid}-t {cid}-d" font-family="{FONT}" font-size="{FONT_SIZE}">',
        f'<title id="{cid}-t">{escape(title)}</title>',
        f'<desc id="{cid}-d">{escape(description)}</desc>',
    ]
    tick = low
    while tick <= high:
        ty = y(tick)
        stroke = TEXT if tick == 0 else GRID
        out.append(f'<line x1="{LEFT}" y1="{ty:.1f}" x2="{WIDTH - RIGHT}" y2="{ty:.1f}" stroke="{stroke}"/>')
        label = fmt_change(tick).replace(",0", "")
        out.append(
            f'<text x="{LEFT - 5}" y="{ty + 5:.1f}" text-anchor="end" fill="{TEXT}">{escape(label)}</text>'
        )
        tick += step
    base = TOP + PLOT_H
    shown_years: set[int] = set()
    for d in dates:
        if d.year in shown_years:
            continue
        shown_years.add(d.year)
        anchor = (
            "start" if d == first and len(dates) > 1 else "end" if d == last and len(dates) > 1 else "middle"
        )
        out.append(f'<text x="{x(d):.1f}" y="{base + 18}" text-anchor="{anchor}" fill="{TEXT}">{d:%Y}</text>')
    for _name, colour, dash, width, points in lines:
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        if len(points) > 1:
            coords = " ".join(f"{x(d):.1f},{y(c):.1f}" for d, c in points)
            out.append(
                f'<polyline points="{coords}" fill="none" stroke="{colour}" stroke-width="{width}"{dash_attr}/>'
            )
        out += [f'<circle cx="{x(d):.1f}" cy="{y(c):.1f}" r="3" fill="{colour}"/>' for d, c in points]
    for i, (name, colour, dash, width, _points) in enumerate(lines):
        ly = base + 30 + i * LEGEND_ROW + 12
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(
            f'<line x1="0" y1="{ly - 5}" x2="28" y2="{ly - 5}" stroke="{colour}" stroke-width="{width}"{dash_attr}/>'
        )
        out.append(f'<text x="36" y="{ly}" fill="{TEXT}">{escape(_clip(name, 30))}</text>')
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 - every text node above is escaped
