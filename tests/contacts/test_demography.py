"""Issue 17, section 3: every register edition keeps its population per Kommune, and the
atlas entry, the municipal case page and the back office show it as chart and table."""

from __future__ import annotations

import datetime as dt
import importlib
from decimal import Decimal
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from contacts.demography import (
    fmt_change,
    fmt_population,
    partner_demography,
    population_seed_demo,
    trend_class,
)
from contacts.models import Municipality, PopulationRecord, RegisterImport
from contacts.services import register_import
from cooperations.models import FieldOfAction
from tests import factories

pytestmark = pytest.mark.django_db

HESSEN = ("GV100AD_300918_hessen.ASC", "GV100AD_31122021_hessen.txt", "GV100AD_30112025_hessen.txt")
STAND_2018, STAND_2021, STAND_2025 = dt.date(2018, 9, 30), dt.date(2021, 12, 31), dt.date(2025, 11, 30)


def editions(ags: str) -> list[tuple[dt.date, int, int | None, int | None]]:
    return list(
        PopulationRecord.objects.filter(municipality__ags=ags)
        .order_by("reference_date")
        .values_list("reference_date", "population", "male", "female")
    )


def record(m: Municipality, *figures: tuple[dt.date, int]) -> None:
    PopulationRecord.objects.bulk_create(
        PopulationRecord(municipality=m, reference_date=d, population=p) for d, p in figures
    )


# --- The register import keeps every edition ----------------------------------------


@pytest.fixture
def three_editions(shared_data: Path) -> None:
    for name in HESSEN:
        register_import(data=(shared_data / name).read_bytes(), file_name=name, confirmed=True)


def test_importing_2018_2021_and_2025_keeps_three_editions_per_kommune(three_editions: None) -> None:
    # Kassel, documenta-Stadt: the figures of the three files, with men and women.
    assert editions("06611000") == [
        (STAND_2018, 199_062, 97_228, 101_834),
        (STAND_2021, 200_406, 98_639, 101_767),
        (STAND_2025, 197_230, 95_933, 101_297),
    ]
    # Oberweser ended with 2018, Wesertal began with 2021, Bromskirchen ended with 2021.
    assert [e[0] for e in editions("06633021")] == [STAND_2018]
    assert [e[1] for e in editions("06633030")] == [5_137, 4_713]
    assert [e[0] for e in editions("06635005")] == [STAND_2018, STAND_2021]
    # A Landkreis: the sums of its Gemeinden, as on the Municipality row.
    assert [e[1] for e in editions("06633000")] == [236_905, 237_268, 231_073]
    assert Municipality.objects.get(ags="06633000").population == 231_073
    # Every row names the import it came from.
    latest = RegisterImport.objects.get(gebietsstand=STAND_2025)
    assert PopulationRecord.objects.filter(reference_date=STAND_2025).count() == 446
    assert set(
        PopulationRecord.objects.filter(reference_date=STAND_2025).values_list("register_import", flat=True)
    ) == {latest.pk}


def test_a_second_run_of_the_same_edition_keeps_one_row_per_kommune_and_date(shared_data: Path) -> None:
    data = (shared_data / HESSEN[2]).read_bytes()
    register_import(data=data)
    register_import(data=data)
    assert PopulationRecord.objects.count() == 446


def test_a_dry_run_writes_no_population(shared_data: Path) -> None:
    register_import(data=(shared_data / HESSEN[2]).read_bytes(), dry_run=True)
    assert not PopulationRecord.objects.exists()


def test_the_migration_backfills_the_editions_from_the_history(kuenzell: Municipality) -> None:
    kuenzell.population, kuenzell.population_date = 16_000, dt.date(2018, 9, 30)
    kuenzell.save()
    kuenzell.population = 16_100  # a correction of the same edition: the last figure wins
    kuenzell.save()
    kuenzell.population, kuenzell.population_date = 16_650, dt.date(2021, 12, 31)
    kuenzell.save()
    PopulationRecord.objects.all().delete()
    migration = importlib.import_module("contacts.migrations.0006_population_record")
    migration.backfill(django_apps, None)
    assert [(e[0], e[1]) for e in editions(kuenzell.ags)] == [
        (dt.date(2018, 9, 30), 16_100),
        (dt.date(2021, 12, 31), 16_650),
    ]


