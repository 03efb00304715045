"""Bounds and percentiles shared by the page and job measurements."""

from __future__ import annotations

import os

MAX_REPEAT = 200  # every loop is bounded, whatever is asked for
# A page stops being repeated after this many seconds (at least MIN_REPEAT requests),
# so a page that takes 20 s does not hold the whole run for 10 minutes.
TIME_BUDGET_S = float(os.environ.get("BENCH_PAGE_BUDGET_S", "20"))
MIN_REPEAT = 3


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile: p95 of 30 values is the 29th smallest."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(share * len(ordered) + 0.5)))
    return ordered[rank - 1]
