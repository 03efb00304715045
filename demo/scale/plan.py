"""How much of what `seed_scale` writes per factor, the text pools of its rows, and the
planned case that the steps share."""

from __future__ import annotations

import datetime as dt
import itertools
import math
import random
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from cooperations.models import (
    Status,
)

NATIONWIDE_FACTOR = 100
# Rows per factor unit; nationwide (factor 100) gives the figures of issue 6.
PER_FACTOR = {
    "cooperations": 500,
    "grants": 2_000,
    "activities": 5_000,
    "consultations": 300,
    "programmes": 50,
    "questions": 200,
}
YEARS = tuple(range(2016, 2026))
END = dt.date(2025, 12, 31)
PASSWORD = "scale-passwort-123"  # noqa: S105 - the documented password of generated benchmark users
EMAIL_DOMAIN = "scale.ikz.example"
CENT = Decimal("0.01")

# (Regierungsbezirk digits, kreisfreie Städte, Landkreise, Gemeinden) per Land, roughly as in 2023.
SYNTHETIC_LAENDER: dict[str, tuple[tuple[int, ...], int, int, int]] = {
    "01": ((0,), 4, 11, 1102),
    "02": ((0,), 1, 0, 0),
    "03": ((1, 2, 3, 4), 8, 37, 933),
    "04": ((0,), 2, 0, 0),
    "05": ((1, 3, 5, 7, 9), 22, 31, 374),
    "06": ((4, 5, 6), 5, 21, 416),
    "07": ((1, 2, 3), 12, 24, 2289),
    "08": ((1, 2, 3, 4), 9, 35, 1092),
    "09": ((1, 2, 3, 4, 5, 6, 7), 25, 71, 2031),
    "10": ((0,), 0, 6, 52),
    "11": ((0,), 1, 0, 0),
    "12": ((0,), 4, 14, 409),
    "13": ((0,), 2, 6, 724),
    "14": ((5, 6, 7), 3, 10, 415),
    "15": ((0,), 3, 11, 215),
    "16": ((0,), 6, 17, 599),
}
HESSIAN_RB = {"4": "Darmstadt", "5": "Gießen", "6": "Kassel"}
CITY_STATES = {"02": "Hamburg, Freie und Hansestadt", "11": "Berlin, Stadt"}

NAME_PREFIX = ("", "", "", "Bad ", "Neu", "Alt", "Ober", "Nieder", "Groß", "Klein", "Hohen", "Wald")
NAME_ROOT = (
    "Lin",
    "Ros",
    "Eich",
    "Hain",
    "Sand",
    "Stein",
    "Mühl",
    "Brunn",
    "Wies",
    "Bir",
    "Fried",
    "Hel",
    "Kirch",
    "Lau",
    "Mar",
    "Ot",
    "Rein",
    "Schön",
    "Wil",
    "Ems",
    "Hers",
    "Gel",
    "Fal",
    "Dorn",
)
NAME_SUFFIX = (
    "bach",
    "berg",
    "dorf",
    "hausen",
    "heim",
    "feld",
    "au",
    "rode",
    "stadt",
    "ingen",
    "burg",
    "tal",
    "furt",
    "born",
    "weiler",
    "kirchen",
)

