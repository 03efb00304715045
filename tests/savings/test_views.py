"""The municipality reports in the portal; the adviser sees target against actual on the
case page, the start page lists what is due, the case list filters cases below target."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from contacts.models import Municipality
from cooperations.models import Cooperation
from savings import services
from savings.models import NEGATIVE_COSTS, SavingsReport
from savings.selectors import below_target_twice, desk_savings
from tests import factories

from .conftest import report, this_year

pytestmark = pytest.mark.django_db


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def form_url(case: Cooperation) -> str:
    return reverse("savings:report", args=[case.pk])


def test_the_case_page_shows_the_years_and_the_link_to_report(funded_case: Cooperation, anna: User) -> None:
    report(funded_case, anna, this_year() - 4, "250000", "205000")

    page = client_for(anna).get(reverse("cooperations:case-detail", args=[funded_case.pk])).content.decode()

    assert 'id="einsparungen"' in page
    assert "Ziel laut Antrag: 20 % Einsparung pro Jahr, erwartet 40.000,00 € pro Jahr." in page
    assert "45.000,00 €" in page and "18,00 %" in page and "unter Ziel" in page
    assert f"Einsparungen für {this_year() - 3} melden" in page  # the earliest year still open


def test_another_municipality_gets_404_and_a_partner_sees_no_form(
    funded_case: Cooperation, bernd: User, kuenzell: Municipality
) -> None:
    assert client_for(bernd).get(form_url(funded_case)).status_code == 404
    partner = factories.UserFactory(email="paul@kuenzell.de")
    factories.MembershipFactory(user=partner, municipality=kuenzell)

    page = (
        client_for(partner).get(reverse("cooperations:case-detail", args=[funded_case.pk])).content.decode()
    )
    assert "Die Einsparungen meldet die federführende Kommune (Kassel)." in page
    assert client_for(partner).post(form_url(funded_case), {}).status_code == 302
    assert not SavingsReport.objects.exists()


def test_anonymous_is_sent_to_the_login(funded_case: Cooperation) -> None:
    response = Client().get(form_url(funded_case))
    assert response.status_code == 302 and "/konto/login/" in response["Location"]


def test_bad_input_comes_back_with_german_errors_and_what_was_typed(
    funded_case: Cooperation, anna: User
) -> None:
    typed = {
        "year": str(this_year() - 3),
        "baseline_year": str(this_year() - 5),
        "baseline_costs": "250.000,00",
        "current_costs": "-1.000,00",
        "explanation": "Gemeinsame Sachbearbeitung",
    }
    response = client_for(anna).post(form_url(funded_case), typed)

    assert response.status_code == 422
    page = response.content.decode()
    assert NEGATIVE_COSTS in page
    assert (
        'value="250.000,00"' in page and 'value="-1.000,00"' in page and "Gemeinsame Sachbearbeitung" in page
    )
    assert not SavingsReport.objects.exists()


def test_a_year_before_the_start_is_explained(funded_case: Cooperation, anna: User) -> None:
    start = this_year() - 4
    response = client_for(anna).post(
        form_url(funded_case),
        {
            "year": str(start - 2),
            "baseline_year": str(start - 3),
            "baseline_costs": "1000",
            "current_costs": "900",
        },
    )
    assert response.status_code == 422
    assert (
        services.YEAR_BEFORE_START.format(start=start, year=start - 2).replace("„", "")
        in response.content.decode()
    )


def test_a_report_is_saved_and_a_second_one_asks_before_replacing(
    funded_case: Cooperation, anna: User
) -> None:
    year = this_year() - 2
    data = {
        "year": str(year),
        "baseline_year": str(this_year() - 5),
        "baseline_costs": "250.000,00",
        "current_costs": "200.000,00",
    }
    client = client_for(anna)
    response = client.post(form_url(funded_case), data, follow=True)
    page = response.content.decode()
    assert f"Ihr Einsparbericht für {year} ist gespeichert: Einsparung 50.000,00 € (20,00 %)." in page
    assert "Ziel erreicht" in page

    again = client.post(form_url(funded_case), {**data, "current_costs": "190.000,00"})
    assert again.status_code == 422
    assert "Bisherigen Bericht ersetzen" in again.content.decode()
    assert SavingsReport.objects.get().current_costs == Decimal("200000.00")

    replaced = client.post(
        form_url(funded_case), {**data, "current_costs": "190.000,00", "replace": "on"}, follow=True
    )
    assert f"Ihr Einsparbericht für {year} ist ersetzt" in replaced.content.decode()
    assert SavingsReport.objects.get().history.count() == 2


def test_the_form_for_a_reported_year_comes_prefilled(funded_case: Cooperation, anna: User) -> None:
    year = this_year() - 2
    report(funded_case, anna, year, "250000", "205000", explanation="Einkauf")

    page = client_for(anna).get(form_url(funded_case) + f"?jahr={year}").content.decode()

    assert 'value="205.000,00"' in page and "Einkauf" in page
    assert 'name="replace" checked' in page or ('name="replace"' in page and "checked" in page)


def test_the_adviser_sees_the_chart_the_table_and_the_flag(
    funded_case: Cooperation, anna: User, clara: User
) -> None:
    report(funded_case, anna, this_year() - 4, "250000", "220000")  # 12 %
    report(funded_case, anna, this_year() - 3, "250000", "230000")  # 8 %
    client = client_for(clara)

    page = client.get(
        reverse("admin:cooperations_cooperation_change", args=[funded_case.pk])
    ).content.decode()

    assert 'id="einsparungen"' in page
    assert "<svg" in page and "Einsparung je Jahr gegenüber dem Ziel von 20,0 %" in page
    assert "12,00 %" in page and "8,00 %" in page
    assert "Zwei Jahre in Folge unter dem Ziel" in page
    flagged = client.get(reverse("admin:cooperations_cooperation_changelist") + "?einsparziel=verfehlt")
    assert funded_case.reference in flagged.content.decode()
    reports = client.get(
        reverse("admin:savings_savingsreport_changelist") + f"?cooperation__id__exact={funded_case.pk}"
    )
    assert reports.status_code == 200 and "8,00 %" in reports.content.decode()


def test_below_target_twice_needs_the_latest_two_years(funded_case: Cooperation, anna: User) -> None:
    report(funded_case, anna, this_year() - 4, "250000", "220000")  # below
    report(funded_case, anna, this_year() - 3, "250000", "230000")  # below
    cases = Cooperation.objects.all()
    assert list(below_target_twice(cases)) == [funded_case]

    report(funded_case, anna, this_year() - 2, "250000", "150000")  # 40 %: on target again
    assert not below_target_twice(cases).exists()


def test_the_start_page_lists_overdue_reports(funded_case: Cooperation, anna: User, clara: User) -> None:
    april = dt.date(this_year(), 4, 2)
    desk = desk_savings(today=april)
    assert [(r.case, r.first_missing, r.missing, r.overdue) for r in desk.rows] == [
        (funded_case, this_year() - 4, 4, True)
    ]
    assert (desk.overdue_count, desk.due_count) == (1, 0)

    for year in range(this_year() - 4, this_year() - 1):
        report(funded_case, anna, year, "100000", "80000")
    january = desk_savings(today=dt.date(this_year(), 1, 15))
    assert [(r.first_missing, r.overdue) for r in january.rows] == [(this_year() - 1, False)]
    assert (january.overdue_count, january.due_count) == (0, 1)

    page = client_for(clara).get(reverse("admin:index")).content.decode()
    assert "Einsparberichte" in page and funded_case.reference in page
