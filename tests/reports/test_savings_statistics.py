"""Savings monitoring in the statistics (issue 16): cases with reports, the share reaching
15 %, savings per report year and per Handlungsfeld – on the dashboard, in the CSV and in
the annual PDF. Only funded cases count, and only reports up to the year."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from cooperations.models import Cooperation, FieldOfAction
from funding.models import Grant
from reports.models import Report
from reports.services import report_build_pdf
from reports.statistics import annual_statistics
from savings.models import SavingsReport
from savings.services import savings_pct
from tests import factories

from .test_pdf import pdf_text

pytestmark = pytest.mark.django_db


def _report(case: Cooperation, year: int, baseline: str, current: str) -> None:
    b, c = Decimal(baseline), Decimal(current)
    SavingsReport.objects.create(
        cooperation=case,
        year=year,
        baseline_year=2020,
        baseline_costs=b,
        current_costs=c,
        savings_eur=b - c,
        savings_pct=savings_pct(baseline=b, current=c),
    )


def _case(field: FieldOfAction, budget_year: int, status: str = Grant.Status.APPROVED) -> Cooperation:
    case = factories.CooperationFactory(field_of_action=field, started_on=dt.date(2022, 1, 1))
    factories.GrantFactory(cooperation=case, budget_year=budget_year, status=status)
    return case  # type: ignore[return-value]


@pytest.fixture
def reported(db: None) -> None:
    bauhof = FieldOfAction.objects.create(name="Bauhof (Test)", slug="bauhof-test", position=1)
    standesamt = FieldOfAction.objects.create(name="Standesamt (Test)", slug="standesamt-test", position=2)
    a = _case(bauhof, 2022)
    _report(a, 2022, "100000", "80000")  # 20 %
    _report(a, 2023, "100000", "90000")  # 10 %: its latest report misses 15 %
    _report(a, 2024, "100000", "50000")  # after 2023: not in the 2023 figures
    b = _case(standesamt, 2023)
    _report(b, 2023, "200000", "150000")  # 25 %
    c = _case(standesamt, 2023, status=Grant.Status.APPLIED)  # not funded: never counts
    _report(c, 2023, "100000", "10000")
    d = _case(bauhof, 2025)  # funded only after 2023
    _report(d, 2023, "100000", "10000")


def test_the_figures_count_funded_cases_and_their_latest_report(reported: None) -> None:
    stats = annual_statistics(2023, dt.date(2023, 12, 31))

    assert (stats.savings_cases, stats.savings_reaching, stats.savings_total) == (2, 1, Decimal("80000.00"))
    assert (stats.savings_cases_year, stats.savings_total_year) == (2, Decimal("60000.00"))
    years = stats.tables["einsparungen_jahre"]
    assert years.rows == (
        (2022, 1, 1, Decimal("100.0"), Decimal("20000.00")),
        (2023, 2, 1, Decimal("50.0"), Decimal("60000.00")),
    )
    assert years.total == ("Summe", 2, 1, Decimal("50.0"), Decimal("80000.00"))
    fields = stats.tables["einsparungen_handlungsfelder"]
    assert fields.rows == (
        ("Bauhof (Test)", 1, 0, Decimal("0.0"), Decimal("30000.00")),
        ("Standesamt (Test)", 1, 1, Decimal("100.0"), Decimal("50000.00")),
    )
    assert stats.headline_savings == (
        "2 geförderte Kooperationen haben bis zum Berichtsjahr 2023 tatsächliche Einsparungen gemeldet, "
        "zusammen 80.000 €; 1 davon (50,0 %) erreicht im zuletzt gemeldeten Jahr das Ziel von mindestens 15 %."
    )
    assert ("Gemeldete Einsparungen", "60.000 €", "80.000 €") in stats.tables["kennzahlen"].rows


def test_an_earlier_year_reads_only_what_was_funded_and_reported_by_then(reported: None) -> None:
    stats = annual_statistics(2022, dt.date(2022, 12, 31))

    assert (stats.savings_cases, stats.savings_reaching, stats.savings_total) == (1, 1, Decimal("20000.00"))


def test_without_reports_the_sentence_says_so(db: None) -> None:
    stats = annual_statistics(2023, dt.date(2023, 12, 31))

    assert (
        stats.headline_savings
        == "Bis zum Berichtsjahr 2023 hat noch keine geförderte Kooperation Einsparungen gemeldet."
    )
    assert stats.tables["einsparungen_jahre"].rows == ()


def test_dashboard_and_csv_show_the_savings(reported: None, dieter: User, empty_cache: None) -> None:
    client = Client()
    client.force_login(dieter)

    page = client.get(reverse("reports:dashboard") + "?jahr=2023").content.decode()
    assert "Gemeldete Einsparungen nach Berichtsjahr" in page
    assert "Gemeldete Einsparungen nach Handlungsfeld" in page
    csv = client.get(reverse("reports:table-csv", args=["einsparungen_jahre"]) + "?jahr=2023").content.decode(
        "utf-8-sig"
    )
    assert "2023;2;1;50,0;60000,00" in csv.splitlines()


def test_the_annual_pdf_has_the_savings_section(reported: None, artifacts_dir: Path) -> None:
    stats = annual_statistics(2023, dt.date(2023, 12, 31))
    order = Report.objects.create(year=2023, cutoff=stats.cutoff, data_version="0123456789abcdef" * 4)

    data = report_build_pdf(order)
    (artifacts_dir / "jahresstatistik-einsparungen-2023.pdf").write_bytes(data)

    text = pdf_text(data)
    assert "Einsparungen geförderter Kooperationen" in text
    assert " ".join(stats.headline_savings.split()) in text
    assert "Gemeldete Einsparungen nach Handlungsfeld" in text
    assert "entscheidet ihr zuletzt gemeldetes Jahr" in text
