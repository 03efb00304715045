"""A small Hessian world for the search tests (tests/search, tests/browser/test_search.py):
register names as GV-ISys writes them („Fulda, Stadt“), umlauts and ß in names and texts, a merged municipality, published
and unpublished cases, grants with file numbers, and a programme catalogue."""

from __future__ import annotations

import datetime as dt
from typing import Any

from contacts.models import Municipality
from cooperations.models import Cooperation, FieldOfAction
from funding.models import Programme
from tests import factories

Kind = Municipality.Kind

# AGS, register name, kind, Kreis (AGS)
MUNICIPALITIES = [
    ("06633000", "Kassel", Kind.LANDKREIS, None),
    ("06631000", "Fulda", Kind.LANDKREIS, None),
    ("06531000", "Gießen", Kind.LANDKREIS, None),
    ("06440000", "Wetteraukreis", Kind.LANDKREIS, None),
    ("06611000", "Kassel, documenta-Stadt", Kind.KREISFREIE_STADT, None),
    ("06631009", "Fulda, Stadt", Kind.STADT, "06631000"),
    ("06631016", "Künzell", Kind.GEMEINDE, "06631000"),
    ("06631010", "Großenlüder", Kind.GEMEINDE, "06631000"),
    ("06631018", "Hosenfeld", Kind.GEMEINDE, "06631000"),
    ("06631020", "Neuhof", Kind.GEMEINDE, "06631000"),
    ("06531005", "Grünberg, Stadt", Kind.STADT, "06531000"),
    ("06531006", "Gießen, Universitätsstadt", Kind.STADT, "06531000"),
    ("06531011", "Lich, Stadt", Kind.STADT, "06531000"),
    ("06440004", "Büdingen, Stadt", Kind.STADT, "06440000"),
    ("06440021", "Ortenberg, Stadt", Kind.STADT, "06440000"),
    ("06633012", "Hofgeismar, Stadt", Kind.STADT, "06633000"),
    ("06633026", "Reinhardshagen", Kind.GEMEINDE, "06633000"),
    ("06633030", "Wesertal", Kind.GEMEINDE, "06633000"),
    ("06633020", "Oberweser", Kind.GEMEINDE, "06633000"),  # merged into Wesertal (2020)
]


def _cases(m: dict[str, Municipality]) -> list[Cooperation]:
    field = {f.slug: f for f in FieldOfAction.objects.all()}

    def case(
        reference: str, title: str, lead: str, partners: list[str], slug: str, **extra: object
    ) -> Cooperation:
        fields = {"is_published": True, "description": "", "started_on": dt.date(int(reference[4:8]), 1, 1)}
        return factories.CooperationFactory(
            reference=reference,
            title=title,
            lead_municipality=m[lead],
            partners=[m[p] for p in partners],
            field_of_action=field[slug],
            **{**fields, **extra},
        )

    cases = [
        case(
            "IKZ-2008-0001",
            "Gemeinsamer Bauhof Kassel-Land",
            "06633012",
            ["06633026", "06633030"],
            "bauhof",
            description="Die Bauhöfe von Reinhardshagen und Wesertal teilen Maschinen und Personal.",
        ),
        case(
            "IKZ-2009-0002",
            "Maschinenring der Bauhöfe",
            "06531005",
            ["06531011"],
            "bauhof",
            description="Gemeinsame Beschaffung von Kehrmaschinen für zwei Städte.",
        ),
        case(
            "IKZ-2012-0003",
            "Standesamt Fulda-Land",
            "06631016",
            ["06631010", "06631020"],
            "allgemeine-verwaltung",
            description="Ein gemeinsames Standesamt für drei Gemeinden.",
        ),
        case(
            "IKZ-2015-0004",
            "Interkommunales Gewerbegebiet Büdingen-Ortenberg",
            "06440004",
            ["06440021"],
            "raumentwicklung",
            description="Erschließung und Vermarktung eines Gewerbegebiets an der Straße nach Ortenberg.",
        ),
        case(
            "IKZ-2016-0005",
            "Zusammenarbeit der Feuerwehren",
            "06631010",
            ["06631018"],
            "feuerwehr",
            description="Eine gemeinsame Atemschutzwerkstatt der Freiwilligen Feuerwehren.",
        ),
        case(
            "IKZ-2018-0006",
            "Gemeinsame Kasse Kassel",
            "06611000",
            ["06633000"],
            "allgemeine-verwaltung",
            description="Stadtkasse und Kreiskasse arbeiten zusammen.",
        ),
        case(
            "IKZ-2019-0007",
            "Abwasserverband Lahn",
            "06531006",
            ["06531011", "06531005"],
            "ver-und-entsorgung",
            description="Die Kläranlage wird gemeinsam betrieben.",
            other_partners="Zweckverband Mittelhessische Wasserwerke",
        ),
        case(
            "IKZ-2020-0008",
            "Digitale Verwaltung und E-Government",
            "06631009",
            ["06631016"],
            "it-egovernment",
            description="Gemeinsame IT-Sicherheit und das Onlinezugangsgesetz.",
        ),
        case(
            "IKZ-2021-0009",
            "Straßenunterhaltung im Verbund",
            "06531011",
            ["06531005"],
            "technische-infrastruktur",
            description="Winterdienst und Unterhaltung der Gemeindestraßen.",
        ),
        case(
            "IKZ-2022-0010",
            "Tourismusregion Weserbergland",
            "06633030",
            ["06633012"],
            "tourismus",
            description="Radwege an der Weser.",
        ),
        case(
            "IKZ-2023-0011",
            "Kindertagesstätte Grünberg-Lich",
            "06531011",
            ["06531005"],
            "bildung-soziales",
            description="Eine Kita für beide Städte.",
        ),
        # Not published: only the back office finds it.
        case(
            "IKZ-2024-0012",
            "Bauhof-Kooperation (Entwurf)",
            "06633012",
            ["06633000"],
            "bauhof",
            is_published=False,
            description="Noch in Beratung.",
        ),
    ]
    factories.GrantFactory(cooperation=cases[1], file_number="IKZ 2009/014")
    factories.GrantFactory(cooperation=cases[4], file_number="IKZ 2016/101")
    return cases


