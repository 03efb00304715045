"""`python manage.py seed_scale --factor N [--seed S] [--register PATH]`: a large,
consistent data set for measuring the portal (issue 6, `make bench`).

Why: a portal that is quick with one Land's demo data may not be quick when every
Land uses it for ten years. This command builds that future in minutes, so query
counts and page times can be compared at both sizes.

- Factor 1 is one Land (IKZ_LAND), about the size of the demo: 500 cooperations,
  2,000 grants, 5,000 activities, 300 budget consultations, 50 programmes,
  200 Förderlotse questions. Every count grows linearly with the factor.
- Factor 100 (`--nationwide`) is all of Germany: every municipality of the 16
  Länder, 50,000 cooperations with 2–8 partners, 200,000 grants with their
  disbursements, 500,000 activities, 30,000 consultations, 5,000 programmes,
  20,000 questions. The number of Länder grows with the factor (1 Land up to
  factor 6.25, all 16 from factor 93.75).
- Municipalities come from a Destatis GV-ISys XLSX (`--register`, e.g. the
  nationwide "AuszugGV1QAktuell" extract); without it they are synthetic, with a
  valid AGS structure (Land, Regierungsbezirk, Kreis, Gemeinde) and about the
  real number of Kreise and Gemeinden per Land.
- Deterministic: the same `--seed` on the same database gives the same rows
  (one random.Random, a fixed calendar 2016–2025, no wall clock).
- Fast: rows go to PostgreSQL with COPY (psycopg 3) in one transaction, with
  explicit ids after the largest existing one; the sequences are moved on
  afterwards. On other databases bulk_create in batches is used instead.

Writing in bulk bypasses `full_clean`: AGS of other Länder are fine for a
benchmark although the portal's form validation accepts only IKZ_LAND. What the
database and the services promise still holds: case references are unique
(IKZ-<year>-<nnnn>, counted on through cooperations.ReferenceCounter), every
cooperation has 2–8 partners with exactly one lead, and a grant's disbursements
never add up to more than its approved amount. The command adds to what is in
the database; municipalities whose AGS already exists are reused.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import random
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, models, transaction
from psycopg.types.json import Jsonb

from accounts import roles
from accounts.models import User
from budget_advice.models import BudgetFigures, Consultation, Meeting, Recommendation
from contacts.models import Membership, Municipality, size_class_for
from cooperations.models import (
    Activity,
    CaseEvent,
    Cooperation,
    FieldOfAction,
    LegalForm,
    Message,
    Participation,
    ReferenceCounter,
    Stage,
    Status,
)
from funding.models import (
    AidKind,
    Disbursement,
    Eligibility,
    FunderLevel,
    FunderQuestion,
    FundingArea,
    FundingGuideline,
    Grant,
    Programme,
)
from ikz_portal.land import LAENDER

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


# ---------------------------------------------------------------------------------------------
# Municipalities
# ---------------------------------------------------------------------------------------------
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


def _coordinate(text: Any) -> Decimal | None:
    if text in (None, ""):
        return None
    return Decimal(str(text).replace(",", ".").strip()).quantize(Decimal("0.000001"))


GEMEINDE_KIND = {
    "60": Municipality.Kind.GEMEINDE,  # Markt
    "61": Municipality.Kind.KREISFREIE_STADT,
    "62": Municipality.Kind.KREISFREIE_STADT,  # Stadtkreis (Baden-Württemberg)
    "63": Municipality.Kind.STADT,
    "64": Municipality.Kind.GEMEINDE,
    "65": Municipality.Kind.GEMEINDEFREI,
    "66": Municipality.Kind.GEMEINDEFREI,
    "67": Municipality.Kind.STADT,  # Große Kreisstadt
}


def read_register(path: Path, laender: list[str]) -> list[Muni]:
    """Kreise (Satzart 40) and Gemeinden (Satzart 60) of some Länder from a GV-ISys XLSX."""
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    sheets = [s for s in book.worksheets if s.title.startswith("Onlineprodukt")] or book.worksheets[1:2]
    if not sheets:
        raise CommandError(f"{path}: kein Tabellenblatt „Onlineprodukt_Gemeinden…“ gefunden.")
    sheet = sheets[0]
    wanted = set(laender)
    rb_names: dict[str, str] = {}
    found: dict[str, Muni] = {}
    for number, row in enumerate(sheet.iter_rows(min_row=7, max_col=16, values_only=True), start=7):
        satzart, kennz, land, rb, kreis, _vb, gem, name = (str(v) if v is not None else "" for v in row[:8])
        if land not in wanted or satzart not in {"20", "40", "60"}:
            continue
        key = land + rb + (kreis if satzart != "20" else "") + (gem if satzart == "60" else "")
        # ASCII digits only: "²" or "٣" would pass str.isdigit() and end up in an AGS.
        if not (key.isascii() and key.isdigit()):
            raise CommandError(
                f"{path}: Zeile {number}: der Schlüssel „{key}“ besteht nicht aus Ziffern 0–9."
            )
        if satzart == "20":
            rb_names[land + rb] = name.removeprefix("Reg.-Bez. ").strip()
            continue
        rb_name = rb_names.get(land + rb, "")
        if satzart == "40":
            ags = f"{land}{rb}{kreis}000"
            kind = (
                Municipality.Kind.KREISFREIE_STADT if kennz in {"41", "42"} else Municipality.Kind.LANDKREIS
            )
            found.setdefault(
                ags, Muni(ags=ags, name=name, kind=kind, population=None, regierungsbezirk=rb_name)
            )
            continue
        ags = f"{land}{rb}{kreis}{gem}"
        kind = GEMEINDE_KIND.get(kennz, Municipality.Kind.GEMEINDE)
        population = int(row[9]) if isinstance(row[9], int | float) else None
        area = Decimal(str(row[8])).quantize(CENT) if isinstance(row[8], int | float) else None
        muni = Muni(
            ags=ags,
            name=name,
            kind=kind,
            population=population,
            regierungsbezirk=rb_name,
            area_km2=area,
            postal_code=str(row[13] or "")[:5],
            longitude=_coordinate(row[14]),
            latitude=_coordinate(row[15]),
        )
        # A kreisfreie Stadt's Kreis record and Gemeinde record share the AGS: keep one, with figures.
        found[ags] = muni
    book.close()
    return list(found.values())


def synthetic_register(laender: list[str], rng: random.Random) -> list[Muni]:
    out: list[Muni] = []

    def name() -> str:
        return rng.choice(NAME_PREFIX) + rng.choice(NAME_ROOT) + rng.choice(NAME_SUFFIX)

    def population() -> int:
        roll = rng.random()
        if roll < 0.70:
            return rng.randint(300, 4_999)
        if roll < 0.92:
            return rng.randint(5_000, 19_999)
        if roll < 0.99:
            return rng.randint(20_000, 99_999)
        return rng.randint(100_000, 250_000)

    for land in laender:
        rbs, n_free, n_kreise, n_gemeinden = SYNTHETIC_LAENDER[land]
        if land in CITY_STATES:
            out.append(
                Muni(
                    f"{land}000000",
                    CITY_STATES[land],
                    Municipality.Kind.KREISFREIE_STADT,
                    3_600_000 if land == "11" else 1_850_000,
                )
            )
            continue
        if land == "04":
            out.append(Muni("04011000", "Bremen, Stadt", Municipality.Kind.KREISFREIE_STADT, 563_000))
            out.append(Muni("04012000", "Bremerhaven, Stadt", Municipality.Kind.KREISFREIE_STADT, 113_000))
            continue
        numbers: dict[int, int] = defaultdict(int)

        def rb_name(digit: int, land: str = land) -> str:
            if land == "06":
                return HESSIAN_RB.get(str(digit), "")
            return f"Regierungsbezirk {digit}" if digit else ""

        for i in range(n_free):
            digit = rbs[i % len(rbs)]
            numbers[digit] += 1
            ags = f"{land}{digit}{numbers[digit]:02d}000"
            out.append(
                Muni(
                    ags,
                    f"{name()}, Stadt",
                    Municipality.Kind.KREISFREIE_STADT,
                    rng.randint(100_000, 600_000),
                    rb_name(digit),
                )
            )
        kreise: list[Muni] = []
        for i in range(n_kreise):
            digit = rbs[i % len(rbs)]
            number = 31 + i // len(rbs)
            kreis = Muni(
                f"{land}{digit}{number:02d}000",
                f"Landkreis {name()}",
                Municipality.Kind.LANDKREIS,
                None,
                rb_name(digit),
            )
            kreise.append(kreis)
            out.append(kreis)
        for i in range(n_gemeinden):
            kreis = kreise[i % len(kreise)]
            pop = population()
            kind = (
                Municipality.Kind.STADT
                if pop >= 10_000 or rng.random() < 0.15
                else Municipality.Kind.GEMEINDE
            )
            out.append(
                Muni(
                    f"{kreis.ags[:5]}{i // len(kreise) + 1:03d}",
                    name(),
                    kind,
                    pop,
                    kreis.regierungsbezirk,
                    postal_code=f"{rng.randint(1067, 99998):05d}",
                )
            )
    return out


# ---------------------------------------------------------------------------------------------
# Writing rows fast
# ---------------------------------------------------------------------------------------------
@dataclass
class _Column:
    attname: str
    column: str
    default: Any
    make_default: Callable[[], Any] | None
    is_json: bool


class Writer:
    """Writes dict rows with explicit ids by COPY."""

    def __init__(self, stdout: Any, verbosity: int) -> None:
        self.stdout = stdout
        self.verbosity = verbosity
        self.next_ids: dict[type[models.Model], int] = {}
        self.written: dict[str, int] = defaultdict(int)
        self.tables: list[str] = []
        self.now = dt.datetime(2025, 12, 31, 12, 0, tzinfo=dt.UTC)

    def ids(self, model: type[models.Model], count: int) -> range:
        if model not in self.next_ids:
            top = model._default_manager.aggregate(top=models.Max("pk"))["top"] or 0
            self.next_ids[model] = top + 1
        start = self.next_ids[model]
        self.next_ids[model] = start + count
        return range(start, start + count)

    def _columns(self, model: type[models.Model]) -> list[_Column]:
        columns = []
        for f in model._meta.concrete_fields:
            if isinstance(f, models.GeneratedField):
                continue
            make = f.default if f.has_default() and callable(f.default) else None
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                default: Any = self.now
            else:
                default = None if make else f.get_default()
            columns.append(
                _Column(f.attname, f.column or f.attname, default, make, isinstance(f, models.JSONField))
            )
        return columns

    def write(self, model: type[models.Model], rows: Iterable[dict[str, Any]]) -> int:
        started = time.monotonic()
        columns = self._columns(model)
        table = model._meta.db_table
        count = 0
        names = ", ".join(connection.ops.quote_name(c.column) for c in columns)
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy,
        ):
            for row in rows:
                values = []
                for c in columns:
                    if c.attname in row:
                        value = row[c.attname]
                    else:
                        value = c.make_default() if c.make_default else c.default
                    values.append(Jsonb(value) if c.is_json and value is not None else value)
                copy.write_row(values)
                count += 1
        self.written[model._meta.label] += count
        self.tables.append(table)
        if self.verbosity >= 2:
            self.stdout.write(f"  {model._meta.label}: {count} Zeilen in {time.monotonic() - started:.1f} s")
        return count

    def finish(self) -> None:
        """Move every sequence past the explicit ids."""
        with connection.cursor() as cursor:
            for model in self.next_ids:
                table = model._meta.db_table
                pk = model._meta.pk.column
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence(%s, %s), GREATEST(%s, 1))",
                    [table, pk, self.next_ids[model] - 1],
                )


# ---------------------------------------------------------------------------------------------
# The data set
# ---------------------------------------------------------------------------------------------
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


class Generator:
    def __init__(
        self, *, factor: float, seed: int, register: Path | None, writer: Writer, log: Callable[[str], None]
    ) -> None:
        self.factor = factor
        self.rng = random.Random(seed)
        self.register = register
        self.w = writer
        self.log = log
        self.counts = counts_for(factor)

    # -- reference data ----------------------------------------------------------------------
    def laender(self) -> list[str]:
        home = settings.IKZ_LAND
        order = [home, *sorted(code for code in LAENDER if code != home)]
        return order[: laender_for(self.factor)]

    def municipalities(self) -> list[Muni]:
        laender = self.laender()
        if self.register:
            munis = read_register(self.register, laender)
        else:
            munis = synthetic_register(laender, random.Random(self.rng.random()))
        munis.sort(key=lambda m: m.ags)
        existing = dict(Municipality.objects.filter(ags__in=[m.ags for m in munis]).values_list("ags", "id"))
        new = [m for m in munis if m.ags not in existing]
        for m, pk in zip(new, self.w.ids(Municipality, len(new)), strict=True):
            m.id = pk
        for m in munis:
            m.id = existing.get(m.ags, m.id)
        by_ags = {m.ags: m for m in munis}
        population: dict[str, int] = defaultdict(int)
        for m in munis:
            kreis = by_ags.get(m.ags[:5] + "000")
            if m.kind in {Municipality.Kind.LANDKREIS, Municipality.Kind.KREISFREIE_STADT} or kreis is None:
                m.district_id = m.id
            else:
                m.district_id = kreis.id
                population[kreis.ags] += m.population or 0
        for m in munis:
            if m.kind == Municipality.Kind.LANDKREIS:
                m.population = population.get(m.ags) or None
        self.w.write(
            Municipality,
            (
                {
                    "id": m.id,
                    "ags": m.ags,
                    "name": m.name[:200],
                    "kind": m.kind,
                    "district_id": m.district_id,
                    "regierungsbezirk": m.regierungsbezirk,
                    "population": m.population,
                    "population_date": dt.date(2021, 12, 31) if m.population else None,
                    "area_km2": m.area_km2,
                    "postal_code": m.postal_code,
                    "latitude": m.latitude,
                    "longitude": m.longitude,
                    "created_at": self.w.now,
                    "updated_at": self.w.now,
                }
                for m in new
            ),
        )
        self.log(f"Kommunen: {len(munis)} in {len(laender)} Land/Ländern ({len(new)} neu)")
        return munis

    def users(self, munis: list[Muni]) -> dict[str, list[int]]:
        """Advisers, budget advisers, ministry, an administrator and one confirmed user per
        municipality (all with the password PASSWORD), so every case has a municipal author."""
        hashed = make_password(PASSWORD)
        groups = {
            name: Group.objects.get_or_create(name=name)[0].pk
            for name in (roles.KIKZ, roles.BUDGET, roles.MINISTRY)
        }
        n_advisers, n_budget = max(3, round(2 + self.factor / 5)), max(2, round(1 + self.factor / 10))
        wanted: list[tuple[str, str, str, str | None, Muni | None]] = [
            (f"beratung-{i:02d}@{EMAIL_DOMAIN}", "Berater", f"Nr. {i}", roles.KIKZ, None)
            for i in range(1, n_advisers + 1)
        ]
        wanted += [
            (f"haushalt-{i:02d}@{EMAIL_DOMAIN}", "Haushaltsberater", f"Nr. {i}", roles.BUDGET, None)
            for i in range(1, n_budget + 1)
        ]
        wanted.append((f"ministerium@{EMAIL_DOMAIN}", "Ministerium", "Statistik", roles.MINISTRY, None))
        wanted.append((f"admin@{EMAIL_DOMAIN}", "Admin", "Scale", None, None))
        for m in munis:
            if m.kind != Municipality.Kind.GEMEINDEFREI:
                wanted.append((f"kommune-{m.ags}@{EMAIL_DOMAIN}", "Kommune", m.name[:100], None, m))
        existing = dict(User.objects.filter(email__in=[w[0] for w in wanted]).values_list("email", "id"))
        new = [w for w in wanted if w[0] not in existing]
        ids = dict(zip([w[0] for w in new], self.w.ids(User, len(new)), strict=True))
        ids.update(existing)
        self.w.write(
            User,
            (
                {
                    "id": ids[email],
                    "email": email,
                    "password": hashed,
                    "first_name": first,
                    "last_name": last,
                    "is_staff": group in {roles.KIKZ, roles.BUDGET} or email.startswith("admin@"),
                    "is_superuser": email.startswith("admin@"),
                    "is_active": True,
                    "date_joined": self.w.now,
                }
                for email, first, last, group, _m in new
            ),
        )
        through = User.groups.through
        with_group = [(ids[email], groups[group]) for email, _f, _l, group, _m in new if group]
        self.w.write(
            through,
            (
                {"id": pk, "user_id": user, "group_id": group}
                for pk, (user, group) in zip(self.w.ids(through, len(with_group)), with_group, strict=True)
            ),
        )
        members = [(ids[email], m) for email, _f, _l, _g, m in new if m is not None]
        self.w.write(
            Membership,
            (
                {
                    "id": pk,
                    "user_id": user,
                    "municipality_id": m.id,
                    "status": Membership.Status.CONFIRMED,
                    "function": "Hauptamt",
                    "decided_at": self.w.now,
                    "created_at": self.w.now,
                    "updated_at": self.w.now,
                }
                for pk, (user, m) in zip(self.w.ids(Membership, len(members)), members, strict=True)
            ),
        )
        out: dict[str, list[int]] = defaultdict(list)
        for email, _f, _l, group, muni in wanted:
            out[group or ("kommune" if muni else "admin")].append(ids[email])
        self.municipal_user = {m.id: ids[email] for email, _f, _l, _g, m in wanted if m is not None}
        self.log(f"Benutzer: {len(wanted)} ({len(new)} neu), Passwort „{PASSWORD}“")
        return out

    # -- funding catalogue ---------------------------------------------------------------------
    def programmes(self, laender: list[str]) -> dict[str, int]:
        """Programmes; returns the IKZ programme id per Land."""
        rng = self.rng
        n = self.counts["programmes"]
        eligible = list(Eligibility.objects.order_by("pk").values_list("pk", flat=True))
        areas = list(FundingArea.objects.order_by("pk").values_list("pk", flat=True))
        ids = self.w.ids(Programme, n)
        ikz: dict[str, int] = {}
        rows, eligible_rows, area_rows = [], [], []
        for i, pk in enumerate(ids):
            if i < len(laender):
                land = laender[i]
                level, region, topic = FunderLevel.LAND, land, "Interkommunale Zusammenarbeit"
                name = f"Förderung der Interkommunalen Zusammenarbeit – {LAENDER[land]}"
                ikz[land] = pk
            else:
                level = _weighted(rng, {FunderLevel.LAND: 60, FunderLevel.BUND: 30, FunderLevel.EU: 10})
                region = rng.choice(laender) if level == FunderLevel.LAND else ""
                topic = rng.choice(PROGRAMME_TOPICS)
                where = LAENDER[region] if region else ("Bund" if level == FunderLevel.BUND else "EU")
                name = f"{topic} – Programm {i} ({where})"
            deadline = _after(dt.date(2025, 1, 1), rng, 0, 700) if rng.random() < 0.6 else None
            rows.append(
                {
                    "id": pk,
                    "name": name,
                    "short_name": f"P{i}",
                    "funder_level": level,
                    "region": region,
                    "summary": f"Gefördert werden Vorhaben im Bereich {topic}. "
                    + rng.choice(DESCRIPTION_WORDS),
                    "funder": "Ministerium" if level == FunderLevel.LAND else "Bundesamt",
                    "aid_kind": _weighted(
                        rng, {AidKind.GRANT: 70, AidKind.LOAN: 20, AidKind.GUARANTEE: 5, AidKind.OTHER: 5}
                    ),
                    "rate_pct": Decimal(rng.choice((50, 60, 75, 80, 90))),
                    "ceiling": Decimal(rng.randint(1, 40) * 25_000),
                    "deadline": deadline,
                    "url": f"https://foerderung.example/programm/{i}",
                    "contact": "Förderstelle",
                    "is_active": rng.random() < 0.85,
                    "is_ikz": i < len(laender),
                    "created_at": self.w.now,
                    "updated_at": self.w.now,
                }
            )
            eligible_rows += [(pk, e) for e in rng.sample(eligible, min(len(eligible), rng.randint(1, 3)))]
            area_rows += [(pk, a) for a in rng.sample(areas, min(len(areas), rng.randint(1, 2)))]
        self.w.write(Programme, rows)
        self.programme_ids = list(ids)
        through = Programme.eligible.through
        self.w.write(
            through,
            (
                {"id": pk, "programme_id": p, "eligibility_id": e}
                for pk, (p, e) in zip(self.w.ids(through, len(eligible_rows)), eligible_rows, strict=True)
            ),
        )
        areas_through = Programme.areas.through
        self.w.write(
            areas_through,
            (
                {"id": pk, "programme_id": p, "fundingarea_id": a}
                for pk, (p, a) in zip(self.w.ids(areas_through, len(area_rows)), area_rows, strict=True)
            ),
        )
        return ikz

    # -- cooperations --------------------------------------------------------------------------
    def cooperations(self, munis: list[Muni], advisers: list[int]) -> list[Case]:
        rng = self.rng
        n = self.counts["cooperations"]
        fields = list(FieldOfAction.objects.order_by("position", "pk").values_list("pk", "slug"))
        leads = [m for m in munis if m.kind != Municipality.Kind.GEMEINDEFREI]
        members: dict[int | None, list[Muni]] = defaultdict(list)
        by_land: dict[str, list[Muni]] = defaultdict(list)
        for m in leads:
            members[m.district_id].append(m)
            by_land[m.land].append(m)
        counters = dict(ReferenceCounter.objects.values_list("year", "last"))
        cases: list[Case] = []
        coop_rows: list[dict[str, Any]] = []
        further: list[tuple[int, int]] = []
        for pk in self.w.ids(Cooperation, n):
            year = rng.choice(YEARS)
            day = _day_in(year, rng)
            created = _aware(day, rng)
            status = _weighted(rng, NEW_STATUS if year >= 2024 else OLD_STATUS)
            lead = rng.choice(leads)
            size = _weighted(rng, PARTNER_WEIGHTS)
            pool = [m for m in members[lead.district_id] if m.id != lead.id]
            if len(pool) < size - 1:
                pool += [
                    m
                    for m in rng.sample(by_land[lead.land], min(len(by_land[lead.land]), 3 * size))
                    if m.id != lead.id and m not in pool
                ]
            partners = rng.sample(pool, min(len(pool), size - 1))
            if not partners:  # a city state alone: partner with anyone
                partners = [rng.choice([m for m in leads if m.id != lead.id])]
            case = Case(pk, year, created, status, lead, partners, lead.land)
            cases.append(case)
            counters[year] = counters.get(year, 0) + 1
            field_id, slug = rng.choice(fields)
            title = (
                f"{rng.choice(FIELD_TITLES.get(slug, FIELD_TITLES['sonstiges']))} {lead.name.split(',')[0]}"
            )
            open_ = status in {
                Status.RECEIVED,
                Status.IN_CONSULTATION,
                Status.APPLIED,
                Status.APPROVED,
                Status.IMPLEMENTING,
                Status.PROOF_OF_USE,
            }
            late = STATUS_PATH.index(status) >= 4 if status in STATUS_PATH else False
            published = late and rng.random() < 0.7
            coop_rows.append(
                {
                    "id": pk,
                    "reference": f"IKZ-{year}-{counters[year]:04d}",
                    "title": title[:200],
                    "description": " ".join(rng.sample(DESCRIPTION_WORDS, 3)),
                    "field_of_action_id": field_id,
                    "legal_form": rng.choice(list(LegalForm.values)),
                    "stage": rng.choice(list(Stage.values)),
                    "status": status,
                    "lead_municipality_id": lead.id,
                    "adviser_id": rng.choice(advisers)
                    if status != Status.RECEIVED or rng.random() < 0.5
                    else None,
                    "next_step": "Gespräch mit den Partnern" if open_ else "",
                    "next_step_due": _after(day, rng, 14, 900) if open_ else None,
                    "expected_savings_eur": Decimal(rng.randint(10, 400) * 1_000),
                    "expected_savings_pct": Decimal(rng.randint(10, 35)),
                    "planned_duration_years": rng.choice((5, 5, 10, None)),
                    "is_published": published,
                    "publish_funding": published and rng.random() < 0.5,
                    "started_on": _after(day, rng, 90, 400) if late else None,
                    "submitted_at": created,
                    "submitted_by_id": self.municipal_user.get(lead.id),
                    "other_partners": "Zweckverband" if rng.random() < 0.05 else "",
                    "created_at": created,
                    "updated_at": created,
                }
            )
            further += [(pk, f) for f, _s in rng.sample(fields, rng.randint(0, 2)) if f != field_id]
        self.w.write(Cooperation, coop_rows)
        del coop_rows
        through = Cooperation.further_fields.through
        self.w.write(
            through,
            (
                {"id": pk, "cooperation_id": c, "fieldofaction_id": f}
                for pk, (c, f) in zip(self.w.ids(through, len(further)), further, strict=True)
            ),
        )
        with connection.cursor() as cursor:
            for year, last in sorted(counters.items()):
                cursor.execute(
                    f"INSERT INTO {ReferenceCounter._meta.db_table} (year, last) VALUES (%s, %s) "  # noqa: S608
                    f"ON CONFLICT (year) DO UPDATE SET last = GREATEST({ReferenceCounter._meta.db_table}.last, "
                    "EXCLUDED.last)",
                    [year, last],
                )
        self.participations(cases)
        self.events(cases, advisers)
        self.log(f"Kooperationen: {len(cases)}")
        return cases

    def participations(self, cases: list[Case]) -> None:
        total = sum(1 + len(c.partners) for c in cases)
        ids = iter(self.w.ids(Participation, total))
        rng = self.rng

        def rows() -> Iterator[dict[str, Any]]:
            for c in cases:
                joined = c.created.date()
                for i, m in enumerate([c.lead, *c.partners]):
                    role = (
                        Participation.Role.LEAD
                        if i == 0
                        else (
                            Participation.Role.ASSOCIATED
                            if rng.random() < 0.05
                            else Participation.Role.PARTNER
                        )
                    )
                    yield {
                        "id": next(ids),
                        "cooperation_id": c.id,
                        "municipality_id": m.id,
                        "role": role,
                        "joined_on": joined,
                        "council_resolution_on": _after(joined, rng, 20, 200),
                        "created_at": c.created,
                        "updated_at": c.created,
                    }

        self.w.write(Participation, rows())

    def events(self, cases: list[Case], advisers: list[int]) -> None:
        rng = self.rng
        plan: list[tuple[Case, list[tuple[str, str]]]] = []
        path: tuple[str, ...]
        for c in cases:
            if c.status in STATUS_PATH:
                path = STATUS_PATH[: STATUS_PATH.index(c.status) + 1]
            elif c.status == Status.REJECTED:
                path = (*STATUS_PATH[:3], Status.REJECTED)
            else:  # withdrawn or dormant from some open state
                path = (*STATUS_PATH[: rng.randint(1, 3)], c.status)
            plan.append((c, list(itertools.pairwise(path))))
        total = sum(1 + len(steps) for _c, steps in plan)
        ids = iter(self.w.ids(CaseEvent, total))

        def rows() -> Iterator[dict[str, Any]]:
            for c, steps in plan:
                at = c.created
                yield {
                    "id": next(ids),
                    "cooperation_id": c.id,
                    "created_at": at,
                    "kind": CaseEvent.Kind.CREATED,
                    "new_status": Status.RECEIVED,
                    "actor_id": self.municipal_user.get(c.lead.id),
                }
                for old, new in steps:
                    at = min(at + dt.timedelta(days=rng.randint(10, 120)), self.w.now)
                    yield {
                        "id": next(ids),
                        "cooperation_id": c.id,
                        "created_at": at,
                        "kind": CaseEvent.Kind.STATUS,
                        "old_status": old,
                        "new_status": new,
                        "actor_id": rng.choice(advisers),
                        "note": "Pausiert auf Wunsch der Kommunen"
                        if new in {Status.WITHDRAWN, Status.DORMANT}
                        else "",
                    }

        self.w.write(CaseEvent, rows())

    def activities_and_messages(self, cases: list[Case], advisers: list[int]) -> None:
        rng = self.rng
        n = self.counts["activities"]
        weights = [len(c.partners) + 1 for c in cases]
        per_case: dict[int, int] = defaultdict(int)
        for i in rng.choices(range(len(cases)), weights=weights, k=n):
            per_case[i] += 1
        ids = iter(self.w.ids(Activity, n))
        kinds = list(Activity.Kind.values)

        def activity_rows() -> Iterator[dict[str, Any]]:
            for i in sorted(per_case):
                c = cases[i]
                start = c.created.date()
                for _ in range(per_case[i]):
                    day = _after(start, rng, 0, 1_500)
                    yield {
                        "id": next(ids),
                        "cooperation_id": c.id,
                        "kind": rng.choice(kinds),
                        "date": day,
                        "participants": "Bürgermeisterinnen und Bürgermeister der Partner",
                        "notes": rng.choice(DESCRIPTION_WORDS),
                        "created_by_id": rng.choice(advisers),
                        "created_at": _aware(day, rng),
                        "updated_at": _aware(day, rng),
                    }

        self.w.write(Activity, activity_rows())
        counts = [rng.choice((0, 1, 2, 2, 3, 4)) for _ in cases]
        ids = iter(self.w.ids(Message, sum(counts)))

        def message_rows() -> Iterator[dict[str, Any]]:
            for c, k in zip(cases, counts, strict=True):
                at = c.created
                for j in range(k):
                    at = min(at + dt.timedelta(days=rng.randint(1, 60)), self.w.now)
                    from_muni = j % 2 == 0
                    yield {
                        "id": next(ids),
                        "cooperation_id": c.id,
                        "from_municipality": from_muni,
                        "author_id": self.municipal_user.get(c.lead.id)
                        if from_muni
                        else rng.choice(advisers),
                        "body": "Guten Tag, anbei unsere Fragen zum Förderantrag. "
                        + rng.choice(DESCRIPTION_WORDS),
                        "read_at": at + dt.timedelta(hours=5) if c.year < 2025 else None,
                        "created_at": at,
                        "updated_at": at,
                    }

        self.w.write(Message, message_rows())

    # -- grants --------------------------------------------------------------------------------
    def grants(self, cases: list[Case], ikz_programmes: dict[str, int]) -> None:
        rng = self.rng
        n = self.counts["grants"]
        guidelines = dict(FundingGuideline.objects.order_by("valid_from").values_list("land", "pk"))
        eligible = [c for c in cases if c.status in GRANT_STATES]
        if not eligible:
            return
        picks = list(range(len(eligible)))[:n]
        picks += rng.choices(range(len(eligible)), k=max(0, n - len(picks)))
        per_case: dict[int, int] = defaultdict(int)
        for i in picks:
            per_case[i] += 1
        grant_rows: list[dict[str, Any]] = []
        paid: list[tuple[int, Decimal, str, dt.date]] = []
        ids = iter(self.w.ids(Grant, n))
        for i in sorted(per_case):
            c = eligible[i]
            for j in range(per_case[i]):
                pk = next(ids)
                status = self._grant_status(c.status, rng)
                size = len(c.partners) + 1
                standard = 50_000 if size == 2 else 75_000 if size == 3 else 100_000
                applied = Decimal(standard if j == 0 else rng.randint(2, 40) * 1_000)
                approved = None
                applied_on = _after(c.created.date(), rng, 30, 400 + 60 * j)
                decision = None
                if status in Grant.APPROVED_STATES or status == Grant.Status.RECLAIMED:
                    approved = (applied * Decimal(rng.randint(80, 100)) / 100).quantize(Decimal("100"))
                    decision = _after(applied_on, rng, 20, 150)
                elif status == Grant.Status.REJECTED:
                    decision = _after(applied_on, rng, 20, 150)
                grant_rows.append(
                    {
                        "id": pk,
                        "cooperation_id": c.id,
                        "programme_id": ikz_programmes.get(c.land),
                        "guideline_id": guidelines.get(c.land),
                        "purpose": "Regelzuwendung" if j == 0 else "Anschlussförderung",
                        "applied_amount": applied,
                        "approved_amount": approved,
                        "budget_year": min(
                            2026, applied_on.year + (1 if decision and decision.year > applied_on.year else 0)
                        ),
                        "applied_on": applied_on,
                        "decision_date": decision,
                        "file_number": f"IKZ {c.land}/{c.year}/{pk}" if decision else "",
                        "status": status,
                        "proof_of_use_due": _after(decision, rng, 365, 800)
                        if approved and decision
                        else None,
                        "proof_of_use_received_on": _after(decision, rng, 400, 900)
                        if decision and status in {Grant.Status.PROOF_SUBMITTED, Grant.Status.CLOSED}
                        else None,
                        "created_at": _aware(applied_on, rng),
                        "updated_at": _aware(decision or applied_on, rng),
                    }
                )
                if approved is not None and status != Grant.Status.APPROVED:
                    paid.append((pk, approved, status, decision or applied_on))
        self.w.write(Grant, grant_rows)
        del grant_rows
        split: list[tuple[int, dt.date, int]] = []
        for pk, approved, status, decided in paid:
            cents = int(approved * 100)
            if status == Grant.Status.PAID:
                cents = cents * rng.randint(30, 100) // 100
            for k, part in enumerate(_split(cents, rng.randint(1, 3), rng)):
                split.append((pk, _after(decided, rng, 30 + 120 * k, 60 + 120 * k), part))
        ids = iter(self.w.ids(Disbursement, len(split)))
        self.w.write(
            Disbursement,
            (
                {
                    "id": next(ids),
                    "grant_id": pk,
                    "date": day,
                    "amount": (Decimal(part) / 100).quantize(CENT),
                    "note": "Teilauszahlung",
                    "created_at": _aware(day, rng),
                    "updated_at": _aware(day, rng),
                }
                for pk, day, part in split
            ),
        )
        self.log(f"Förderungen: {n}, Auszahlungen: {len(split)}")

    @staticmethod
    def _grant_status(case_status: str, rng: random.Random) -> str:
        s = Grant.Status
        table: dict[str, dict[str, int]] = {
            Status.APPLIED: {s.APPLIED: 1},
            Status.REJECTED: {s.REJECTED: 1},
            Status.APPROVED: {s.APPROVED: 1},
            Status.IMPLEMENTING: {s.PAID: 7, s.APPROVED: 3},
            Status.PROOF_OF_USE: {s.PROOF_SUBMITTED: 6, s.PAID: 4},
            Status.CLOSED: {s.CLOSED: 90, s.RECLAIMED: 4, s.WITHDRAWN: 6},
            Status.WITHDRAWN: {s.WITHDRAWN: 1},
            Status.DORMANT: {s.APPLIED: 1},
        }
        return _weighted(rng, table[case_status])

    # -- Förderlotse questions ------------------------------------------------------------------
    def questions(self, munis: list[Muni], advisers: list[int]) -> None:
        rng = self.rng
        n = self.counts["questions"]
        areas = list(FundingArea.objects.order_by("pk").values_list("pk", flat=True))
        towns = [m for m in munis if m.kind != Municipality.Kind.GEMEINDEFREI]
        ids = list(self.w.ids(FunderQuestion, n))
        rows, referrals = [], []
        for i, pk in enumerate(ids):
            kind = _weighted(
                rng, {"kommune": 45, "verein": 25, "gruender": 12, "unternehmen": 12, "sonstige": 6}
            )
            town = rng.choice(towns)
            day = _day_in(rng.choice(YEARS), rng)
            status = _weighted(
                rng, {"neu": 3, "in_bearbeitung": 5, "beantwortet": 50, "weitergeleitet": 30, "erledigt": 12}
            )
            done = status in {"beantwortet", "weitergeleitet", "erledigt"}
            rows.append(
                {
                    "id": pk,
                    "asker_kind": kind,
                    "name": f"Fragende Person {i}",
                    "email": f"frage{i}@example.org",
                    "organisation_name": town.name[:200] if kind == "kommune" else f"Verein {i}",
                    "municipality_id": town.id if kind == "kommune" else None,
                    "area_id": rng.choice(areas) if areas else None,
                    "text": "Welche Programme fördern unser Vorhaben? " + rng.choice(DESCRIPTION_WORDS),
                    "status": status,
                    "assigned_to_id": rng.choice(advisers) if status != "neu" else None,
                    "answer": "Bitte wenden Sie sich an die Förderstelle." if done else "",
                    "answered_at": _aware(_after(day, rng, 1, 20), rng) if done else None,
                    "referred_office": "Wirtschafts- und Infrastrukturbank"
                    if status == "weitergeleitet"
                    else "",
                    "created_at": _aware(day, rng),
                    "updated_at": _aware(day, rng),
                }
            )
            if done:
                referrals += [
                    (pk, p)
                    for p in rng.sample(self.programme_ids, min(len(self.programme_ids), rng.randint(0, 2)))
                ]
        self.w.write(FunderQuestion, rows)
        through = FunderQuestion.referred_programmes.through
        self.w.write(
            through,
            (
                {"id": pk, "funderquestion_id": q, "programme_id": p}
                for pk, (q, p) in zip(self.w.ids(through, len(referrals)), referrals, strict=True)
            ),
        )

    # -- budget advice --------------------------------------------------------------------------
    def consultations(self, munis: list[Muni], budget_advisers: list[int]) -> None:
        rng = self.rng
        n = self.counts["consultations"]
        towns = [m for m in munis if m.kind in {Municipality.Kind.GEMEINDE, Municipality.Kind.STADT}]
        kreise = [m for m in munis if m.kind == Municipality.Kind.LANDKREIS] or towns
        ids = list(self.w.ids(Consultation, n))
        seen: list[Muni] = []
        rows, advisers, meetings, figures, recommendations = [], [], [], [], []
        for pk in ids:
            if seen and rng.random() < 0.2:
                m = rng.choice(seen)  # a second or third consultation
            else:
                m = rng.choice(kreise) if rng.random() < 0.02 else rng.choice(towns)
                seen.append(m)
            day = _day_in(rng.choice(YEARS), rng)
            status = _weighted(
                rng,
                {"abgeschlossen": 80, "abgesagt": 5, "laufend": 6, "geplant": 5, "angefragt": 4}
                if day.year < 2025
                else {"laufend": 40, "geplant": 30, "angefragt": 20, "abgeschlossen": 10},
            )
            population = m.population
            rows.append(
                {
                    "id": pk,
                    "municipality_id": m.id,
                    "date": day,
                    "status": status,
                    "population": population,
                    "size_class": size_class_for(m.kind, population) or "",
                    "topics": "Haushaltskonsolidierung, Gebühren, Personal",
                    "notes": rng.choice(DESCRIPTION_WORDS),
                    "requested_by_id": self.municipal_user.get(m.id),
                    "created_at": _aware(day, rng),
                    "updated_at": _aware(day, rng),
                }
            )
            advisers += [
                (pk, a) for a in rng.sample(budget_advisers, min(len(budget_advisers), rng.randint(1, 2)))
            ]
            if status in {"abgesagt", "angefragt"}:
                continue
            meetings.append((pk, Meeting.Kind.FIRST, day))
            if status == "abgeschlossen":
                meetings.append((pk, Meeting.Kind.SECOND, _after(day, rng, 30, 90)))
                if rng.random() < 0.3:
                    meetings.append((pk, Meeting.Kind.WORKSHOP, _after(day, rng, 60, 150)))
                figures.append((pk, day.year))
                recommendations += [(pk, day) for _ in range(rng.randint(2, 5))]
        self.w.write(Consultation, rows)
        through = Consultation.advisers.through
        self.w.write(
            through,
            (
                {"id": pk, "consultation_id": c, "user_id": u}
                for pk, (c, u) in zip(self.w.ids(through, len(advisers)), advisers, strict=True)
            ),
        )
        self.w.write(
            Meeting,
            (
                {
                    "id": pk,
                    "consultation_id": c,
                    "kind": k,
                    "date": d,
                    "notes": "",
                    "created_at": _aware(d, rng),
                    "updated_at": _aware(d, rng),
                }
                for pk, (c, k, d) in zip(self.w.ids(Meeting, len(meetings)), meetings, strict=True)
            ),
        )
        self.w.write(
            BudgetFigures,
            (
                {
                    "id": pk,
                    "consultation_id": c,
                    "year": y - 1,
                    "tax_rate_property_b": rng.randint(300, 900),
                    "tax_rate_trade": rng.randint(320, 480),
                    "personnel_costs_per_inhabitant": Decimal(rng.randint(200, 900)),
                    "debt_per_inhabitant": Decimal(rng.randint(0, 5000)),
                    "deficit": Decimal(rng.randint(-500, 3000) * 1_000),
                    "created_at": self.w.now,
                    "updated_at": self.w.now,
                }
                for pk, (c, y) in zip(self.w.ids(BudgetFigures, len(figures)), figures, strict=True)
            ),
        )
        areas = list(Recommendation.Area.values)
        self.w.write(
            Recommendation,
            (
                {
                    "id": pk,
                    "consultation_id": c,
                    "area": rng.choice(areas),
                    "text": "Gebühren kostendeckend kalkulieren. " + rng.choice(DESCRIPTION_WORDS),
                    "estimated_effect": Decimal(rng.randint(5, 500) * 1_000),
                    "implemented": rng.choice(list(Recommendation.Implemented.values)),
                    "follow_up_due": _after(d, rng, 180, 400),
                    "created_at": _aware(d, rng),
                    "updated_at": _aware(d, rng),
                }
                for pk, (c, d) in zip(
                    self.w.ids(Recommendation, len(recommendations)), recommendations, strict=True
                )
            ),
        )
        self.log(f"Haushaltsberatungen: {n} ({len(recommendations)} Empfehlungen)")

    def run(self) -> None:
        munis = self.municipalities()
        users = self.users(munis)
        advisers = users[roles.KIKZ]
        ikz = self.programmes(self.laender())
        cases = self.cooperations(munis, advisers)
        self.activities_and_messages(cases, advisers)
        self.grants(cases, ikz)
        self.questions(munis, advisers)
        self.consultations(munis, users[roles.BUDGET])


VACUUM_ROUNDS = 20


def vacuum(tables: list[str], log: Callable[[str], None]) -> None:
    """The state autovacuum keeps a database in: fresh statistics, so the planner picks
    indexes, and the visibility map set, so index-only scans (counts, the statistics'
    grants) need not visit every row's page – right after a bulk load they would, as in
    no steady state. A VACUUM in the first moments after the loading transaction's commit
    often leaves the map empty (PostgreSQL 15 does not count the rows as visible to all
    yet; `make bench` measured the statistics a fifth slower and the atlas count four
    times as slow), so tables whose map is not full are vacuumed again, a second apart,
    for at most VACUUM_ROUNDS rounds."""
    quote = connection.ops.quote_name
    pending = tables
    with connection.cursor() as cursor:
        for table in pending:
            cursor.execute(f"VACUUM (ANALYZE) {quote(table)}")
        for round_ in range(VACUUM_ROUNDS + 1):
            cursor.execute(
                "SELECT relname FROM pg_class WHERE relname = ANY(%s) AND relallvisible < relpages", [pending]
            )
            pending = [name for (name,) in cursor.fetchall()]
            if not pending or round_ == VACUUM_ROUNDS:
                break
            time.sleep(1)
            for table in pending:
                cursor.execute(f"VACUUM {quote(table)}")
    if pending:
        log(f"Sichtbarkeitskarte nicht vollständig: {', '.join(pending)}")


class Command(BaseCommand):
    help = "Erzeugt einen großen, stimmigen Datenbestand für Leistungsmessungen (Faktor 1 = ein Land)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--factor", type=float, default=1.0, help="1 = ein Land, 100 = bundesweit")
        parser.add_argument("--nationwide", action="store_true", help=f"wie --factor {NATIONWIDE_FACTOR}")
        parser.add_argument("--seed", type=int, default=1, help="Startwert des Zufallsgenerators")
        parser.add_argument("--register", type=Path, help="GV-ISys-XLSX mit den Kommunen (sonst synthetisch)")
        parser.add_argument("--dry-run", action="store_true", help="nur die geplanten Mengen ausgeben")

    def handle(self, *args: Any, **options: Any) -> None:
        factor = NATIONWIDE_FACTOR if options["nationwide"] else options["factor"]
        if not 0 < factor <= 10 * NATIONWIDE_FACTOR:
            raise CommandError("Der Faktor muss größer als 0 und höchstens 1000 sein.")
        register = Path(options["register"]) if options["register"] else None
        if register and not register.is_file():
            raise CommandError(f"Gemeindeverzeichnis nicht gefunden: {register}")
        verbosity = options["verbosity"]
        planned = counts_for(factor)
        self.stdout.write(
            f"Faktor {factor:g} ({laender_for(factor)} Land/Länder): "
            + ", ".join(f"{k} {v:,}".replace(",", ".") for k, v in planned.items())
        )
        if options["dry_run"]:
            return
        started = time.monotonic()
        writer = Writer(self.stdout, verbosity)

        def log(text: str) -> None:
            if verbosity >= 1:
                self.stdout.write(f"{text}  [{time.monotonic() - started:.1f} s]")

        with transaction.atomic():
            Generator(factor=factor, seed=options["seed"], register=register, writer=writer, log=log).run()
            writer.finish()
        if not connection.in_atomic_block:
            vacuum(list(dict.fromkeys(writer.tables)), log)
        rows = sum(writer.written.values())
        self.stdout.write(
            self.style.SUCCESS(
                f"{rows:,} Zeilen in {time.monotonic() - started:.1f} s geschrieben.".replace(",", ".")
            )
        )
