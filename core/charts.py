"""Server-rendered SVG charts: one code path for the web page and the PDF.

No JavaScript and no plotting library: the charts are a few rectangles and text
elements, inline in the HTML, so WeasyPrint draws them as vectors and the page
needs nothing but the markup. Each chart carries a <title> (WeasyPrint 70 turns
it into the alt text) and a <desc>; the page shows the same numbers as a table
next to it for screen readers, so the SVG itself is one image, not a data source.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Sequence
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

BAR = "#1d4f91"  # KERN-like dark blue: 8.6:1 against white
TEXT = "#1b1b1b"
GRID = "#c7ccd4"
FONT = "Fira Sans, Noto Sans, DejaVu Sans, sans-serif"
WIDTH = 640

Formatter = Callable[[Decimal], str]


def _id(title: str) -> str:
    # Stable across processes (hash() is salted), unique enough within one page.
    return f"chart-{zlib.crc32(title.encode()):08x}"


def _clip(label: str, limit: int = 70) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def _open(title: str, height: int, description: str) -> list[str]:
    cid = _id(title)
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'aria-labelledby="{cid}-t {cid}-d" font-family="{FONT}" font-size="13">',
        f'<title id="{cid}-t">{escape(title)}</title>',
        f'<desc id="{cid}-d">{escape(description)}</desc>',
    ]


def _describe(data: Sequence[tuple[str, Decimal]], fmt: Formatter) -> str:
    return "; ".join(f"{label}: {fmt(value)}" for label, value in data)


def bar_chart(title: str, data: Sequence[tuple[str, Decimal]], fmt: Formatter) -> SafeString:
    """Horizontal bars, the label above each bar: long German labels stay readable."""
    row_h, bar_h, top = 40, 16, 8
    height = top + row_h * len(data) + 4
    biggest = max((v for _, v in data), default=Decimal(0)) or Decimal(1)
    usable = WIDTH - 150  # room for the value after the longest bar
    out = _open(title, height, _describe(data, fmt))
    for i, (label, value) in enumerate(data):
        y = top + i * row_h
        w = max(float(value / biggest) * usable, 1.0 if value else 0.0)
        out.append(f'<text x="0" y="{y + 12}" fill="{TEXT}">{escape(_clip(label))}</text>')
        out.append(f'<rect x="0" y="{y + 18}" width="{w:.1f}" height="{bar_h}" fill="{BAR}"/>')
        out.append(
            f'<text x="{w + 6:.1f}" y="{y + 31}" fill="{TEXT}" font-weight="600">{escape(fmt(value))}</text>'
        )
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 - every text node above is escaped


def column_chart(
    title: str, data: Sequence[tuple[str, Decimal]], fmt: Formatter, unit: str = ""
) -> SafeString:
    """Vertical columns, e.g. one per budget year; `unit` (e.g. "in Mio. €") is written
    once above the columns when the value labels are scaled."""
    height, top, bottom, left = 260, 24, 28, 8
    plot_h = height - top - bottom
    n = max(len(data), 1)
    slot = (WIDTH - left) / n
    bar_w = min(slot * 0.7, 60)
    biggest = max((v for _, v in data), default=Decimal(0)) or Decimal(1)
    out = _open(title, height, _describe(data, fmt) + (f" ({unit})" if unit else ""))
    if unit:
        out.append(f'<text x="0" y="12" fill="{TEXT}" font-size="12">{escape(unit)}</text>')
    base = top + plot_h
    out.append(f'<line x1="0" y1="{base}" x2="{WIDTH}" y2="{base}" stroke="{GRID}"/>')
    small = len(data) > 10
    for i, (label, value) in enumerate(data):
        h = float(value / biggest) * (plot_h - 18)
        x = left + i * slot + (slot - bar_w) / 2
        cx = x + bar_w / 2
        out.append(
            f'<rect x="{x:.1f}" y="{base - h:.1f}" width="{bar_w:.1f}" height="{h:.1f}" fill="{BAR}"/>'
        )
        size = ' font-size="10"' if small else ""
        out.append(
            f'<text x="{cx:.1f}" y="{base - h - 5:.1f}" text-anchor="middle" fill="{TEXT}"{size}>'
            f"{escape(fmt(value))}</text>"
        )
        out.append(
            f'<text x="{cx:.1f}" y="{base + 18}" text-anchor="middle" fill="{TEXT}"{size}>{escape(label)}</text>'
        )
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 - every text node above is escaped
