"""Kooperationsatlas and Partnersuche: only published cooperations, for everyone."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contacts.models import Municipality
from cooperations import atlas
from cooperations.models import FieldOfAction, LegalForm
from tests import factories

pytestmark = pytest.mark.django_db
LIST = reverse("atlas:list")
SEARCH = reverse("atlas:partner-search")


def titles(response) -> set[str]:
    return {c.title for c in response.context["page"].object_list}


@pytest.fixture
def atlas_data(kassel: Municipality, fulda: Municipality, kuenzell: Municipality) -> dict[str, object]:
    bauhof = factories.CooperationFactory(
        title="Gemeinsamer Bauhof Fulda-Künzell",
        description="Zwei Bauhöfe teilen Maschinen.",
        lead_municipality=fulda,
        partners=[kuenzell],
        field_of_action=FieldOfAction.objects.get(slug="bauhof"),
        legal_form=LegalForm.PUBLIC_AGREEMENT,
        started_on=dt.date(2023, 4, 1),
        is_published=True,
        publish_funding=True,
    )
    factories.GrantFactory(
        cooperation=bauhof, approved_amount=Decimal("75000.00"), applied_amount=Decimal("80000")
    )
    standesamt = factories.CooperationFactory(
        title="Standesamt Kassel",
        lead_municipality=kassel,
        partners=[kuenzell],
        legal_form=LegalForm.ZWECKVERBAND,
        started_on=dt.date(2021, 1, 1),
        is_published=True,
        publish_funding=False,
    )
    standesamt.further_fields.add(FieldOfAction.objects.get(slug="it-egovernment"))
    factories.GrantFactory(cooperation=standesamt, approved_amount=Decimal("50000.00"))
    secret = factories.CooperationFactory(title="Geheime Fusion", lead_municipality=fulda, is_published=False)
    return {"bauhof": bauhof, "standesamt": standesamt, "secret": secret}


def test_the_atlas_shows_only_published_cooperations_with_partners_field_and_legal_form(
    client: Client, atlas_data
) -> None:
    response = client.get(LIST)
    assert titles(response) == {"Gemeinsamer Bauhof Fulda-Künzell", "Standesamt Kassel"}
    html = response.content.decode()
    assert "Geheime Fusion" not in html
    assert "Künzell" in html
    assert "Bauhof" in html
    assert "Öffentlich-rechtliche Vereinbarung" in html
    assert "2023" in html
    assert "2.023" not in html  # a year, not a number with thousands separator


def test_funding_is_shown_only_where_the_office_published_it(client: Client, atlas_data) -> None:
    html = client.get(LIST).content.decode()
    assert "75.000,00 €" in html
    assert "50.000 €" not in html
    detail = client.get(reverse("atlas:detail", args=[atlas_data["standesamt"].pk])).content.decode()
    assert "50.000" not in detail
    detail = client.get(reverse("atlas:detail", args=[atlas_data["bauhof"].pk])).content.decode()
    assert "75.000,00 €" in detail


def test_an_unpublished_cooperation_is_not_found(client: Client, atlas_data) -> None:
    assert client.get(reverse("atlas:detail", args=[atlas_data["secret"].pk])).status_code == 404


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"rechtsform": "zweckverband"}, {"Standesamt Kassel"}),
        ({"jahr": "2023"}, {"Gemeinsamer Bauhof Fulda-Künzell"}),
        ({"q": "maschinen"}, {"Gemeinsamer Bauhof Fulda-Künzell"}),
        ({"q": "künzell"}, {"Gemeinsamer Bauhof Fulda-Künzell", "Standesamt Kassel"}),
        ({"kommune": "Kassel"}, {"Standesamt Kassel"}),
        ({"kommune": "06631016"}, {"Gemeinsamer Bauhof Fulda-Künzell", "Standesamt Kassel"}),
        ({"kommune": "Fulda"}, {"Gemeinsamer Bauhof Fulda-Künzell"}),
    ],
)
def test_the_filters_narrow_the_atlas(client: Client, atlas_data, query, expected) -> None:
    assert titles(client.get(LIST, query)) == expected


def test_the_kreis_filter_uses_the_district_of_the_lead_municipality(
    client: Client, atlas_data, kreis_fulda: Municipality, kassel: Municipality
) -> None:
    assert titles(client.get(LIST, {"kreis": kreis_fulda.pk})) == {"Gemeinsamer Bauhof Fulda-Künzell"}
    assert titles(client.get(LIST, {"kreis": kassel.pk})) == {"Standesamt Kassel"}


def test_the_field_filter_matches_main_and_further_fields(client: Client, atlas_data) -> None:
    it = FieldOfAction.objects.get(slug="it-egovernment")
    assert titles(client.get(LIST, {"handlungsfeld": it.pk})) == {"Standesamt Kassel"}
    bauhof = FieldOfAction.objects.get(slug="bauhof")
    assert titles(client.get(LIST, {"handlungsfeld": bauhof.pk})) == {"Gemeinsamer Bauhof Fulda-Künzell"}


def test_bad_filter_values_get_a_german_message_and_no_error(client: Client, atlas_data) -> None:
    response = client.get(LIST, {"kreis": "999999", "jahr": "nie", "rechtsform": "<b>", "q": "y" * 200})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count(str(atlas.CHOICE_INVALID)) >= 3
    assert str(atlas.SEARCH_TOO_LONG) in html


def test_html_in_the_search_box_comes_back_escaped(client: Client, atlas_data) -> None:
    html = client.get(LIST, {"q": '"><script>alert(1)</script>'}).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&quot;&gt;&lt;script&gt;" in html


def test_the_atlas_paginates(client: Client, kassel: Municipality) -> None:
    factories.CooperationFactory.create_batch(23, lead_municipality=kassel, is_published=True)
    assert len(client.get(LIST).context["page"].object_list) == 20
    assert len(client.get(LIST, {"seite": "2"}).context["page"].object_list) == 3


def test_the_atlas_costs_the_same_queries_for_few_and_many_cooperations(
    client: Client, atlas_data, kreis_fulda: Municipality, django_assert_num_queries
) -> None:
    # 1 count, 2 page with lead, district, field and funding sum, 3 participations with
    # municipalities, 4 further fields, 5 year choices, 6 Kreis choices (both cached, but
    # dropped by the saves below), 7 field choices (the filter form); the chosen Kreis is
    # checked against the Kreis choices
    query = {"kreis": kreis_fulda.pk}
    with django_assert_num_queries(7):
        client.get(LIST, query)
    fulda = atlas_data["bauhof"].lead_municipality
    for coop in factories.CooperationFactory.create_batch(
        25, lead_municipality=fulda, is_published=True, publish_funding=True
    ):
        factories.ParticipationFactory(cooperation=coop, municipality=factories.MunicipalityFactory())
        factories.GrantFactory(cooperation=coop)
        coop.further_fields.add(FieldOfAction.objects.get(slug="feuerwehr"))
    with django_assert_num_queries(7):
        response = client.get(LIST, query)
    assert response.context["page"].paginator.count == 26


def test_partner_search_finds_who_in_my_kreis_works_in_a_field(
    client: Client, atlas_data, kreis_fulda: Municipality
) -> None:
    bauhof = FieldOfAction.objects.get(slug="bauhof")
    response = client.get(SEARCH, {"kreis": kreis_fulda.pk, "handlungsfeld": bauhof.pk})
    found = {m.name for m in response.context["municipalities"]}
    assert found == {"Fulda", "Künzell"}
    assert "Gemeinsamer Bauhof Fulda-Künzell" in response.content.decode()


def test_partner_search_by_regierungsbezirk_ignores_unpublished_cooperations(
    client: Client, atlas_data
) -> None:
    allgemein = FieldOfAction.objects.get(slug="allgemeine-verwaltung")
    response = client.get(SEARCH, {"regierungsbezirk": "Kassel", "handlungsfeld": allgemein.pk})
    found = {m.name for m in response.context["municipalities"]}
    assert found == {"Kassel", "Künzell"}  # Fulda's unpublished fusion does not count
    assert "Geheime Fusion" not in response.content.decode()


def test_partner_search_without_region_asks_for_one(client: Client, atlas_data) -> None:
    response = client.get(SEARCH, {"handlungsfeld": "", "kreis": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count(str(atlas.REGION_REQUIRED)) == 2
    assert html.count(str(atlas.FIELD_REQUIRED)) == 2
    assert "<title>Fehler: " in html


def test_partner_search_costs_the_same_queries_for_few_and_many_partners(
    client: Client, atlas_data, kreis_fulda: Municipality, django_assert_num_queries
) -> None:
    bauhof = FieldOfAction.objects.get(slug="bauhof")
    query = {"kreis": kreis_fulda.pk, "handlungsfeld": bauhof.pk}
    # 1 Kreis, 2 field (validation), 3 municipalities, 4 their participations with cooperation,
    # 5 Kreis choices, 6 Regierungsbezirk choices, 7 field choices
    with django_assert_num_queries(7):
        client.get(SEARCH, query)
    for _ in range(10):
        factories.CooperationFactory(
            lead_municipality=factories.MunicipalityFactory(district=kreis_fulda),
            field_of_action=bauhof,
            is_published=True,
        )
    with django_assert_num_queries(7):
        response = client.get(SEARCH, query)
    assert len(response.context["municipalities"]) == 12


def test_bad_filter_values_are_listed_in_the_error_summary_and_the_title(client: Client, atlas_data) -> None:
    html = client.get(LIST, {"jahr": "nie"}).content.decode()
    assert "<title>Fehler: " in html
    assert f'<a class="kern-link" href="#id_jahr">{atlas.CHOICE_INVALID}</a>' in html


def test_partners_are_listed_lead_first_then_by_name_on_list_and_detail(
    client: Client, kassel: Municipality, fulda: Municipality, kuenzell: Municipality
) -> None:
    case = factories.CooperationFactory(
        title="Archiv Osthessen", lead_municipality=kuenzell, partners=[kassel, fulda], is_published=True
    )
    listed = "Künzell (federführend), Fulda, Kassel"
    assert listed in " ".join(client.get(LIST).content.decode().split())
    detail = client.get(reverse("atlas:detail", args=[case.pk])).content.decode()
    assert detail.index("Künzell") < detail.index("Fulda") < detail.index("Kassel")


def test_the_partners_names_are_looked_up_by_key_not_joined(client: Client, atlas_data) -> None:
    # Joined, PostgreSQL hashed every municipality of the register for the few partners
    # of a page: 7 ms with the 11,000 German municipalities (issue 6).
    with CaptureQueriesContext(connection) as ctx:
        client.get(LIST)
    partners = [q["sql"] for q in ctx.captured_queries if 'FROM "cooperations_participation"' in q["sql"]]
    assert partners and all('JOIN "contacts_municipality"' not in sql for sql in partners)
