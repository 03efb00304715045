"""The read API's behaviour on small data: what is public, the filters, 304s, CORS, the
rate limit and the number of queries."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils.http import http_date

from contacts.models import Municipality
from cooperations.atlas import CooperationFilter
from cooperations.models import Cooperation, FieldOfAction
from tests import factories

pytestmark = pytest.mark.django_db
LIST = reverse("api:kooperation-list")


@pytest.fixture
def cases(
    kassel: Municipality, fulda: Municipality, kuenzell: Municipality, empty_cache: None
) -> dict[str, Any]:
    bauhof, standesamt = FieldOfAction.objects.order_by("position")[:2]
    public = factories.CooperationFactory(
        title="Bauhof",
        lead_municipality=kassel,
        partners=[kuenzell],
        is_published=True,
        field_of_action=bauhof,
    )
    shown = factories.CooperationFactory(
        title="Standesamt",
        lead_municipality=fulda,
        partners=[kuenzell],
        is_published=True,
        publish_funding=True,
        field_of_action=standesamt,
    )
    secret = factories.CooperationFactory(title="Geheim", lead_municipality=kuenzell)
    for case in (public, shown, secret):
        factories.GrantFactory(cooperation=case, approved_amount=Decimal("75000.00"))
    return {"public": public, "shown": shown, "secret": secret, "bauhof": bauhof}


def test_only_published_cases_are_listed_and_funding_only_where_it_may_be_shown(client, cases) -> None:
    data = client.get(LIST).json()
    by_title = {c["titel"]: c for c in data["results"]}
    assert data["count"] == 2 and set(by_title) == {"Bauhof", "Standesamt"}
    assert by_title["Standesamt"]["foerderung_bewilligt_eur"] == "75000.00"
    assert by_title["Bauhof"]["foerderung_bewilligt_eur"] is None
    assert [k["ags"] for k in by_title["Bauhof"]["kommunen"]] == ["06611000", "06631016"]
    assert by_title["Bauhof"]["kreis"] == {"ags": "06611000", "name": "Kassel"}
    assert client.get(reverse("api:kooperation-detail", args=[cases["secret"].pk])).status_code == 404


def test_the_filters_are_the_atlas_filters(client, cases) -> None:
    for query in (
        {"handlungsfeld": cases["bauhof"].pk},
        {"kommune": "Künzell"},
        {"q": "Standes"},
        {"kommune": "0661"},
    ):
        atlas = CooperationFilter(query, queryset=Cooperation.objects.published())
        got = {c["id"] for c in client.get(LIST, query).json()["results"]}
        assert got == set(atlas.qs.values_list("pk", flat=True)), query
    wrong = client.get(LIST, {"rechtsform": "erfunden"})
    assert wrong.status_code == 400
    assert wrong.json() == {"rechtsform": ["Wählen Sie einen Eintrag aus der Liste."]}


def test_an_unchanged_list_costs_a_304_and_a_change_a_new_answer(client, cases) -> None:
    first = client.get(LIST)
    etag, modified = first["ETag"], first["Last-Modified"]
    assert client.get(LIST, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get(LIST, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    # Another page or another filter is another answer.
    assert client.get(LIST, {"seite": 1, "pro_seite": 1}, HTTP_IF_NONE_MATCH=etag).status_code == 200
    # A bulk update that leaves updated_at alone still changes the answer.
    Cooperation.objects.filter(pk=cases["public"].pk).update(is_published=False)
    again = client.get(LIST, HTTP_IF_NONE_MATCH=etag, HTTP_IF_MODIFIED_SINCE=modified)
    assert again.status_code == 200 and again.json()["count"] == 1
    assert again["ETag"] != etag
    assert client.get(LIST, HTTP_IF_MODIFIED_SINCE=modified).status_code == 200


def test_cors_allows_every_origin_to_read_the_open_data_only(client, cases) -> None:
    response = client.get(LIST, HTTP_ORIGIN="https://daten.example.org")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]
    download = client.get(
        reverse("opendata:download", args=["kommunen", "csv"]), HTTP_ORIGIN="https://x.example"
    )
    assert download["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(
        LIST, HTTP_ORIGIN="https://daten.example.org", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )
    assert "POST" not in preflight["Access-Control-Allow-Methods"]
    assert "Access-Control-Allow-Origin" not in client.get(
        reverse("atlas:list"), HTTP_ORIGIN="https://x.example"
    )


def test_the_api_only_reads(client, cases) -> None:
    assert client.post(LIST, {"titel": "Neu"}).status_code == 405
    assert client.delete(reverse("api:kooperation-detail", args=[cases["public"].pk])).status_code == 405


def test_too_many_requests_from_one_client_get_a_german_429(client, cases, settings) -> None:
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"opendata": "3/min"}}
    for _ in range(3):
        assert client.get(LIST).status_code == 200
    refused = client.get(LIST)
    assert refused.status_code == 429
    assert refused.json()["detail"].startswith("Zu viele Anfragen. Bitte versuchen Sie es in ")
    assert int(refused["Retry-After"]) > 0
    download = client.get(reverse("opendata:download", args=["kommunen", "json"]))
    assert download.status_code == 429 and int(download["Retry-After"]) > 0
    assert "Zu viele Anfragen" in download.content.decode()
    # Another client has its own budget.
    assert client.get(LIST, REMOTE_ADDR="192.0.2.7").status_code == 200


@pytest.mark.parametrize(
    ("name", "queries"),
    [
        # 1 the data state (ETag), 2 the count, 3 the page of cases, 4 their further fields,
        # 5 their partners with their municipalities
        ("api:kooperation-list", 5),
        # 1 data state, 2 count, 3 page, 4 eligibility groups, 5 funding areas
        ("api:foerderprogramm-list", 5),
        # 1 data state, 2 count, 3 page with Kreis and successor
        ("api:kommune-list", 3),
    ],
)
def test_a_list_costs_the_same_queries_whatever_its_length(
    client, cases, kuenzell: Municipality, name: str, queries: int, django_assert_num_queries
) -> None:
    factories.ProgrammeFactory()
    client.get(reverse(name))  # fills the cached choices of the atlas filter
    with django_assert_num_queries(queries):
        assert client.get(reverse(name)).status_code == 200
    for n in range(6):
        factories.CooperationFactory(lead_municipality=kuenzell, is_published=True, title=f"Mehr {n}")
        factories.ProgrammeFactory()
        factories.MunicipalityFactory()
    client.get(reverse(name))
    with django_assert_num_queries(queries):
        data = client.get(reverse(name)).json()
    assert data["count"] >= 7


def test_an_unchanged_download_costs_a_304(client, cases) -> None:
    url = reverse("opendata:download", args=["kooperationen", "csv"])
    first = client.get(url)
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=http_date(2_000_000_000)).status_code == 304
    assert client.get(reverse("opendata:download", args=["nichts", "csv"])).status_code == 404
    assert client.get(reverse("opendata:statistics-download", args=[2999, "csv"])).status_code == 404
