"""Target against actual savings per year, as a small server-drawn SVG (the helpers and
colours of core.charts): a column per reported year with its share saved, a
dashed line at the target share. The table beside it carries the same numbers."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Protocol

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from core.charts import BAR, GRID, TEXT, WIDTH, _open

if TYPE_CHECKING:
    from .models import SavingsReport

BELOW = "#a4342a"  # dark red, 6.6:1 against white; the label says „unter Ziel“ too
TARGET = "#1b1b1b"


def _pct(value: Decimal) -> str:
    return f"{value:.1f} %".replace(".", ",")


class ChartYear(Protocol):
    """A year of the chart (savings.selectors.YearRow): its report, if any, and whether
    it meets the case's target."""

    @property
    def year(self) -> int: ...

    @property
    def report(self) -> SavingsReport | None: ...

    @property
    def meets(self) -> bool | None: ...


def target_chart(rows: Sequence[ChartYear], target_pct: Decimal) -> SafeString:
    height, top, bottom = 240, 28, 30
    plot_h = height - top - bottom
    values = [r.report.savings_pct for r in rows if r.report is not None]
    high = max([target_pct, *values, Decimal(1)])
    low = min([Decimal(0), *values])
    span = (high - low) * Decimal("1.15") or Decimal(1)

    def y(value: Decimal) -> float:
        return top + float((high * Decimal("1.1") - value) / span) * plot_h

    described = "; ".join(
        f"{r.year}: {_pct(r.report.savings_pct)}" if r.report else f"{r.year}: kein Bericht" for r in rows
    )
    title = f"Einsparung je Jahr gegenüber dem Ziel von {_pct(target_pct)}"
    out = _open(title, height, f"{described}. Ziel: {_pct(target_pct)}.")
    slot = WIDTH / max(len(rows), 1)
    bar_w = min(slot * 0.6, 56)
    zero = y(Decimal(0))
    out.append(f'<line x1="0" y1="{zero:.1f}" x2="{WIDTH}" y2="{zero:.1f}" stroke="{GRID}"/>')
    for i, row in enumerate(rows):
        cx = i * slot + slot / 2
        out.append(
            f'<text x="{cx:.1f}" y="{height - 8}" text-anchor="middle" fill="{TEXT}">{row.year}</text>'
        )
        if row.report is None:
            out.append(f'<text x="{cx:.1f}" y="{zero - 6:.1f}" text-anchor="middle" fill="{TEXT}">–</text>')
            continue
        value = row.report.savings_pct
        y_value = y(value)
        top_y, h = min(y_value, zero), abs(zero - y_value)
        colour = BAR if row.meets else BELOW
        out.append(
            f'<rect x="{cx - bar_w / 2:.1f}" y="{top_y:.1f}" width="{bar_w:.1f}" height="{max(h, 1):.1f}" '
            f'fill="{colour}"/>'
        )
        label_y = top_y - 5 if value >= 0 else top_y + h + 14
        out.append(
            f'<text x="{cx:.1f}" y="{label_y:.1f}" text-anchor="middle" fill="{TEXT}" font-weight="600">'
            f"{escape(_pct(value))}</text>"
        )
    target_y = y(target_pct)
    out.append(
        f'<line x1="0" y1="{target_y:.1f}" x2="{WIDTH}" y2="{target_y:.1f}" stroke="{TARGET}" '
        'stroke-width="2" stroke-dasharray="6 4"/>'
    )
    out.append(
        f'<text x="{WIDTH - 4}" y="{target_y - 6:.1f}" text-anchor="end" fill="{TEXT}">'
        f"{escape('Ziel ' + _pct(target_pct))}</text>"
    )
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 - every text node above is escaped