PROGRAMMES: list[dict[str, Any]] = [
    {
        "name": "Starke Heimat Hessen – Breitbandausbau",
        "short_name": "Breitband",
        "summary": "Zuschüsse für den Ausbau von Glasfasernetzen in Gewerbegebieten.",
        "funder": "Hessisches Ministerium für Digitalisierung und Innovation",
    },
    {
        "name": "Förderung der Interkommunalen Zusammenarbeit",
        "short_name": "IKZ",
        "summary": "Zuwendungen für Kooperationen von Kommunen, etwa gemeinsame Bauhöfe und Standesämter.",
        "funder": "Hessisches Ministerium des Innern",
        "is_ikz": True,
    },
    {
        "name": "Dorfentwicklung",
        "summary": "Förderung von Dorfläden und Dorfgemeinschaftshäusern.",
        "funder": "Amt für Bodenmanagement",
    },
    {
        "name": "Kommunalrichtlinie",
        "short_name": "KRL",
        "summary": "Klimaschutz in Kommunen: Straßenbeleuchtung, Kläranlagen, Radwege.",
        "funder": "Bundesministerium für Wirtschaft und Klimaschutz",
        "funder_level": "bund",
        "region": "",
    },
    {
        "name": "Feuerwehrfahrzeuge",
        "summary": "Zuschüsse zur Beschaffung von Löschfahrzeugen.",
        "funder": "Hessisches Ministerium des Innern",
    },
    {
        "name": "Digitale Dörfer",
        "summary": "Digitalisierung im ländlichen Raum.",
        "funder": "Hessisches Ministerium für Digitalisierung und Innovation",
    },
]


def build_world() -> dict[str, Municipality]:
    m: dict[str, Municipality] = {}
    for ags, name, kind, kreis in MUNICIPALITIES:
        m[ags] = Municipality.objects.create(
            ags=ags, name=name, kind=kind, district=m[kreis] if kreis else None, regierungsbezirk="Kassel"
        )
    Municipality.objects.filter(ags="06633020").update(
        valid_until=dt.date(2019, 12, 31), successor=m["06633030"]
    )
    _cases(m)
    for fields in PROGRAMMES:
        Programme.objects.create(**{"funder_level": "land", "region": "06", **fields})
    return m
