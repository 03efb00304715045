"""The demo's savings reports: several years per funded, started case, some below target
two years running, some with last year missing; the same on every run, and a second run
adds nothing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from cooperations.models import Cooperation
from demo.seed.savings_reports import seed
from savings.models import SavingsReport
from savings.selectors import below_target_twice, desk_savings
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_demo_reports_are_deterministic_idempotent_and_varied(db: None) -> None:
    year = timezone.localdate().year
    for n in range(24):
        case = factories.CooperationFactory(
            reference=f"IKZ-2020-{n:04d}",
            started_on=dt.date(year - 5, 4, 1),
            planned_duration_years=6,
            expected_savings_pct=Decimal("20"),
            expected_savings_eur=Decimal("50000"),
        )
        factories.GrantFactory(cooperation=case, budget_year=year - 5)
    factories.CooperationFactory(started_on=dt.date(year - 5, 4, 1))  # not funded: no reports

    seed(today=timezone.localdate())
    first = sorted(SavingsReport.objects.values_list("cooperation__reference", "year", "current_costs"))
    seed(today=timezone.localdate())

    assert (
        sorted(SavingsReport.objects.values_list("cooperation__reference", "year", "current_costs")) == first
    )
    per_case = {ref for ref, _y, _c in first}
    assert len(per_case) == 24
    assert len(first) > 24 * 3  # several years each
    assert below_target_twice(Cooperation.objects.all()).exists()
    assert desk_savings(today=timezone.localdate()).rows  # some last year's reports missing
    assert all(r.savings_eur == r.baseline_costs - r.current_costs for r in SavingsReport.objects.all())
    # Each report carries its historic date – given early in the year after the one it
    # reports on – in its row and in its first history entry.
    for report in SavingsReport.objects.all():
        given = timezone.localtime(report.created_at)
        assert (given.year, report.updated_at) == (report.year + 1, report.created_at)
        assert given.month <= 3
        entry = SavingsReport.history.get(id=report.pk)  # type: ignore[attr-defined]
        assert (entry.history_type, entry.history_date, entry.created_at) == (
            "+",
            report.created_at,
            report.created_at,
        )

    SavingsReport.objects.all().delete()
    seed(today=timezone.localdate())
    assert (
        sorted(SavingsReport.objects.values_list("cooperation__reference", "year", "current_costs")) == first
    )
