"""The savings reports of the funded cases under way (issue 16), for `seed_scale`: each
reports most finished years of its reporting period (at least five years from the start
of implementation, up to 2025), a fifth of them below the 15 % target. Drawn from a
random sequence of their own, so that adding them changed none of the other rows."""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

from savings.models import MIN_REPORTING_YEARS, SavingsReport

from .plan import CENT, END, Case, _aware, _day_in
from .writer import Writer


def savings_reports(cases: list[Case], *, writer: Writer, seed: int, log: Callable[[str], None]) -> int:
    rng = random.Random(f"savings-{seed}")
    plan: list[tuple[int, int, int]] = []  # (case, year, first year)
    for case in cases:
        if not case.funded or case.started_on is None:
            continue
        first = case.started_on.year
        last = min(first + max(case.duration or 0, MIN_REPORTING_YEARS) - 1, END.year)
        plan += [(case.id, year, first) for year in range(first, last + 1) if rng.random() < 0.85]

    ids = writer.ids(SavingsReport, len(plan))  # before the COPY: it asks the same connection

    def rows() -> Iterator[dict[str, Any]]:
        for pk, (case_id, year, first) in zip(ids, plan, strict=True):
            baseline = Decimal(rng.randint(100, 3_000) * 1_000)
            pct = Decimal(rng.choice((5, 8, 10, 12, 15, 16, 18, 20, 22, 25, 30)))
            saved = (baseline * pct / 100).quantize(CENT)
            reported = _aware(_day_in(min(year + 1, END.year), rng), rng)
            yield {
                "id": pk,
                "cooperation_id": case_id,
                "year": year,
                "baseline_year": first - 1,
                "baseline_costs": baseline,
                "current_costs": baseline - saved,
                "savings_eur": saved,
                "savings_pct": (saved * 100 / baseline).quantize(CENT),
                "explanation": "",
                "attachment_id": None,
                "reported_by_id": None,
                "created_at": reported,
                "updated_at": reported,
            }

    written = writer.write(SavingsReport, rows())
    log(f"Einsparberichte: {written}")
    return written