def test_the_demo_gets_three_editions_and_kreis_sums(kreis_fulda: Municipality) -> None:
    fulda = Municipality.objects.create(
        ags="06631009",
        name="Fulda, Stadt",
        kind="stadt",
        district=kreis_fulda,
        population=70_000,
        population_date=dt.date(2024, 12, 31),
    )
    Municipality.objects.filter(pk=kreis_fulda.pk).update(
        population=70_000, population_date=dt.date(2024, 12, 31)
    )
    population_seed_demo()
    dates = [e[0] for e in editions(fulda.ags)]
    assert dates == [dt.date(2017, 12, 31), dt.date(2020, 12, 31), dt.date(2024, 12, 31)]
    assert editions(fulda.ags)[-1][1] == 70_000
    assert [e[1] for e in editions(kreis_fulda.ags)] == [e[1] for e in editions(fulda.ags)]
    population_seed_demo()  # a second run adds nothing
    assert PopulationRecord.objects.count() == 6


# --- Figures and formats ---------------------------------------------------------------


def test_german_formats_and_classes() -> None:
    assert fmt_population(1234567) == "1.234.567"
    assert fmt_change(Decimal("-3.24")) == "−3,2 %"
    assert fmt_change(Decimal("1.0")) == "+1,0 %"
    assert fmt_change(Decimal("0.01")) == "±0,0 %"
    assert fmt_change(None) == "–"
    assert [trend_class(Decimal(v)) for v in ("-1.1", "-1.0", "1.0", "1.1")] == [
        "schrumpfend",
        "stabil",
        "stabil",
        "wachsend",
    ]
    assert trend_class(None) == "ohne_vergleich"


def test_the_partners_together_are_summed_only_where_every_partner_has_a_figure(
    fulda: Municipality, kuenzell: Municipality
) -> None:
    record(fulda, (STAND_2018, 68_000), (STAND_2025, 70_000))
    record(kuenzell, (STAND_2021, 16_400), (STAND_2025, 16_000))
    view = partner_demography([fulda.pk, kuenzell.pk])
    assert view is not None
    assert view.dates == [STAND_2018, STAND_2021, STAND_2025]
    assert [p.change_text for p in view.partners] == ["+2,9 %", "−2,4 %"]
    assert [e.population for e in view.combined] == [None, None, 86_000]
    assert view.combined_change is None and view.incomplete


# --- The pages ----------------------------------------------------------------------


@pytest.fixture
def recorded(kassel: Municipality, kuenzell: Municipality) -> None:
    record(kassel, (STAND_2018, 199_062), (STAND_2021, 200_406), (STAND_2025, 197_230))
    record(kuenzell, (STAND_2018, 16_000), (STAND_2021, 16_300), (STAND_2025, 16_600))


def test_the_atlas_entry_shows_each_partner_the_change_and_the_sum(
    client: Client, case_kassel, recorded: None
) -> None:
    case_kassel.is_published = True
    case_kassel.save()
    html = client.get(reverse("atlas:detail", args=[case_kassel.pk])).content.decode()
    assert "Bevölkerungsentwicklung der beteiligten Kommunen" in html
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="demography-chart" role="img"' in html
    assert "<title id=" in html
    for text in ("199.062", "197.230", "16.600", "−0,9 %", "+3,8 %", "215.062", "213.830", "−0,6 %"):
        assert text in html, text


