"""Demo data of the savings monitoring, called from `seed_demo` in one line: for every
funded case whose implementation began, reports for its finished years – most near or
above their target, some below it two years running, some with last year's report still
missing (due or overdue on the adviser's start page). Deterministic (a random generator
per case reference) and idempotent (a year already reported is left alone). Written in
bulk with their history rows: the demo sends no mails and writes no case notes."""

from __future__ import annotations

import datetime as dt
import random
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction

from savings.models import MIN_SAVINGS_PCT, SavingsReport
from savings.schedule import reporting_years
from savings.selectors import monitored_cases
from savings.services import savings_pct

EXPLANATIONS = {
    "good": [
        "Gemeinsame Beschaffung und eine Stelle weniger durch die gemeinsame Sachbearbeitung.",
        "Geringere Miet- und Energiekosten nach dem Umzug in ein gemeinsames Gebäude.",
        "Gemeinsamer Fuhrpark, Wartungsverträge neu ausgeschrieben.",
    ],
    "below": [
        "Eine Stelle konnte erst später eingespart werden; Einarbeitung dauerte länger als geplant.",
        "Höhere Personalkosten durch den Tarifabschluss; die Einsparung ist geringer als geplant.",
        "Softwarelizenzen teurer als im Antrag angenommen.",
    ],
}


def _euro(value: Decimal) -> Decimal:
    return value.quantize(Decimal("100"), rounding=ROUND_HALF_UP).quantize(Decimal("0.01"))


@transaction.atomic
def seed(*, today: dt.date) -> dict[str, str]:
    tz = ZoneInfo(settings.TIME_ZONE)
    done = set(SavingsReport.objects.values_list("cooperation_id", "year"))
    new: list[SavingsReport] = []
    stamps: list[dt.datetime] = []
    cases = monitored_cases().order_by("reference")
    for case in cases:
        rng = random.Random(f"einsparungen:{case.reference}")
        years = [y for y in reporting_years(case) if y < today.year]
        if not years:
            continue
        target = case.expected_savings_pct or MIN_SAVINGS_PCT
        expected = case.expected_savings_eur or Decimal(rng.randint(20, 120) * 1000)
        baseline = _euro(expected * 100 / target)
        kind = rng.choices(["good", "below", "late"], weights=[6, 3, 2])[0]
        if kind == "late" and len(years) > 1:
            years = years[:-1]  # last year's report is still missing
        for i, year in enumerate(years):
            if (case.pk, year) in done:
                continue
            # Savings grow in the first years; a "below" case falls short in its last two.
            ramp = Decimal(min(i + 1, 3)) / 3
            factor = Decimal(rng.randint(95, 140)) / 100
            if kind == "below" and i >= len(years) - 2:
                factor = Decimal(rng.randint(35, 80)) / 100
            pct = target * factor * (ramp if kind != "below" or i < len(years) - 2 else 1)
            current = _euro(baseline * (1 - pct / 100))
            report = SavingsReport(
                cooperation=case,
                year=year,
                baseline_year=reporting_years(case).start - 1,
                baseline_costs=baseline,
                current_costs=current,
                savings_eur=baseline - current,
                savings_pct=savings_pct(baseline=baseline, current=current),
                explanation=rng.choice(EXPLANATIONS["below" if factor < 1 else "good"]),
            )
            new.append(report)
            stamps.append(
                dt.datetime(year + 1, rng.randint(1, 3), rng.randint(1, 28), rng.randint(8, 16), tzinfo=tz)
            )
    # Historic times: a report for a year is given early in the next one. The rows are
    # inserted (created_at is stamped "now" on insert), restamped in one bulk UPDATE per
    # batch, and their history written with the same stamps – not two UPDATEs per
    # report, which took half of seed_demo's time.
    SavingsReport.objects.bulk_create(new, batch_size=500)
    for report, when in zip(new, stamps, strict=True):
        report.created_at = report.updated_at = when
        report._history_date = when  # type: ignore[attr-defined]  # read by bulk_history_create
    SavingsReport.objects.bulk_update(new, ["created_at", "updated_at"], batch_size=500)
    SavingsReport.history.bulk_history_create(new, batch_size=500, default_change_reason=None)  # type: ignore[attr-defined]
    return {"Einsparberichte": f"{SavingsReport.objects.count()} von {cases.count()} überwachten Vorgängen"}
