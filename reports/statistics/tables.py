"""Tables: one shape for the dashboard, the PDF and the CSV downloads."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.safestring import SafeString

from backoffice.exports import spreadsheet_text

from .constants import CHART_MAX_BARS
from .formats import fmt_decimal, fmt_euro, fmt_euro_short, fmt_int, fmt_pct


@dataclass(frozen=True)
class Column:
    label: str
    kind: str = "text"  # text | int | euro | pct | figure (already formatted, right-aligned)

    @property
    def numeric(self) -> bool:
        return self.kind != "text"

    def display(self, value: Any) -> str:
        if self.kind == "int":
            return fmt_int(value)
        if self.kind == "euro":
            return fmt_euro(value)
        if self.kind == "pct":
            return fmt_pct(value)
        return str(value)

    def csv(self, value: Any) -> str:
        """Exact values in German notation, so spreadsheets read them as numbers."""
        if value is None:
            return ""
        if self.kind == "euro":
            return fmt_decimal(Decimal(value), 2).replace(".", "")
        if self.kind == "pct":
            return fmt_decimal(Decimal(value), 1)
        if self.kind == "int":
            return str(value)
        # Names come from data (programmes, Handlungsfelder): never a formula in a spreadsheet.
        return spreadsheet_text(str(value))


@dataclass(frozen=True)
class Cell:
    text: str
    numeric: bool


@dataclass(frozen=True)
class Table:
    slug: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Any, ...], ...]
    total: tuple[Any, ...] | None = None
    note: str = ""
    # Which column a chart shows, and whether bars run across (labels) or up (years).
    chart_column: int | None = None
    chart_kind: str = "bar"

    def _cells(self, row: Sequence[Any]) -> list[Cell]:
        return [Cell(col.display(v), col.numeric) for col, v in zip(self.columns, row, strict=True)]

    @property
    def display_rows(self) -> list[list[Cell]]:
        return [self._cells(r) for r in self.rows]

    @property
    def display_total(self) -> list[Cell] | None:
        return self._cells(self.total) if self.total else None

    def csv_rows(self) -> Iterable[list[str]]:
        yield [c.label for c in self.columns]
        for row in self.rows:
            yield [c.csv(v) for c, v in zip(self.columns, row, strict=True)]
        if self.total:
            yield [c.csv(v) for c, v in zip(self.columns, self.total, strict=True)]

    def chart(self) -> SafeString | None:
        from core import charts

        if self.chart_column is None or not self.rows:
            return None
        col = self.columns[self.chart_column]
        data = [(str(r[0]), Decimal(r[self.chart_column] or 0)) for r in self.rows]
        title = f"{self.title}: {col.label}"
        if self.chart_kind == "bar" and len(data) > CHART_MAX_BARS:
            # The largest bars only (a bar for "the rest" would dwarf them); the table lists every row.
            data = sorted(data, key=lambda d: d[1], reverse=True)[:CHART_MAX_BARS]
            title += f" (die {CHART_MAX_BARS} größten Werte)"
        fmt: Callable[[Decimal], str] = fmt_euro_short if col.kind == "euro" else (lambda v: fmt_int(int(v)))
        if self.chart_kind == "column":
            unit = ""
            biggest = max(v for _, v in data)
            if col.kind == "euro" and len(data) > 6 and biggest >= 1000:
                # Many columns: short labels, the unit once above the chart.
                scale, unit, places = (
                    (Decimal(1_000_000), "in Mio. €", 1)
                    if biggest >= 1_000_000
                    else (Decimal(1000), "in Tsd. €", 0)
                )

                def fmt(v: Decimal) -> str:
                    return fmt_decimal(v / scale, places)

            return charts.column_chart(title, data, fmt, unit=unit)
        return charts.bar_chart(title, data, fmt)