def test_the_atlas_entry_costs_one_query_more_whatever_the_number_of_partners(
    client: Client, case_kassel, recorded: None, kreis_fulda: Municipality
) -> None:
    case_kassel.is_published = True
    case_kassel.save()
    url = reverse("atlas:detail", args=[case_kassel.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(6):
        m = factories.MunicipalityFactory(district=kreis_fulda)
        factories.ParticipationFactory(cooperation=case_kassel, municipality=m)
        record(m, (STAND_2021, 1000 + n), (STAND_2025, 1100 + n))
    with CaptureQueriesContext(connection) as many:
        html = client.get(url).content.decode()
    # cooperation (lead, Kreis, field, funding sum), its partners, further fields, grants,
    # the partner map's partners and their boundary box (no boundaries loaded here), and one
    # for the population editions of every partner.
    assert len(many) == len(few) == 7
    assert sum("contacts_populationrecord" in q["sql"] for q in many.captured_queries) == 1
    assert html.count('<th class="kern-table__cell" scope="row">') >= 8


def test_the_case_page_shows_the_demography_to_its_municipality_only(
    client: Client, anna: User, bernd: User, case_kassel, recorded: None, django_assert_num_queries
) -> None:
    url = reverse("cooperations:case-detail", args=[case_kassel.pk])
    assert client.get(url).status_code == 302  # anonymous: to the login
    client.force_login(bernd)
    assert client.get(url).status_code == 404
    client.force_login(anna)
    html = client.get(url).content.decode()
    assert "Bevölkerungsentwicklung der beteiligten Kommunen" in html
    assert "215.062" in html and "−0,6 %" in html
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(4):
        m = factories.MunicipalityFactory()
        factories.ParticipationFactory(cooperation=case_kassel, municipality=m)
        record(m, (STAND_2025, 900))
    with CaptureQueriesContext(connection) as many:
        html = client.get(url).content.decode()
    # as tests/portal/test_cases.py lists them (18), without replies to mark and without a
    # query that only that test's case, with its grant, needs
    assert len(many) == len(few) == 16
    assert "„–“: Für diesen Stand fehlt die Zahl" in html


def test_the_back_office_municipality_page_lists_its_editions(
    client: Client, clara: User, kassel: Municipality, recorded: None
) -> None:
    client.force_login(clara)
    html = client.get(reverse("admin:contacts_municipality_change", args=[kassel.pk])).content.decode()
    assert "Einwohnerzahl je Gebietsstand" in html
    assert "Bevölkerungsentwicklung von Kassel" in html
    assert "30.09.2018" in html and "199.062" in html and "−0,9 %" in html


def test_the_back_office_page_of_a_kommune_without_editions_says_so(
    client: Client, clara: User, fulda: Municipality
) -> None:
    client.force_login(clara)
    html = client.get(reverse("admin:contacts_municipality_change", args=[fulda.pk])).content.decode()
    assert "Noch kein Gebietsstand erfasst." in html


# --- The partner search -------------------------------------------------------------


def test_the_partner_search_sorts_shrinking_municipalities_first(
    client: Client,
    kreis_fulda: Municipality,
    fulda: Municipality,
    kuenzell: Municipality,
    django_assert_num_queries,
) -> None:
    bauhof = FieldOfAction.objects.get(slug="bauhof")
    eichenzell = factories.MunicipalityFactory(name="Eichenzell", district=kreis_fulda)
    factories.CooperationFactory(
        lead_municipality=fulda, partners=[kuenzell, eichenzell], field_of_action=bauhof, is_published=True
    )
    record(fulda, (STAND_2018, 70_000), (STAND_2025, 71_000))  # +1,4 %
    record(kuenzell, (STAND_2018, 16_000), (STAND_2025, 15_000))  # −6,3 %
    record(eichenzell, (STAND_2025, 11_000))  # no comparison: last
    query = {"kreis": kreis_fulda.pk, "handlungsfeld": bauhof.pk}
    by_name = [m.name for m in client.get(reverse("atlas:partner-search"), query).context["municipalities"]]
    assert by_name == sorted(by_name)
    # The same 7 queries as without the order (the trend is part of the municipalities' query).
    with django_assert_num_queries(7):
        response = client.get(reverse("atlas:partner-search"), {**query, "sortierung": "bevoelkerung"})
    assert [m.name for m in response.context["municipalities"]] == ["Künzell", "Fulda", eichenzell.name]
    html = response.content.decode()
    assert "nach Bevölkerungsentwicklung (schrumpfende zuerst)" in html
    assert "−6,3 %" in html and "+1,4 %" in html and "ohne Vergleichswert" in html


def test_the_partner_search_refuses_an_unknown_order_in_german(
    client: Client, kreis_fulda: Municipality
) -> None:
    bauhof = FieldOfAction.objects.get(slug="bauhof")
    response = client.get(
        reverse("atlas:partner-search"),
        {"kreis": kreis_fulda.pk, "handlungsfeld": bauhof.pk, "sortierung": "x"},
    )
    assert response.status_code == 200
    assert "Wählen Sie einen Eintrag aus der Liste." in response.content.decode()
