"""Each report's savings so far and the year of its case's next report (savings 0003):
kept by a trigger on every write, whichever way it comes – the service, a replacement,
`objects.create` out of order, `bulk_create`, a queryset update, a deletion, a COPY. The
statistics of a year read a case's latest report up to it from these two columns, so a
figure that drifted would show as wrong statistics (reports.statistics.savings)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

import pytest
from django.db import connection

from accounts.models import User
from cooperations.models import Cooperation
from funding.models import Grant
from reports.statistics import annual_statistics
from savings.models import SavingsReport
from tests import factories

from .conftest import report, this_year

pytestmark = pytest.mark.django_db


def _row(case: Cooperation, year: int, saved: int) -> SavingsReport:
    baseline = Decimal(100_000)
    return SavingsReport(
        cooperation=case,
        year=year,
        baseline_year=2015,
        baseline_costs=baseline,
        current_costs=baseline - saved,
        savings_eur=Decimal(saved),
        savings_pct=Decimal(saved) / 1000,
    )


def _figures(cases: Iterable[Cooperation]) -> dict[int, list[tuple[int, Decimal | None, int | None]]]:
    """Per case: (year, savings so far, next year) of its reports, from the database."""
    out: dict[int, list[tuple[int, Decimal | None, int | None]]] = {}
    rows = SavingsReport.objects.filter(cooperation__in=cases).order_by("cooperation", "year")
    for case_id, year, running, following in rows.values_list(
        "cooperation", "year", "running_eur", "next_year"
    ):
        out.setdefault(case_id, []).append((year, running, following))
    return out


def _expected(reports: dict[int, int]) -> list[tuple[int, Decimal, int | None]]:
    """(year, savings so far, next year) as the statistics need them, from year -> savings."""
    years = sorted(reports)
    running = Decimal(0)
    out = []
    for i, year in enumerate(years):
        running += reports[year]
        out.append((year, running.quantize(Decimal("0.01")), years[i + 1] if i + 1 < len(years) else None))
    return out


def test_the_service_keeps_them_through_new_and_replaced_reports(
    funded_case: Cooperation, anna: User
) -> None:
    last = this_year() - 1
    report(funded_case, anna, last, "100000", "90000")
    report(funded_case, anna, last - 2, "100000", "70000")  # an earlier year, reported later
    assert _figures([funded_case])[funded_case.pk] == _expected({last - 2: 30000, last: 10000})

    report(funded_case, anna, last - 1, "100000", "95000")
    report(funded_case, anna, last - 2, "100000", "80000", replace=True)

    assert _figures([funded_case])[funded_case.pk] == _expected(
        {last - 2: 20000, last - 1: 5000, last: 10000}
    )


def test_every_other_write_keeps_them_too(db: None) -> None:
    a, b = factories.CooperationFactory(), factories.CooperationFactory()
    SavingsReport.objects.create(**_kwargs(_row(a, 2022, 3000)))
    SavingsReport.objects.bulk_create([_row(a, 2020, 1000), _row(b, 2019, 500), _row(a, 2021, 2000)])
    assert _figures([a, b]) == {
        a.pk: _expected({2020: 1000, 2021: 2000, 2022: 3000}),
        b.pk: _expected({2019: 500}),
    }

    # a queryset update that moves a report to another case restates both cases
    SavingsReport.objects.filter(cooperation=a, year=2021).update(cooperation=b)
    assert _figures([a, b]) == {
        a.pk: _expected({2020: 1000, 2022: 3000}),
        b.pk: _expected({2019: 500, 2021: 2000}),
    }

    SavingsReport.objects.filter(cooperation=a, year=2022).delete()
    assert _figures([a])[a.pk] == _expected({2020: 1000})


def test_a_copy_of_many_rows_is_restated_in_one_go(db: None) -> None:
    # seed_scale writes its 110,000 reports with COPY (demo/scale/writer.py)
    cases = [factories.CooperationFactory() for _ in range(3)]
    columns = (
        "cooperation_id, year, baseline_year, baseline_costs, current_costs, savings_eur, savings_pct,"
        " explanation, created_at, updated_at"
    )
    now = dt.datetime.now(dt.UTC)
    with (
        connection.cursor() as cursor,
        cursor.copy(f"COPY savings_savingsreport ({columns}) FROM STDIN") as copy,
    ):
        for case in cases:
            for year in (2023, 2021, 2022):
                copy.write_row((case.pk, year, 2015, 100000, 100000 - year, year, "2.02", "", now, now))
    expected = _expected({2021: 2021, 2022: 2022, 2023: 2023})
    assert _figures(cases) == {case.pk: expected for case in cases}


def test_the_statistics_of_an_earlier_year_take_the_latest_report_up_to_it(db: None) -> None:
    case = factories.CooperationFactory(started_on=dt.date(2019, 1, 1))
    factories.GrantFactory(cooperation=case, budget_year=2019, status=Grant.Status.APPROVED)
    SavingsReport.objects.bulk_create(
        [_row(case, 2020, 20000), _row(case, 2022, 5000), _row(case, 2021, 10000)]
    )

    figures = {year: annual_statistics(year, dt.date(year, 12, 31)) for year in (2020, 2021, 2022)}

    # in each year the case counts once, with its savings so far and the share of its
    # latest report (20 %, 10 %, 5 %: only 2020 reaches 15 %)
    assert [(s.savings_cases, s.savings_total, s.savings_reaching) for s in figures.values()] == [
        (1, Decimal("20000.00"), 1),
        (1, Decimal("30000.00"), 0),
        (1, Decimal("35000.00"), 0),
    ]


def _kwargs(report: SavingsReport) -> dict[str, object]:
    fields = (
        "cooperation",
        "year",
        "baseline_year",
        "baseline_costs",
        "current_costs",
        "savings_eur",
        "savings_pct",
    )
    return {name: getattr(report, name) for name in fields}