FIELD_TITLES = {
    "ver-und-entsorgung": (
        "Gemeinsame Abwasserbeseitigung",
        "Zweckverband Wasserversorgung",
        "Abfallwirtschaft",
    ),
    "technische-infrastruktur": ("Gemeinsame Kläranlage", "Breitbandausbau", "Straßenunterhaltung"),
    "allgemeine-verwaltung": (
        "Gemeinsames Standesamt",
        "Interkommunale Kasse",
        "Gemeinsamer Datenschutz",
        "Zentrale Beschaffung",
        "Personalverwaltung im Verbund",
    ),
    "bildung-soziales": ("Kinderbetreuung im Verbund", "Seniorenberatung", "Jugendpflege"),
    "raumentwicklung": ("Interkommunales Gewerbegebiet", "Flächenmanagement", "Wohnbauflächen"),
    "umwelt-klima-energie": ("Klimaschutzmanagement", "Energieeffizienz kommunaler Gebäude", "Nahwärmenetz"),
    "standortmarketing": ("Gemeinsames Standortmarketing", "Regionalmarke"),
    "it-egovernment": ("Gemeinsame IT-Sicherheit", "E-Government-Verbund", "Digitale Verwaltung"),
    "bauhof": ("Gemeinsamer Bauhof", "Bauhofverbund"),
    "feuerwehr": ("Feuerwehrverbund", "Gemeinsame Atemschutzwerkstatt", "Zusammenlegung Ortsteilfeuerwehren"),
    "tourismus": ("Tourismusverband", "Radwegenetz", "Gemeinsame Gästeinformation"),
    "sonstiges": ("Gemeinsame Friedhofsverwaltung", "Ordnungsbehördenbezirk", "Vollstreckung im Verbund"),
}
DESCRIPTION_WORDS = (
    "Die beteiligten Kommunen bündeln Personal und Technik.",
    "Ziel ist eine Einsparung der Personal- und Sachkosten um mindestens 15 Prozent.",
    "Eine öffentlich-rechtliche Vereinbarung regelt Lasten und Nutzen.",
    "Der Gremienbeschluss aller Partner liegt vor.",
    "Die Zusammenarbeit ist auf mindestens fünf Jahre angelegt.",
    "Die Bürgerinnen und Bürger erhalten längere Öffnungszeiten.",
    "Eine Machbarkeitsstudie hat Varianten und Kosten verglichen.",
    "Vertretung bei Urlaub und Krankheit wird einfacher.",
    "Gemeinsame Ausschreibungen senken die Preise.",
    "Die Fachkräftegewinnung fällt im Verbund leichter.",
)
PROGRAMME_TOPICS = (
    "Digitalisierung",
    "Klimaschutz",
    "Dorfentwicklung",
    "Breitband",
    "Städtebau",
    "Kinderbetreuung",
    "Ehrenamt",
    "Feuerwehr",
    "Tourismus",
    "Gründung",
    "Energieeffizienz",
    "Naturschutz",
    "Kultur",
    "Sport",
)
STATUS_PATH = (
    Status.RECEIVED,
    Status.IN_CONSULTATION,
    Status.APPLIED,
    Status.APPROVED,
    Status.IMPLEMENTING,
    Status.PROOF_OF_USE,
    Status.CLOSED,
)
# Case status by age: old cases are mostly finished, recent ones mostly open.
OLD_STATUS = {
    Status.CLOSED: 45,
    Status.IMPLEMENTING: 14,
    Status.PROOF_OF_USE: 10,
    Status.REJECTED: 7,
    Status.WITHDRAWN: 8,
    Status.DORMANT: 5,
    Status.APPROVED: 4,
    Status.APPLIED: 3,
    Status.IN_CONSULTATION: 4,
}
NEW_STATUS = {
    Status.RECEIVED: 14,
    Status.IN_CONSULTATION: 24,
    Status.APPLIED: 16,
    Status.APPROVED: 10,
    Status.IMPLEMENTING: 16,
    Status.REJECTED: 4,
    Status.WITHDRAWN: 5,
    Status.DORMANT: 5,
    Status.PROOF_OF_USE: 4,
    Status.CLOSED: 2,
}
GRANT_STATES = {
    Status.APPLIED,
    Status.APPROVED,
    Status.REJECTED,
    Status.IMPLEMENTING,
    Status.PROOF_OF_USE,
    Status.CLOSED,
    Status.WITHDRAWN,
    Status.DORMANT,
}
PARTNER_WEIGHTS = {2: 20, 3: 25, 4: 18, 5: 12, 6: 10, 7: 8, 8: 7}


def laender_for(factor: float) -> int:
    return max(1, min(16, math.ceil(16 * factor / NATIONWIDE_FACTOR)))


def counts_for(factor: float) -> dict[str, int]:
    return {name: max(1, round(per * factor)) for name, per in PER_FACTOR.items()}


@dataclass
class Muni:
    ags: str
    name: str
    kind: str
    population: int | None
    regierungsbezirk: str = ""
    area_km2: Decimal | None = None
    postal_code: str = ""
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    id: int = 0
    district_id: int | None = None

    @property
    def land(self) -> str:
        return self.ags[:2]


@dataclass
class Case:
    id: int
    year: int
    created: dt.datetime
    status: str
    lead: Muni
    partners: list[Muni]
    land: str
    grants: list[int] = field(default_factory=list)
    started_on: dt.date | None = None  # implementation began (savings reports follow)
    duration: int | None = None  # planned years of the cooperation
    funded: bool = False  # has an approved grant


def _aware(day: dt.date, rng: random.Random) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, rng.randint(7, 17), rng.randint(0, 59), tzinfo=dt.UTC)


def _day_in(year: int, rng: random.Random) -> dt.date:
    return dt.date(year, 1, 1) + dt.timedelta(days=rng.randint(0, 364))


def _after(day: dt.date, rng: random.Random, lo: int, hi: int) -> dt.date:
    return min(END, day + dt.timedelta(days=rng.randint(lo, hi)))


def _weighted(rng: random.Random, table: dict[Any, int]) -> Any:
    return rng.choices(list(table), weights=list(table.values()))[0]


def _split(total_cents: int, parts: int, rng: random.Random) -> list[int]:
    """`parts` positive amounts in cents that add up to exactly `total_cents`."""
    parts = max(1, min(parts, total_cents))
    cuts = sorted(rng.sample(range(1, total_cents), parts - 1)) if parts > 1 else []
    bounds = [0, *cuts, total_cents]
    return [b - a for a, b in itertools.pairwise(bounds)]
