"""Every endpoint and download on the demo data (`seed_demo`, seeded once for this module):
the schema names them all, each answers, the statistics are those of reports.statistics,
and nothing personal is in any of them."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from accounts.models import User
from contacts.models import Municipality, Organisation, Person
from cooperations.models import Cooperation
from funding.models import FunderQuestion, Programme
from reports.statistics import annual_statistics, available_years

pytestmark = pytest.mark.django_db

EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
# A German phone number as people write it: 0 and an area code, a separator, more digits.
PHONE = re.compile(r"(?<![\w.-])(?:\+49|0)\s?\(?\d{2,5}\)?[\s/-]\d{3,}(?:[\s-]\d+)*")


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("seed_demo", stdout=io.StringIO())
            yield
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def api(demo: None, db: None, settings: Any, empty_cache: None) -> None:
    # Many requests in one test: a limit no reader of this module reaches.
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"opendata": "10000/min"}}


def get_json(client: Any, url: str, **params: Any) -> Any:
    response = client.get(url, params)
    assert response.status_code == 200, (url, response.content[:300])
    assert "json" in response["Content-Type"]
    return response.json()


def all_pages(client: Any, url: str) -> list[Any]:
    rows: list[Any] = []
    page: dict[str, Any] | None = get_json(client, url, pro_seite=500)
    while page:
        rows += page["results"]
        page = get_json(client, page["next"]) if page["next"] else None
    return rows


def test_the_schema_documents_every_endpoint_and_each_answers(api: None, client: Any) -> None:
    schema = get_json(client, reverse("api:schema"))
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["license"]["name"] == "dl-de/by-2-0"
    paths = set(schema["paths"])
    assert paths == {
        "/api/v1/kooperationen/",
        "/api/v1/kooperationen/{id}/",
        "/api/v1/foerderprogramme/",
        "/api/v1/foerderprogramme/{id}/",
        "/api/v1/foerderprogramme/facetten/",
        "/api/v1/kommunen/",
        "/api/v1/kommunen/{ags}/",
        "/api/v1/statistik/",
        "/api/v1/statistik/{jahr}/",
    }
    # The atlas's filters are documented parameters of the list.
    params = {p["name"] for p in schema["paths"]["/api/v1/kooperationen/"]["get"]["parameters"]}
    assert {"q", "kreis", "handlungsfeld", "rechtsform", "jahr", "kommune", "seite", "pro_seite"} <= params
    values = {
        "id": Cooperation.objects.published().order_by("pk").first().pk,
        "ags": "06611000",
        "jahr": 2020,
    }
    programme = Programme.objects.filter(is_active=True).order_by("pk").first().pk
    for path in paths:
        url = path.format(**{**values, "id": programme if "programme" in path else values["id"]})
        assert get_json(client, url), url
    assert get_json(client, reverse("api:api-root"))


def test_the_lists_hold_every_public_row_and_no_other(api: None, client: Any) -> None:
    cooperations = all_pages(client, reverse("api:kooperation-list"))
    assert {c["id"] for c in cooperations} == set(
        Cooperation.objects.published().values_list("pk", flat=True)
    )
    programmes = all_pages(client, reverse("api:foerderprogramm-list"))
    assert len(programmes) == Programme.objects.filter(is_active=True).count()
    municipalities = all_pages(client, reverse("api:kommune-list"))
    assert len(municipalities) == Municipality.objects.count()
    wesertal = next(m for m in municipalities if m["ags"] == "06633030")
    assert wesertal["groessenklasse"]["bezeichnung"] == "Gemeinde" and wesertal["einwohner_stand"]
    assert {m["nachfolger_ags"] for m in municipalities if m["ags"] in ("06633021", "06633027")} == {
        "06633030"
    }


def test_the_statistics_are_the_figures_of_the_statistics_module(api: None, client: Any) -> None:
    years = available_years()
    listed = get_json(client, reverse("api:statistik-list"))
    assert [y["jahr"] for y in listed] == years
    for year in (years[-1], 2020, years[0]):
        stats = annual_statistics(year)
        data = get_json(client, reverse("api:statistik-detail", args=[year]))
        figures = data["kennzahlen"]
        assert data["stichtag"] == stats.cutoff.isoformat()
        assert figures["gefoerderte_kooperationen_gesamt"] == stats.cooperations_total
        assert figures["gefoerderte_kooperationen_im_jahr"] == stats.cooperations_year
        assert figures["beteiligte_kommunen_gesamt"] == stats.municipalities_total
        assert figures["beteiligungen_gesamt"] == stats.participations_total
        assert figures["bewilligt_gesamt_eur"] == f"{stats.approved_total:.2f}"
        assert figures["ausgezahlt_im_jahr_eur"] == f"{stats.paid_year:.2f}"
        for key, slug in (
            ("nach_handlungsfeld", "handlungsfelder"),
            ("nach_kreis", "landkreise"),
            ("nach_rechtsform", "rechtsformen"),
        ):
            expected = [(str(r[0]), r[3], f"{r[4]:.2f}") for r in stats.tables[slug].rows]
            got = [
                (r["bezeichnung"], r["kooperationen_gesamt"], r["bewilligt_gesamt_eur"]) for r in data[key]
            ]
            assert got == expected, key
        years_rows = [(r[0], r[1], f"{r[2]:.2f}") for r in stats.tables["jahre"].rows]
        assert [
            (r["haushaltsjahr"], r["gefoerderte_kooperationen"], r["bewilligt_eur"])
            for r in data["nach_haushaltsjahr"]
        ] == years_rows
    # The published figure of the demo: more than 350 funded cooperations since 2008.
    assert (
        get_json(client, reverse("api:statistik-detail", args=[years[0]]))["kennzahlen"][
            "gefoerderte_kooperationen_gesamt"
        ]
        > 350
    )


def _answers(client: Any) -> Iterator[tuple[str, str]]:
    """Every API answer (all pages, every detail) and every download of the demo."""
    for name in ("api:kooperation-list", "api:foerderprogramm-list", "api:kommune-list"):
        for row in all_pages(client, reverse(name)):
            yield name, json.dumps(row, ensure_ascii=False)
    for pk in Cooperation.objects.published().values_list("pk", flat=True):
        yield "kooperation", client.get(reverse("api:kooperation-detail", args=[pk])).content.decode()
    yield "facetten", client.get(reverse("api:foerderprogramm-facetten")).content.decode()
    for year in available_years():
        yield f"statistik {year}", client.get(reverse("api:statistik-detail", args=[year])).content.decode()
        for fmt in ("csv", "json"):
            yield (
                f"download statistik {year}",
                client.get(reverse("opendata:statistics-download", args=[year, fmt])).content.decode(
                    "utf-8-sig"
                ),
            )
    for slug in ("kooperationen", "foerderprogramme", "kommunen"):
        for fmt in ("csv", "json"):
            response = client.get(reverse("opendata:download", args=[slug, fmt]))
            assert response.status_code == 200
            yield f"download {slug}.{fmt}", response.content.decode("utf-8-sig")
    yield "dcat", client.get(reverse("opendata:dcat")).content.decode()
    yield "index", client.get(reverse("opendata:index")).content.decode()


def test_no_answer_or_download_holds_an_email_a_phone_number_or_a_persons_name(
    api: None, client: Any
) -> None:
    # The patterns find what they are meant to find (so that this test can fail).
    assert PHONE.search("Tel. 0561 787-1234")
    assert PHONE.search("Telefon +49 611 353000") and EMAIL.search("an anna@kassel.de schreiben")
    people = {f"{p.first_name} {p.last_name}" for p in Person.objects.exclude(first_name="")}
    people |= {f"{u.first_name} {u.last_name}" for u in User.objects.exclude(first_name="")}
    people |= set(FunderQuestion.objects.values_list("name", flat=True))
    assert len(people) > 20, "die Demo hat Personen – sonst prüft dieser Test nichts"
    private = {o.phone for o in Organisation.objects.exclude(phone="")} | {
        u.email for u in User.objects.all()
    }
    seen = 0
    for where, text in _answers(client):
        seen += 1
        body = text.split("<main", 1)[-1] if where == "index" else text  # the page's layout is no data
        assert not EMAIL.search(body), (where, EMAIL.search(body).group(0))
        assert not PHONE.search(body), (where, PHONE.search(body).group(0))
        found = [name for name in people if name in body]
        assert not found, (where, found[:3])
        assert not [p for p in private if p in body], where
    assert seen > 200


def test_the_csv_downloads_open_in_a_german_spreadsheet(api: None, client: Any) -> None:
    response = client.get(reverse("opendata:download", args=["kooperationen", "csv"]))
    raw = response.content
    assert raw.startswith("\ufeff".encode())  # BOM
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'rel="license"' in response["Link"]
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["id", "titel", "handlungsfeld"]
    assert len(rows) - 1 == Cooperation.objects.published().count()
    funded = [r for r in rows[1:] if r[14]]
    assert funded and all(re.fullmatch(r"\d+,\d\d", r[14]) for r in funded)  # decimal comma
    data = json.loads(client.get(reverse("opendata:download", args=["kooperationen", "json"])).content)
    assert data["lizenz"]["url"] == "https://www.govdata.de/dl-de/by-2-0"
    assert len(data["daten"]) == len(rows) - 1


def test_the_catalogue_describes_each_dataset_dcat_style(api: None, client: Any) -> None:
    response = client.get(reverse("opendata:dcat"))
    assert response["Content-Type"].startswith("application/ld+json")
    catalogue = json.loads(response.content)
    assert catalogue["@type"] == "dcat:Catalog"
    datasets = {d["dct:identifier"]: d for d in catalogue["dcat:dataset"]}
    assert set(datasets) == {"kooperationen", "foerderprogramme", "kommunen", "statistik"}
    atlas = datasets["kooperationen"]
    assert atlas["dct:license"]["@id"] == "http://dcat-ap.de/def/licenses/dl-by-de/2.0"
    assert atlas["dct:publisher"]["foaf:name"].startswith("Kompetenzzentrum")
    assert atlas["dct:accrualPeriodicity"]["@id"].endswith("/frequency/CONT")
    assert atlas["dct:modified"]["@value"]
    urls = [d["dcat:downloadURL"]["@id"] for d in atlas["dcat:distribution"]]
    assert urls == [
        "http://testserver/opendata/kooperationen.csv",
        "http://testserver/opendata/kooperationen.json",
    ]
    for url in urls:
        assert client.get(url).status_code == 200
    page = client.get(reverse("opendata:index")).content.decode()
    assert "Datenlizenz Deutschland – Namensnennung – Version 2.0" in page
    assert "Letzte Änderung der Daten:" in page and "Aktualisierung:" in page
