"""A funded case of Kassel whose implementation began four years ago (anna reports for it)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from accounts.models import User
from cooperations.models import Cooperation
from savings import services
from savings.models import SavingsReport
from tests import factories


def this_year() -> int:
    return timezone.localdate().year


@pytest.fixture
def funded_case(case_kassel: Cooperation, clara: User) -> Cooperation:
    Cooperation.objects.filter(pk=case_kassel.pk).update(
        started_on=dt.date(this_year() - 4, 3, 1),
        planned_duration_years=6,
        expected_savings_pct=Decimal("20"),
        expected_savings_eur=Decimal("40000"),
        adviser=clara,
    )
    factories.GrantFactory(cooperation=case_kassel, budget_year=this_year() - 4)
    case_kassel.refresh_from_db()
    return case_kassel


def report(
    case: Cooperation, actor: User, year: int, baseline: str, current: str, **kwargs: object
) -> SavingsReport:
    return services.savings_report_submit(
        case=case,
        year=year,
        baseline_year=case.started_on.year - 1 if case.started_on else year - 1,
        baseline_costs=Decimal(baseline),
        current_costs=Decimal(current),
        actor=actor,
        **kwargs,  # type: ignore[arg-type]
    )
