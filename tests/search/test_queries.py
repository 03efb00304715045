"""What people type and what they must find first: the search test set of issue 15
(core.search) in the four places that search – the atlas, the back office's
case list, the Förderlotse's programmes and the municipality pickers (the inquiry
wizard's partner search; the admin's autocomplete below). German word forms, every
word of a query, typos in names, AGS and reference numbers, umlauts written out."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from contacts.models import Municipality
from cooperations.forms import search_municipalities

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_cache")]

ATLAS, CASES, PROGRAMMES, MUNICIPALITIES = "atlas", "cases", "programmes", "municipalities"

# (where, what is typed, the first hit: a case's title, a programme's or a municipality's
# name; None: nothing may be found)
QUERIES: list[tuple[str, str, str | None]] = [
    # the atlas (published cases only)
    (ATLAS, "Bauhöfe", "Maschinenring der Bauhöfe"),  # the word form of the title
    (ATLAS, "Bauhoefe", "Maschinenring der Bauhöfe"),  # ö typed as oe
    (ATLAS, "Gemeinsamer Bauhof", "Gemeinsamer Bauhof Kassel-Land"),  # title that starts so
    (ATLAS, "Maschinen Reinhardshagen", "Gemeinsamer Bauhof Kassel-Land"),  # text and partner
    (ATLAS, "Kasel", "Gemeinsame Kasse Kassel"),  # a typo in the lead's name
    (ATLAS, "Gruenberg", "Maschinenring der Bauhöfe"),  # led by Grünberg before its partners
    (ATLAS, "Großenlüder", "Zusammenarbeit der Feuerwehren"),
    (ATLAS, "Grossenlueder", "Zusammenarbeit der Feuerwehren"),  # ß as ss, ü as ue
    (ATLAS, "06631016", "Standesamt Fulda-Land"),  # Künzell's AGS: the case it leads first
    (ATLAS, "Strasse", "Straßenunterhaltung im Verbund"),  # title before description
    (ATLAS, "Feuerwehr", "Zusammenarbeit der Feuerwehren"),
    (ATLAS, "Standesamt", "Standesamt Fulda-Land"),
    (ATLAS, "Klaeranlage", "Abwasserverband Lahn"),  # in the description
    (ATLAS, "Wasserwerke", "Abwasserverband Lahn"),  # in the other partners
    (ATLAS, "Büdingen Gewerbegebiet", "Interkommunales Gewerbegebiet Büdingen-Ortenberg"),
    (ATLAS, "Tourismus", "Tourismusregion Weserbergland"),
    (ATLAS, "Kehrmaschine", "Maschinenring der Bauhöfe"),  # singular of the description's plural
    (ATLAS, "Entwurf", None),  # an unpublished case stays hidden
    (ATLAS, "Atlantis", None),
    # the back office's case list (every case)
    (CASES, "IKZ-2008-0001", "Gemeinsamer Bauhof Kassel-Land"),
    (CASES, "ikz 2008-1", "Gemeinsamer Bauhof Kassel-Land"),  # written loosely
    (CASES, "IKZ 2009/014", "Maschinenring der Bauhöfe"),  # a grant's file number
    (CASES, "2016/101", "Zusammenarbeit der Feuerwehren"),  # … in part
    (CASES, "IKZ 2015", "Interkommunales Gewerbegebiet Büdingen-Ortenberg"),  # a year's references
    (CASES, "2016-0005", "Zusammenarbeit der Feuerwehren"),
    (CASES, "Bauhof Kasel", "Bauhof-Kooperation (Entwurf)"),  # word and typo: with Landkreis Kassel
    (CASES, "Gemeinsame Kasse", "Gemeinsame Kasse Kassel"),
    (CASES, "Kassel", "Gemeinsame Kasse Kassel"),  # led by Kassel before titles naming Kassel
    (CASES, "Künzell", "Standesamt Fulda-Land"),
    (CASES, "06611000", "Gemeinsame Kasse Kassel"),
    (CASES, "Onlinezugang", "Digitale Verwaltung und E-Government"),  # part of a word
    (CASES, "Verwaltungen", "Digitale Verwaltung und E-Government"),  # plural of the title's word
    (CASES, "IT-Sicherheit", "Digitale Verwaltung und E-Government"),
    (CASES, "Kindertagesstaette", "Kindertagesstätte Grünberg-Lich"),
    # the Förderlotse's programmes
    (PROGRAMMES, "IKZ", "Förderung der Interkommunalen Zusammenarbeit"),  # the short name
    (PROGRAMMES, "Bauhof", "Förderung der Interkommunalen Zusammenarbeit"),  # „Bauhöfe“
    (PROGRAMMES, "Dorflaeden", "Dorfentwicklung"),
    (PROGRAMMES, "Strassenbeleuchtung", "Kommunalrichtlinie"),
    (PROGRAMMES, "Kommunalrichtlinie", "Kommunalrichtlinie"),
    (PROGRAMMES, "Digitalisierung", "Digitale Dörfer"),  # in the summary beats the funder alone
    (PROGRAMMES, "Feuerwehrfahrzeug", "Feuerwehrfahrzeuge"),
    (PROGRAMMES, "Löschfahrzeuge Zuschuss", "Feuerwehrfahrzeuge"),
    (PROGRAMMES, "Breitband Bodenmanagement", None),  # the words of two programmes
    # the municipality pickers
    (MUNICIPALITIES, "Kasel", "Kassel"),
    (MUNICIPALITIES, "Gruenberg", "Grünberg"),
    (MUNICIPALITIES, "Grossenlueder", "Großenlüder"),
    (MUNICIPALITIES, "Giessen", "Gießen"),  # the city before the Landkreis of the same name
    (MUNICIPALITIES, "Kunzell", "Künzell"),  # ü typed as u
    (MUNICIPALITIES, "Budingen", "Büdingen"),
    (MUNICIPALITIES, "06631016", "Künzell"),
    (MUNICIPALITIES, "Landkreis Kassel", "Landkreis Kassel"),
    (MUNICIPALITIES, "Landkreis Wetterau", "Wetteraukreis"),  # the register says „…kreis“
    (MUNICIPALITIES, "Gemeinde Künzell", "Künzell"),  # the register says no „Gemeinde“
    (MUNICIPALITIES, "Stadt Büdingen", "Büdingen"),
    (MUNICIPALITIES, "Oberweser", "Oberweser"),  # merged: found, with its successor
    (MUNICIPALITIES, "Hofgeismer", "Hofgeismar"),
    (MUNICIPALITIES, "Fulda", "Fulda"),
    (MUNICIPALITIES, "Atlantis", None),
]


def _first(items: list[Any], attribute: str) -> str | None:
    return getattr(items[0], attribute) if items else None


def first_hit(where: str, query: str, adviser: Client, client: Client) -> str | None:
    if where == ATLAS:
        page = client.get(reverse("atlas:list"), {"q": query}).context["page"]
        return _first(list(page.object_list), "title")
    if where == CASES:
        response = adviser.get(reverse("admin:cooperations_cooperation_changelist"), {"q": query})
        return _first(list(response.context["cl"].result_list), "title")
    if where == PROGRAMMES:
        page = client.get(reverse("funding:programme-list"), {"q": query}).context["page"]
        return _first(list(page.object_list), "name")
    found, _problem = search_municipalities(query, with_retired=True)
    return _first(found, "display_name")


@pytest.fixture
def adviser(clara: User) -> Client:
    from tests.backoffice.conftest import logged_in, with_totp

    return logged_in(with_totp(clara))


def test_the_set_has_at_least_30_queries() -> None:
    assert len(QUERIES) >= 30
    assert {where for where, _query, _hit in QUERIES} == {ATLAS, CASES, PROGRAMMES, MUNICIPALITIES}


@pytest.mark.parametrize(("where", "query", "expected"), QUERIES, ids=[f"{w}:{q}" for w, q, _ in QUERIES])
def test_the_search_finds_first_what_was_meant(
    world: dict[str, Municipality],
    adviser: Client,
    client: Client,
    where: str,
    query: str,
    expected: str | None,
) -> None:
    assert first_hit(where, query, adviser, client) == expected
