"""„Geförderte Kooperationen nach Bevölkerungsentwicklung der federführenden Kommune“
(reports/statistics/demography.py, one SQL query) against a plain Python count over the same rows:
random editions per lead (none, one, several, some after the cut-off), grants of every
status and year; and the table on the dashboard, in its CSV and in the annual PDF."""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from contacts.demography import TREND_LABELS, change_percent, trend_class
from contacts.models import Municipality, PopulationRecord
from funding.models import Grant
from reports.models import Report
from reports.services import report_build_pdf
from reports.statistics import annual_statistics
from reports.statistics.demography import TABLE_TITLE, TREND_ORDER, funded_by_lead_trend
from tests import factories

from .test_pdf import pdf_text

pytestmark = pytest.mark.django_db

YEAR = 2022
CUTOFF = dt.date(2022, 12, 31)
DATES = (dt.date(2017, 12, 31), dt.date(2018, 9, 30), dt.date(2021, 12, 31), dt.date(2023, 12, 31))


@pytest.fixture
def leads_with_editions() -> None:
    rng = random.Random(20261205)
    leads = [factories.MunicipalityFactory(name=f"Gemeinde {n}") for n in range(14)]
    for m in leads[1:]:  # the first lead has no edition at all
        dates = sorted(rng.sample(DATES, rng.randint(1, len(DATES))))
        base = rng.randint(20, 500) * 100
        figures = [base]
        for _ in dates[1:]:
            # Exactly ±1 % now and then: the class boundary (−1 % is still „stabil“).
            step = (
                rng.choice([-base // 100, base // 100])
                if rng.random() < 0.3
                else rng.randint(-4, 4) * base // 100
            )
            figures.append(base + step)
        PopulationRecord.objects.bulk_create(
            PopulationRecord(municipality=m, reference_date=d, population=p)
            for d, p in zip(dates, figures, strict=True)
        )
    for _ in range(30):
        case = factories.CooperationFactory(lead_municipality=rng.choice(leads))
        for _ in range(rng.randint(0, 3)):
            factories.GrantFactory(
                cooperation=case,
                budget_year=rng.randint(2019, 2024),
                status=rng.choice(Grant.Status.values),
                approved_amount=Decimal(rng.randint(1, 90) * 1000),
            )


def expected() -> dict[str, tuple[int, int, Decimal]]:
    grants = [
        g
        for g in Grant.objects.select_related("cooperation")
        if g.status in Grant.APPROVED_STATES and g.budget_year <= YEAR
    ]
    amount: dict[int, Decimal] = defaultdict(Decimal)
    in_year: set[int] = set()
    lead: dict[int, int] = {}
    for g in grants:
        amount[g.cooperation_id] += g.approved_amount or Decimal(0)
        lead[g.cooperation_id] = g.cooperation.lead_municipality_id
        if g.budget_year == YEAR:
            in_year.add(g.cooperation_id)
    cases: dict[str, int] = defaultdict(int)
    cases_year: dict[str, int] = defaultdict(int)
    amounts: dict[str, Decimal] = defaultdict(Decimal)
    for case, total in amount.items():
        figures = [
            r.population
            for r in PopulationRecord.objects.filter(
                municipality_id=lead[case], reference_date__lte=CUTOFF
            ).order_by("reference_date")
        ]
        trend = trend_class(change_percent(figures[0], figures[-1]) if len(figures) > 1 else None)
        cases[trend] += 1
        cases_year[trend] += case in in_year
        amounts[trend] += total
    return {k: (cases[k], cases_year[k], amounts[k]) for k in cases}


def test_the_trend_classes_match_a_plain_count_over_the_rows(leads_with_editions: None) -> None:
    want = expected()
    got = funded_by_lead_trend(YEAR, CUTOFF)
    assert list(got) == list(TREND_ORDER)
    assert {k: (r["cases"], r["cases_year"], r["amount"]) for k, r in got.items() if r["cases"]} == want
    # Every funded case is in exactly one class: the sum is the statistics' own total.
    stats = annual_statistics(YEAR, CUTOFF)
    table = stats.tables["bevoelkerung"]
    assert table.total is not None and table.total[2] == stats.cooperations_total
    assert table.total[3] == stats.approved_total


def test_the_table_is_on_the_dashboard_in_its_csv_and_in_the_annual_pdf(
    client: Client, clara: User, leads_with_editions: None, artifacts_dir: Path
) -> None:
    stats = annual_statistics(YEAR, CUTOFF)
    table = stats.tables["bevoelkerung"]
    assert [r[0] for r in table.rows] == [str(TREND_LABELS[k]) for k in TREND_ORDER]
    client.force_login(clara)
    html = client.get(reverse("reports:dashboard"), {"jahr": YEAR}).content.decode()
    assert TABLE_TITLE in html and "schrumpfend (&lt; −1 %)" in html and "ohne Vergleichswert" in html
    response = client.get(reverse("reports:table-csv", args=["bevoelkerung"]), {"jahr": YEAR})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0].startswith(TABLE_TITLE)
    header = ["Bevölkerungsentwicklung", "Kooperationen im Jahr", "Kooperationen gesamt", "bewilligt gesamt"]
    start = rows.index(header) + 1
    labels = [r[0] for r in rows[start : start + 5]]
    assert labels == [*(str(TREND_LABELS[k]) for k in TREND_ORDER), "Summe"]
    report = Report.objects.create(year=YEAR, cutoff=CUTOFF, data_version="0" * 64)
    data = report_build_pdf(report)
    (artifacts_dir / "jahresstatistik-bevoelkerung.pdf").write_bytes(data)
    text = pdf_text(data)
    assert TABLE_TITLE in text
    assert "stabil (−1 % bis +1 %)" in text and "ohne Vergleichswert" in text


def test_a_lead_without_editions_counts_as_without_comparison(kassel: Municipality) -> None:
    case = factories.CooperationFactory(lead_municipality=kassel)
    factories.GrantFactory(
        cooperation=case, budget_year=YEAR, status=Grant.Status.APPROVED, approved_amount=Decimal(5000)
    )
    PopulationRecord.objects.create(
        municipality=kassel, reference_date=dt.date(2021, 12, 31), population=200_000
    )
    PopulationRecord.objects.create(
        municipality=kassel, reference_date=dt.date(2023, 12, 31), population=150_000
    )
    got = funded_by_lead_trend(YEAR, CUTOFF)  # the 2023 edition is after the cut-off
    assert got["ohne_vergleich"]["cases"] == 1 and got["schrumpfend"]["cases"] == 0
    got = funded_by_lead_trend(2024, dt.date(2024, 12, 31))
    assert got["schrumpfend"] == {
        "cases": 1,
        "cases_year": 0,
        "amount": Decimal(5000),
        "label": "schrumpfend (< −1 %)",
    }
