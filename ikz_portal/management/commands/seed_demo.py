"""`python manage.py seed_demo [--seed N] [--if-empty]`: a realistic Hessian picture.

Why: `make run` must show a working portal at once – to a new KIKZ colleague, to
the ministry, to a tester – with data shaped like the KIKZ's published figures
(DESIGN.md): more than 350 funded cooperations since 2008 with about 25 million €
approved, about 200 budget consultations with second and third consultations
(199 of them up to 31.12.2020, from 39 Gemeinden, 90 Kleinstädte, 22 Mittelstädte,
1 Großstadt and 1 Landkreis), a programme catalogue of Land, Bund and EU,
Förderlotse questions, organisations, people, and a login for every role.

How:
- Deterministic: every choice comes from one `random.Random(seed)` over lists
  sorted by AGS, so the same seed on an empty database gives the same reference
  numbers, amounts and dates on SQLite and PostgreSQL alike. Dates are relative
  to today, so that open cases stay open.
- Municipalities: an imported register (`import_gv100ad`) is used when present;
  otherwise the built-in list of `ikz_portal.demo_data` (real AGS) is loaded and
  the merger Oberweser + Wahlsburg → Wesertal is recorded by `municipality_merge`.
- Cases follow the workflow: each case's path is checked step by step against the
  transitions `cooperations.services` allows and written as CaseEvents with their
  historic dates; references come from `next_reference` in date order;
  disbursements follow the rule of `funding.services.disbursement_create` (never
  above the approved amount; checked here, and by the tests). Rows are bulk-inserted (the seed takes seconds), and
  `created_at` is set to the historic date afterwards (auto_now_add overrides it
  on insert).
- Approved funding: grants from 2022 follow the Hessian guideline (50,000 € for 2,
  75,000 € for 3, 100,000 € for more partners; 150,000 € per GVV member; 15,000 €
  per Ortsteilfeuerwehr). Older grants are scaled so that all approved grants
  add up to 25,000,000 € give or take their rounding to 500 € each.
- `--if-empty` (run by `make run` on every start) does nothing when cases exist
  and only prints the logins again.
- The demo password is public, so production settings are refused.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from accounts import roles
from accounts.models import User
from budget_advice.models import BudgetFigures, Consultation, Meeting, Recommendation
from budget_advice.services import consultation_create
from contacts.demography import population_seed_demo
from contacts.models import Membership, Municipality, Organisation, Person, SizeClass, size_class_for
from contacts.services import municipality_merge
from cooperations.models import (
    FORWARD,
    OPEN_STATES,
    PAUSE_STATES,
    Activity,
    CaseEvent,
    Cooperation,
    Document,
    FieldOfAction,
    LegalForm,
    Message,
    Participation,
    Stage,
    Status,
)
from cooperations.services import document_add, next_reference
from dossier import demo as dossier_demo
from events.demo import seed_knowledge_and_events
from funding.models import (
    Disbursement,
    Eligibility,
    FunderQuestion,
    FundingArea,
    FundingGuideline,
    Grant,
    Programme,
)
from geo.demo import load_demo_boundaries
from ikz_portal import demo_data as data

DEMO_PASSWORD = "ikz-demo-2026"  # noqa: S105 - public on purpose: printed at every start
DEMO_DOMAIN = "demo.example"
DEFAULT_SEED = 2008

FIRST_YEAR = 2008
FUNDED_CASES = 356
TARGET_APPROVED = Decimal("25000000.00")
ROUND_OLD_GRANTS = Decimal("500")
# Cases that never got (or lost) funding, and open ones, by the path they took.
OTHER_CASES = {
    "rejected": 18,
    "withdrawn_in_consultation": 14,
    "withdrawn_applied": 5,
    "reclaimed": 3,
    "dormant": 4,
    "received": 9,
    "in_consultation": 16,
    "applied": 8,
}
# Partners per case (including the lead), weights: mean ≈ 4.8, as in "1,700
# participations in 350 cooperations".
PARTNER_WEIGHTS = {2: 8, 3: 20, 4: 20, 5: 17, 6: 14, 7: 11, 8: 10}

# Budget consultations held up to 31.12.2020: distinct municipalities per size class
# at the first consultation, and how many had a second and a third (DESIGN.md).
BUDGET_CUTOFF = dt.date(2020, 12, 31)
BUDGET_FIRST_BY_CLASS = {
    SizeClass.GEMEINDE: 39,
    SizeClass.KLEINSTADT: 90,
    SizeClass.MITTELSTADT: 22,
    SizeClass.GROSSSTADT: 1,
    SizeClass.LANDKREIS: 1,
}
BUDGET_SECOND = 38  # of them, 8 also had a third: 153 + 38 + 8 = 199
BUDGET_THIRD = 8
BUDGET_LATER_FIRST = 14  # held since 2021
BUDGET_LATER_REPEAT = 6
FUNDER_QUESTION_COUNT = 40

ALREADY_SEEDED = (
    "Die Datenbank enthält schon Vorgänge. seed_demo füllt nur eine leere Datenbank "
    "(mit --if-empty wird dann nichts getan)."
)
REFUSED_IN_PRODUCTION = (
    "seed_demo legt Konten mit einem öffentlich bekannten Passwort an und läuft nicht mit den "
    "Produktionseinstellungen."
)
NO_MUNICIPALITIES = (
    "Für das Land {land} gibt es keine eingebaute Kommunenliste: bitte zuerst das Gemeindeverzeichnis "
    "importieren (python manage.py import_gv100ad DATEI)."
)
TOO_FEW_MUNICIPALITIES = "Für Demodaten braucht das Gemeindeverzeichnis mindestens zwei Kommunen."

# Kreisfreie Städte cooperate with the Landkreis around them.
NEIGHBOUR_KREIS = {"06411": "06432", "06412": "06438", "06413": "06438", "06414": "06439", "06611": "06633"}

T = TypeVar("T")
PLAN_ERROR = "Interner Fehler im Demoplan."
CENT = Decimal("0.01")

# The change reason of the first history entry of every demo row (the back office shows it).
DEMO_REASON = "Demodaten angelegt"


@dataclass(frozen=True)
class DemoLogin:
    key: str
    email: str
    first_name: str
    last_name: str
    role: str


DEMO_LOGINS = (
    DemoLogin("kassel", f"kassel@{DEMO_DOMAIN}", "Katrin", "Kasper", "Kommune Kassel (bestätigt)"),
    DemoLogin("fulda", f"fulda@{DEMO_DOMAIN}", "Bernd", "Faber", "Kommune Fulda (bestätigt)"),
    DemoLogin("new", f"neu@{DEMO_DOMAIN}", "Udo", "Neumann", "Kommune, noch nicht bestätigt"),
    DemoLogin("kikz", f"beratung@{DEMO_DOMAIN}", "Clara", "Klein", "KIKZ-Beratung (Back Office)"),
    DemoLogin("budget", f"haushalt@{DEMO_DOMAIN}", "Hanna", "Haus", "Haushaltsberatung (Back Office)"),
    DemoLogin("ministry", f"ministerium@{DEMO_DOMAIN}", "Dieter", "Dorn", "Ministerium (Statistik)"),
    DemoLogin("admin", f"admin@{DEMO_DOMAIN}", "Ada", "Admin", "Administration (Superuser)"),
)
KASSEL_AGS = "06611000"
FULDA_AGS = "06631009"
NEW_USER_AGS = "06631016"  # Kalbach (README.md, „Demo-Zugänge“)


# Rows this command bulk-inserts with their historic created_at/updated_at.
BULK_MODELS: tuple[type[models.Model], ...] = (
    Cooperation,
    Participation,
    CaseEvent,
    Activity,
    Message,
    Grant,
    Disbursement,
    Meeting,
    BudgetFigures,
    Recommendation,
    FunderQuestion,
)


@contextmanager
def historic_timestamps(*model_classes: type[models.Model]) -> Iterator[None]:
    """auto_now_add/auto_now would stamp every bulk-inserted row with the time of
    the seed; switched off for these models while the seed runs."""
    saved = []
    for model in model_classes:
        for f in model._meta.concrete_fields:
            if isinstance(f, models.DateTimeField) and (f.auto_now or f.auto_now_add):
                saved.append((f, f.auto_now, f.auto_now_add))
                f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def tiny_pdf(lines: Sequence[str]) -> bytes:
    """A minimal valid one-page PDF with a few lines of text (Helvetica, WinAnsi)."""

    def text(value: str) -> str:
        return value.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    body = "BT /F1 14 Tf 56 780 Td 18 TL " + " ".join(f"({text(line)}) '" for line in lines) + " ET"
    stream = body.encode("cp1252", errors="replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + obj + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def money(value: Decimal | float | int) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def round_to(value: Decimal, step: Decimal) -> Decimal:
    return money((value / step).quantize(Decimal("1"), rounding=ROUND_HALF_UP) * step)


@dataclass
class CasePlan:
    kind: str
    submitted: dt.date
    lead: Municipality | None = None
    members: list[Municipality] = field(default_factory=list)
    # (date, new status, reason) after the creation, in order.
    steps: list[tuple[dt.date, str, str]] = field(default_factory=list)
    decision: dt.date | None = None
    applied: dt.date | None = None
    consultation: dt.date | None = None
    implementation: dt.date | None = None
    proof_received: dt.date | None = None
    closed: dt.date | None = None
    size: int = 2
    field_slug: str = ""
    title: str = ""
    legal_form: str = LegalForm.OPEN
    forced_lead: str = ""
    fire_brigades: int = 0
    approved: Decimal | None = None
    applied_amount: Decimal | None = None
    exception_reason: str = ""
    case: Cooperation | None = None

    @property
    def status(self) -> str:
        return self.steps[-1][1] if self.steps else Status.RECEIVED

    @property
    def last_date(self) -> dt.date:
        return self.steps[-1][0] if self.steps else self.submitted


class Command(BaseCommand):
    help = "Füllt eine leere Datenbank mit Demodaten (hessische Kommunen, Vorgänge, Förderungen, Beratungen, Konten)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="Zufallsstartwert (Vorgabe 2008)")
        parser.add_argument(
            "--if-empty", action="store_true", help="nichts tun, wenn schon Vorgänge vorhanden sind"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if (getattr(settings, "SETTINGS_MODULE", "") or "").endswith("production"):
            raise CommandError(REFUSED_IN_PRODUCTION)
        if Cooperation.objects.exists():
            if options["if_empty"]:
                self.stdout.write("Demodaten sind schon vorhanden – nichts zu tun.")
                if User.objects.filter(email__in=[d.email for d in DEMO_LOGINS]).exists():
                    self.print_logins()
                return
            raise CommandError(ALREADY_SEEDED)
        started = time.monotonic()
        summary = Seeder(seed=options["seed"], today=timezone.localdate()).run()
        summary |= dossier_demo.seed(today=timezone.localdate())  # issue 16, part 3
        self.stdout.write(
            self.style.SUCCESS(
                f"Demodaten angelegt in {time.monotonic() - started:.1f} s (Startwert {options['seed']}):"
            )
        )
        for label, value in summary.items():
            self.stdout.write(f"  {label}: {value}")
        self.print_logins()

    def print_logins(self) -> None:
        width = max(len(d.email) for d in DEMO_LOGINS)
        self.stdout.write("")
        self.stdout.write(self.style.MIGRATE_HEADING(f"Demo-Zugänge (Passwort für alle: {DEMO_PASSWORD})"))
        for d in DEMO_LOGINS:
            self.stdout.write(f"  {d.email.ljust(width)}  {d.role}")
        self.stdout.write("  Portal: /konto/login/   Back Office: /admin/")
        if getattr(settings, "IKZ_REQUIRE_STAFF_2FA", True):
            self.stdout.write(
                "  Hinweis: Back-Office-Konten richten beim ersten Aufruf von /admin/ eine "
                "Authenticator-App (TOTP) ein."
            )
        else:
            self.stdout.write(
                "  Zwei-Faktor-Pflicht für das Back Office ist in dieser lokalen Demo abgeschaltet."
            )
        self.stdout.write("")


class Seeder:
    def __init__(self, *, seed: int, today: dt.date) -> None:
        self.rng = random.Random(seed)
        self.today = today
        self.tz = ZoneInfo(settings.TIME_ZONE)
        self._grant_plans: list[tuple[CasePlan, Grant]] = []

    # --- small helpers ------------------------------------------------------------

    def pick(self, items: Sequence[T]) -> T:
        return items[self.rng.randrange(len(items))]

    def weighted(self, weights: dict[Any, int]) -> Any:
        keys = list(weights)
        return self.rng.choices(keys, weights=[weights[k] for k in keys])[0]

    def days(self, low: int, high: int) -> dt.timedelta:
        return dt.timedelta(days=self.rng.randint(low, high))

    def moment(self, day: dt.date) -> dt.datetime:
        """A plausible office-hours time on `day`, in the portal's time zone."""
        return dt.datetime.combine(
            day, dt.time(self.rng.randint(8, 16), self.rng.choice((0, 15, 30, 45))), tzinfo=self.tz
        )

    def person_name(self) -> tuple[str, str]:
        return self.pick(data.FIRST_NAMES), self.pick(data.LAST_NAMES)

    @staticmethod
    def stamp(objs: Sequence[models.Model], stamps: Sequence[dt.datetime], fields: Sequence[str]) -> None:
        """Historic times for rows bulk-inserted under `historic_timestamps`."""
        for obj, when in zip(objs, stamps, strict=True):
            for name in fields:
                setattr(obj, name, when)

    @staticmethod
    def restamp(objs: Sequence[models.Model], stamps: Sequence[dt.datetime]) -> None:
        """Historic times for rows a service saved (auto_now_add set them to now)."""
        for obj, when in zip(objs, stamps, strict=True):
            type(obj)._default_manager.filter(pk=obj.pk).update(created_at=when, updated_at=when)  # type: ignore[attr-defined]

    # --- the run ------------------------------------------------------------------

    def run(self) -> dict[str, str]:
        with transaction.atomic(), historic_timestamps(*BULK_MODELS):
            self.municipalities()
            load_demo_boundaries()  # the map's boundaries (geo/demo.py), without ../shared
            population_seed_demo()  # population editions 2018/2021/2025 (contacts/demography.py)
            self.users()
            self.organisations_and_people()
            self.programmes()
            self.cooperations()
            self.consultations()
            self.funder_questions()
        extra = seed_knowledge_and_events(today=self.today, rng=self.rng)  # issue 18, with timestamps
        approved = Grant.objects.approved().aggregate(total=models.Sum("approved_amount"))["total"] or 0
        return {
            "Kommunen": f"{Municipality.objects.count()} ({self.municipality_source})",
            "Vorgänge": f"{Cooperation.objects.count()}, davon gefördert {Cooperation.objects.funded().count()}",
            "Beteiligungen": str(Participation.objects.count()),
            "bewilligte Förderung": f"{approved:,.2f} €".replace(",", "X")
            .replace(".", ",")
            .replace("X", "."),
            "Haushaltsberatungen": str(Consultation.objects.count()),
            "Förderprogramme": str(Programme.objects.count()),
            "Fragen an den Förderlotsen": str(FunderQuestion.objects.count()),
            **extra,
        }

    # --- municipalities -------------------------------------------------------------

    def municipalities(self) -> None:
        local = Municipality.objects.exclude(kind=Municipality.Kind.LANDKREIS)
        if local.exists():
            self.municipality_source = "aus dem importierten Gemeindeverzeichnis"
        else:
            if settings.IKZ_LAND != "06":
                raise CommandError(NO_MUNICIPALITIES.format(land=settings.IKZ_LAND))
            self.municipality_source = "eingebaute Liste"
            self.create_builtin_municipalities()
        everything = list(Municipality.objects.order_by("ags"))
        self.by_ags = {m.ags: m for m in everything}
        successor_ids = {m.successor_id for m in everything if m.successor_id}
        self.successors = {m.pk for m in everything if m.pk in successor_ids}
        self.local = [
            m
            for m in everything
            if m.kind
            in (Municipality.Kind.GEMEINDE, Municipality.Kind.STADT, Municipality.Kind.KREISFREIE_STADT)
            and m.population
        ]
        self.landkreise = {m.ags[:5]: m for m in everything if m.kind == Municipality.Kind.LANDKREIS}
        self.by_kreis: dict[str, list[Municipality]] = defaultdict(list)
        for m in self.local:
            self.by_kreis[m.ags[:5]].append(m)

    def create_builtin_municipalities(self) -> None:
        bezirk = data.REGIERUNGSBEZIRKE
        kreise = [
            Municipality(
                ags=k.ags, name=k.name, kind=Municipality.Kind.LANDKREIS, regierungsbezirk=bezirk[k.ags[2]]
            )
            for k in data.LANDKREISE
        ]
        bulk_create_with_history(kreise, Municipality, default_change_reason=DEMO_REASON)
        by_key = {k.ags[:5]: k for k in Municipality.objects.filter(kind=Municipality.Kind.LANDKREIS)}

        def build(g: data.Gemeinde, population_date: dt.date) -> Municipality:
            return Municipality(
                ags=g.ags,
                name=g.name,
                kind=g.kind,
                district=by_key.get(g.ags[:5]),
                regierungsbezirk=bezirk[g.ags[2]],
                population=g.population,
                population_date=population_date,
                area_km2=Decimal(g.area_km2),
                postal_code=g.postal_code,
                latitude=Decimal(g.latitude) if g.latitude else None,
                longitude=Decimal(g.longitude) if g.longitude else None,
            )

        rows = [build(g, data.POPULATION_DATE) for g in data.GEMEINDEN]
        rows += [build(g, data.PREDECESSOR_POPULATION_DATE) for m in data.MERGERS for g in m.old]
        bulk_create_with_history(rows, Municipality, default_change_reason=DEMO_REASON)
        # A Landkreis and a kreisfreie Stadt are their own Kreis.
        Municipality.objects.filter(
            kind__in=[Municipality.Kind.LANDKREIS, Municipality.Kind.KREISFREIE_STADT]
        ).update(district=F("pk"))
        # Kreis totals: the sum of its current Gemeinden (the register has none for Kreise).
        for kreis in Municipality.objects.filter(kind=Municipality.Kind.LANDKREIS):
            members = [g for g in data.GEMEINDEN if g.ags[:5] == kreis.ags[:5]]
            lats = [Decimal(g.latitude) for g in members if g.latitude]
            lons = [Decimal(g.longitude) for g in members if g.longitude]
            kreis.population = sum(g.population for g in members)
            kreis.population_date = data.POPULATION_DATE
            if lats and lons:
                kreis.latitude = (sum(lats, Decimal(0)) / len(lats)).quantize(Decimal("0.000001"))
                kreis.longitude = (sum(lons, Decimal(0)) / len(lons)).quantize(Decimal("0.000001"))
            kreis.save(update_fields=["population", "population_date", "latitude", "longitude"])
        for merger in data.MERGERS:
            municipality_merge(
                old=Municipality.objects.filter(ags__in=[g.ags for g in merger.old]).order_by("ags"),
                new=Municipality.objects.get(ags=merger.new_ags),
                on=merger.on,
            )

    def valid_on(self, m: Municipality, day: dt.date) -> bool:
        """In the register on `day`. valid_from is only trusted for merger results:
        an import may stamp every row with the edition's date."""
        if m.valid_until is not None and m.valid_until < day:
            return False
        return not (m.pk in self.successors and m.valid_from is not None and m.valid_from > day)

    def municipality(self, ags: str) -> Municipality:
        return self.by_ags.get(ags) or self.local[0]

    # --- users, organisations, people -----------------------------------------------

    def users(self) -> None:
        groups = {g.name: g for g in Group.objects.all()}
        self.demo: dict[str, User] = {}
        hashed = make_password(DEMO_PASSWORD)  # one hash for all: PBKDF2 is slow on purpose
        for d in DEMO_LOGINS:
            user = User(
                email=d.email,
                first_name=d.first_name,
                last_name=d.last_name,
                is_staff=d.key in ("kikz", "budget", "admin"),
                is_superuser=d.key == "admin",
            )
            user.password = hashed
            user.save()
            group = {
                "kikz": roles.KIKZ,
                "budget": roles.BUDGET,
                "ministry": roles.MINISTRY,
                "admin": roles.ADMINISTRATION,
            }.get(d.key)
            if group and group in groups:
                user.groups.add(groups[group])
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
            self.demo[d.key] = user
        kassel, fulda = self.municipality(KASSEL_AGS), self.municipality(FULDA_AGS)
        if fulda.pk == kassel.pk:
            fulda = self.local[1]
        self.kassel, self.fulda = kassel, fulda
        decided = self.moment(self.today - dt.timedelta(days=200))
        for key, m, function in (("kassel", kassel, "Hauptamt"), ("fulda", fulda, "Kämmerei")):
            Membership.objects.create(
                user=self.demo[key],
                municipality=m,
                status=Membership.Status.CONFIRMED,
                function=function,
                decided_by=self.demo["kikz"],
                decided_at=decided,
            )
        Membership.objects.create(
            user=self.demo["new"],
            municipality=self.municipality(NEW_USER_AGS),
            function="Bauamt",
            note="Ich bin neu im Bauamt und möchte unsere Kooperationsanfragen verfolgen.",
        )
        # Colleagues who appear in cases and consultations but have no demo login.
        self.advisers = [self.demo["kikz"]]
        self.budget_advisers = [self.demo["budget"]]
        for team, group, count in ((self.advisers, roles.KIKZ, 3), (self.budget_advisers, roles.BUDGET, 2)):
            for _ in range(count):
                first, last = self.person_name()
                email = f"{first}.{last}.{len(team)}@kikz.{DEMO_DOMAIN}".lower()
                email = email.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
                colleague = User(email=email, first_name=first, last_name=last, is_staff=True)
                colleague.set_unusable_password()
                colleague.save()
                if group in groups:
                    colleague.groups.add(groups[group])
                team.append(colleague)

    def organisations_and_people(self) -> None:
        orgs = [
            Organisation(
                name=o.name,
                short_name=o.short_name,
                kind=o.kind,
                address=o.address,
                website=o.website,
                email=f"info@{o.key}.{DEMO_DOMAIN}",
            )
            for o in data.ORGANISATIONS
        ]
        Organisation.objects.bulk_create(orgs)
        self.orgs = {o.key: org for o, org in zip(data.ORGANISATIONS, orgs, strict=True)}
        people: list[Person] = []
        # The public contact persons of the KIKZ and the budget advice.
        for i, user in enumerate(self.advisers):
            people.append(
                Person(
                    first_name=user.first_name,
                    last_name=user.last_name,
                    salutation="Frau" if user.first_name.endswith("a") else "",
                    function="Beratung Interkommunale Zusammenarbeit" if i else "Leitung KIKZ",
                    organisation=self.orgs["kikz"],
                    email=user.email,
                    phone=f"0611 555 01-{10 + i}",
                    is_public=True,
                    user=user,
                )
            )
        for i, user in enumerate(self.budget_advisers):
            people.append(
                Person(
                    first_name=user.first_name,
                    last_name=user.last_name,
                    function="Haushaltsberatung",
                    organisation=self.orgs["lbwv"],
                    email=user.email,
                    phone=f"0611 555 02-{10 + i}",
                    is_public=True,
                    user=user,
                )
            )
        for key in ("hsgb", "hst", "hlt", "hmdi", "hmdf", "rpda", "rpgi", "rpks"):
            first, last = self.person_name()
            people.append(
                Person(
                    first_name=first,
                    last_name=last,
                    function="Referat Kommunale Angelegenheiten"
                    if key.startswith(("hm", "rp"))
                    else "Referentin / Referent",
                    organisation=self.orgs[key],
                    email=f"{last.lower()}@{key}.{DEMO_DOMAIN}".replace("ö", "oe")
                    .replace("ä", "ae")
                    .replace("ü", "ue"),
                    is_public=key in ("hsgb", "hst", "hlt"),
                )
            )
        ministry = self.demo["ministry"]
        people.append(
            Person(
                first_name=ministry.first_name,
                last_name=ministry.last_name,
                function="Referat Interkommunale Zusammenarbeit",
                organisation=self.orgs["hmdi"],
                email=ministry.email,
                user=ministry,
            )
        )
        for key, m in (("kassel", self.kassel), ("fulda", self.fulda)):
            user = self.demo[key]
            people.append(
                Person(
                    first_name=user.first_name,
                    last_name=user.last_name,
                    function="Hauptamt" if key == "kassel" else "Kämmerei",
                    municipality=m,
                    email=user.email,
                    legal_basis=Person.LegalBasis.CONTRACT,
                    user=user,
                )
            )
        # Contacts in the municipalities (the mayor or the head of the main office).
        for m in self.rng.sample(self.local, min(60, len(self.local))):
            first, last = self.person_name()
            people.append(
                Person(
                    first_name=first,
                    last_name=last,
                    function=data.function_for(first, self.pick(data.MUNICIPAL_FUNCTIONS)),
                    municipality=m,
                    email=f"{last.lower()}@{m.ags}.{DEMO_DOMAIN}".replace("ö", "oe")
                    .replace("ä", "ae")
                    .replace("ü", "ue"),
                    phone=f"0{self.rng.randint(5500, 6699)} {self.rng.randint(100, 999)}-{self.rng.randint(10, 99)}",
                )
            )
        bulk_create_with_history(people, Person, default_change_reason=DEMO_REASON)

    # --- programmes -----------------------------------------------------------------

    def programmes(self) -> None:
        eligible = {e.slug: e for e in Eligibility.objects.all()}
        areas = {a.slug: a for a in FundingArea.objects.all()}
        programmes = []
        for p in data.PROGRAMMES:
            deadline = None
            if p.is_active and self.rng.random() < 0.4:
                deadline = self.today + self.days(20, 300)
            programmes.append(
                Programme(
                    name=p.name,
                    short_name=p.short_name,
                    summary=p.summary,
                    funder_level=p.level,
                    funder=p.funder,
                    region=p.region,
                    aid_kind=p.aid_kind,
                    guideline_version=(
                        "Rahmenvereinbarung zur Förderung der IKZ vom 07.12.2021" if p.is_ikz else ""
                    ),
                    rate_pct=Decimal(p.rate_pct) if p.rate_pct else None,
                    ceiling=Decimal(p.ceiling) if p.ceiling else None,
                    deadline=deadline,
                    url=p.url,
                    contact=p.funder,
                    is_active=p.is_active,
                    is_ikz=p.is_ikz,
                )
            )
        Programme.objects.bulk_create(programmes)
        through_e = Programme.eligible.through
        through_a = Programme.areas.through
        through_e.objects.bulk_create(
            [
                through_e(programme_id=prog.pk, eligibility_id=eligible[slug].pk)
                for p, prog in zip(data.PROGRAMMES, programmes, strict=True)
                for slug in p.eligible
                if slug in eligible
            ]
        )
        through_a.objects.bulk_create(
            [
                through_a(programme_id=prog.pk, fundingarea_id=areas[slug].pk)
                for p, prog in zip(data.PROGRAMMES, programmes, strict=True)
                for slug in p.areas
                if slug in areas
            ]
        )
        self.programme_list = programmes
        self.programme_facets = {
            prog.pk: (set(p.eligible), set(p.areas))
            for p, prog in zip(data.PROGRAMMES, programmes, strict=True)
        }
        self.ikz_programme = next(prog for prog in programmes if prog.is_ikz)

    # --- cooperations: plans ----------------------------------------------------------

    def cooperations(self) -> None:
        self.fields = {f.slug: f for f in FieldOfAction.objects.all()}
        self.guideline = (
            FundingGuideline.objects.filter(land=settings.IKZ_LAND).order_by("-valid_from").first()
        )
        self.titles: set[str] = set()
        plans = self.funded_plans() + self.other_plans()
        self.force_demo_leads(plans)
        for plan in plans:
            self.choose_members(plan)
            self.describe(plan)
            self.check_path(plan)
        self.amounts(plans)
        order = sorted(range(len(plans)), key=lambda i: (plans[i].submitted, i))
        self.plans = [plans[i] for i in order]
        self.write_cases()
        self.write_grants()

    def decision_dates(self) -> list[dt.date]:
        """FUNDED_CASES decision dates from 2008 to today, fewer in the first years."""
        years = list(range(FIRST_YEAR, self.today.year + 1))
        weights: dict[int, float] = {}
        for year in years:
            w = (
                6.0
                if year == 2008
                else 12.0
                if year == 2009
                else 16.0
                if year == 2020
                else 24.0
                if year >= 2022
                else 20.0
            )
            if year == self.today.year:
                w *= max(0.0, (self.today.timetuple().tm_yday - 30) / 365)
            weights[year] = w
        total = sum(weights.values())
        exact = {y: FUNDED_CASES * w / total for y, w in weights.items()}
        counts = {y: int(v) for y, v in exact.items()}
        for y in sorted(years, key=lambda y: (-(exact[y] - counts[y]), y))[
            : FUNDED_CASES - sum(counts.values())
        ]:
            counts[y] += 1
        dates = []
        for year in years:
            start = dt.date(year, 3, 1) if year == FIRST_YEAR else dt.date(year, 1, 1)
            end = min(dt.date(year, 12, 20), self.today - dt.timedelta(days=20))
            span = max(0, (end - start).days)
            dates += [start + dt.timedelta(days=self.rng.randint(0, span)) for _ in range(counts[year])]
        return dates

    def timeline(self, end: dt.date, gaps: list[int]) -> list[dt.date]:
        """Dates before `end` separated by `gaps` (days), squeezed to start in 2008 at the earliest."""
        earliest = dt.date(FIRST_YEAR, 1, 2)
        total = sum(gaps)
        room = (end - earliest).days
        if total > room:
            gaps = [max(1, g * room // total) for g in gaps]
        points = [end]
        for gap in reversed(gaps):
            points.insert(0, points[0] - dt.timedelta(days=gap))
        return points

    def funded_plans(self) -> list[CasePlan]:
        plans = []
        for decision in self.decision_dates():
            plan = CasePlan(kind="funded", submitted=decision, size=self.weighted(PARTNER_WEIGHTS))
            pause = self.rng.random() < 0.06
            if pause:
                gaps = [self.rng.randint(7, 45), self.rng.randint(20, 60), self.rng.randint(60, 200)]
                gaps += [self.rng.randint(30, 120), self.rng.randint(30, 120)]
                s, c, p1, p2, a, d = self.timeline(decision, gaps)
                plan.steps = [
                    (c, Status.IN_CONSULTATION, ""),
                    (p1, Status.DORMANT, self.pick(data.PAUSE_REASONS)),
                    (p2, Status.IN_CONSULTATION, "Die Partner setzen die Gespräche fort."),
                ]
            else:
                gaps = [self.rng.randint(7, 45), self.rng.randint(60, 300), self.rng.randint(30, 120)]
                s, c, a, d = self.timeline(decision, gaps)
                plan.steps = [(c, Status.IN_CONSULTATION, "")]
            plan.submitted, plan.consultation, plan.applied, plan.decision = s, c, a, d
            plan.steps += [(a, Status.APPLIED, ""), (d, Status.APPROVED, "")]
            self.after_approval(plan)
            plans.append(plan)
        self.add_merger_showcase(plans)
        return plans

    def after_approval(self, plan: CasePlan) -> None:
        if plan.decision is None:
            raise CommandError(PLAN_ERROR)
        start = plan.decision + self.days(14, 75)
        due = start + dt.timedelta(days=365 * self.rng.randint(1, 2) + 90)
        received = due - self.days(0, 80)
        closed = received + self.days(40, 200)
        plan.implementation = start
        for day, status in (
            (start, Status.IMPLEMENTING),
            (received, Status.PROOF_OF_USE),
            (closed, Status.CLOSED),
        ):
            if day > self.today:
                break
            plan.steps.append((day, status, ""))
            if status == Status.PROOF_OF_USE:
                plan.proof_received = day
            if status == Status.CLOSED:
                plan.closed = day
        if plan.status == Status.IMPLEMENTING and self.rng.random() < 0.06:
            pause = max(start + dt.timedelta(days=30), self.today - self.days(30, 200))
            if pause <= self.today:
                plan.steps.append((pause, Status.DORMANT, self.pick(data.PAUSE_REASONS)))

    def add_merger_showcase(self, plans: list[CasePlan]) -> None:
        """Oberweser and Wahlsburg prepared their merger into Wesertal with KIKZ support."""
        for merger in data.MERGERS:
            olds = [self.by_ags.get(g.ags) for g in merger.old]
            if not all(olds):
                continue
            decision = merger.on - dt.timedelta(days=460)
            index = min(range(len(plans)), key=lambda i: abs((plans[i].decision - decision).days))  # type: ignore[operator]
            s, c, a = (
                decision - dt.timedelta(days=560),
                decision - dt.timedelta(days=530),
                decision - dt.timedelta(days=90),
            )
            plan = CasePlan(
                kind="merger", submitted=s, size=len(olds), consultation=c, applied=a, decision=decision
            )
            plan.members = [m for m in olds if m]
            plan.lead = plan.members[0]
            plan.field_slug = "allgemeine-verwaltung"
            plan.legal_form = LegalForm.MERGER
            names = " und ".join(m.name for m in plan.members)
            successor = self.by_ags.get(merger.new_ags)
            plan.title = f"Zusammenschluss der Gemeinden {names} zur Gemeinde {successor.name if successor else ''}".strip()
            plan.steps = [
                (c, Status.IN_CONSULTATION, ""),
                (a, Status.APPLIED, ""),
                (decision, Status.APPROVED, ""),
            ]
            plan.approved = Decimal("150000.00")
            self.after_approval(plan)
            plans[index] = plan

    def other_plans(self) -> list[CasePlan]:
        plans: list[CasePlan] = []
        today = self.today
        for kind, count in OTHER_CASES.items():
            for _ in range(count):
                size = self.weighted(PARTNER_WEIGHTS)
                plan = CasePlan(kind=kind, submitted=today, size=size)
                if kind == "rejected":
                    d = dt.date(2009, 6, 1) + self.days(0, (today - dt.date(2009, 6, 1)).days - 60)
                    s, c, a, d = self.timeline(
                        d, [self.rng.randint(7, 45), self.rng.randint(60, 300), self.rng.randint(30, 120)]
                    )
                    plan.steps = [
                        (c, Status.IN_CONSULTATION, ""),
                        (a, Status.APPLIED, ""),
                        (d, Status.REJECTED, self.pick(data.REJECT_REASONS)),
                    ]
                    plan.decision, plan.applied = d, a
                elif kind == "withdrawn_in_consultation":
                    s = dt.date(2008, 6, 1) + self.days(0, (today - dt.date(2008, 6, 1)).days - 420)
                    c = s + self.days(7, 40)
                    plan.steps = [
                        (c, Status.IN_CONSULTATION, ""),
                        (c + self.days(60, 380), Status.WITHDRAWN, self.pick(data.WITHDRAW_REASONS)),
                    ]
                elif kind == "withdrawn_applied":
                    a = dt.date(2010, 1, 1) + self.days(0, (today - dt.date(2010, 1, 1)).days - 100)
                    s, c, a = self.timeline(a, [self.rng.randint(7, 45), self.rng.randint(60, 300)])
                    plan.steps = [
                        (c, Status.IN_CONSULTATION, ""),
                        (a, Status.APPLIED, ""),
                        (a + self.days(20, 80), Status.WITHDRAWN, self.pick(data.WITHDRAW_REASONS)),
                    ]
                    plan.applied = a
                elif kind == "reclaimed":
                    d = dt.date(2012, 1, 1) + self.days(0, 4000)
                    s, c, a, d = self.timeline(
                        d, [self.rng.randint(7, 45), self.rng.randint(60, 300), self.rng.randint(30, 120)]
                    )
                    plan.steps = [
                        (c, Status.IN_CONSULTATION, ""),
                        (a, Status.APPLIED, ""),
                        (d, Status.APPROVED, ""),
                        (d + self.days(150, 300), Status.WITHDRAWN,
                         "Die Machbarkeitsstudie hat keine wirtschaftliche Lösung ergeben; keine Kooperation. "
                         "Die Zuwendung wird zurückgefordert."),
                    ]  # fmt: skip
                    plan.decision, plan.applied = d, a
                    plan.implementation = d + self.days(14, 60)
                elif kind == "dormant":
                    s = today - self.days(250, 700)
                    c = s + self.days(7, 40)
                    plan.steps = [
                        (c, Status.IN_CONSULTATION, ""),
                        (
                            max(c + dt.timedelta(days=30), today - self.days(30, 150)),
                            Status.DORMANT,
                            self.pick(data.PAUSE_REASONS),
                        ),
                    ]
                elif kind == "received":
                    s = today - self.days(1, 45)
                elif kind == "in_consultation":
                    s = today - self.days(40, 330)
                    c = min(today, s + self.days(5, 30))
                    plan.steps = [(c, Status.IN_CONSULTATION, "")]
                elif kind == "applied":
                    a = today - self.days(15, 120)
                    s = a - self.days(120, 400)
                    c = s + self.days(7, 40)
                    plan.steps = [(c, Status.IN_CONSULTATION, ""), (a, Status.APPLIED, "")]
                    plan.applied = a
                plan.submitted = s
                plan.consultation = plan.steps[0][0] if plan.steps else None
                plans.append(plan)
        return plans

    def force_demo_leads(self, plans: list[CasePlan]) -> None:
        """The demo municipal users see cases of their own: open ones and funded ones."""

        def first(kind: str, skip: int = 0, status: str | None = None, since: int = 0) -> CasePlan | None:
            found = [
                p
                for p in plans
                if p.kind == kind and (status is None or p.status == status) and p.submitted.year >= since
            ]
            return found[skip] if len(found) > skip else None

        wanted = (
            (first("received", 0), self.kassel), (first("received", 1), self.fulda),
            (first("in_consultation", 0), self.kassel), (first("in_consultation", 1), self.fulda),
            (first("applied", 0), self.fulda),
            (first("funded", 0, Status.IMPLEMENTING), self.kassel),
            (first("funded", 0, Status.CLOSED, since=2015), self.fulda),
            (first("funded", 3, Status.CLOSED, since=2012), self.kassel),
        )  # fmt: skip
        for plan, lead in wanted:
            if plan is not None:
                plan.forced_lead = lead.ags

    # --- cooperations: who and what ---------------------------------------------------

    def choose_members(self, plan: CasePlan) -> None:
        if plan.members:
            return
        day = plan.submitted
        if plan.forced_lead:
            lead = self.by_ags[plan.forced_lead]
        else:
            pool = [m for m in self.local if self.valid_on(m, day)]
            weights = [
                1 if m.kind == Municipality.Kind.KREISFREIE_STADT else {
                    SizeClass.GEMEINDE: 3, SizeClass.KLEINSTADT: 4, SizeClass.MITTELSTADT: 3,
                }.get(size_class_for(m.kind, m.population) or SizeClass.GEMEINDE, 1)
                for m in pool
            ]  # fmt: skip
            lead = self.rng.choices(pool, weights=weights)[0]
        key = lead.ags[:5]
        home = NEIGHBOUR_KREIS.get(key, key)
        members = [lead]
        kreis = self.landkreise.get(home)
        if kreis is not None and plan.size >= 3 and self.rng.random() < 0.1:
            members.append(kreis)
        near = [m for m in self.by_kreis.get(home, []) if m.pk != lead.pk and self.valid_on(m, day)]
        self.rng.shuffle(near)
        others: list[Municipality] = []
        for other_key in sorted(
            (k for k in self.by_kreis if k[:3] == home[:3] and k not in (home, key)),
            key=lambda k: (abs(int(k) - int(home)), k),
        ):
            ring = [m for m in self.by_kreis[other_key] if self.valid_on(m, day)]
            self.rng.shuffle(ring)
            others += ring
        # A small register may not have enough neighbours: then anyone in the Land.
        anywhere = [m for m in self.local if m.pk != lead.pk and self.valid_on(m, day)]
        for m in near + others + anywhere:
            if len(members) >= plan.size:
                break
            if m not in members:
                members.append(m)
        if len(members) < 2:
            raise CommandError(TOO_FEW_MUNICIPALITIES)
        plan.lead, plan.members = lead, members
        plan.size = len(members)

    def describe(self, plan: CasePlan) -> None:
        if plan.title:
            return
        slugs = [s for s in data.FIELD_WEIGHTS if s in self.fields] or sorted(self.fields)
        lead = plan.lead
        if lead is None:
            raise CommandError(PLAN_ERROR)
        if len(plan.members) == 2:
            area = f"{lead.name} und {plan.members[1].name}"
        elif lead.kind == Municipality.Kind.KREISFREIE_STADT:
            area = f"im Raum {lead.name}"
        else:
            kreis = self.landkreise.get(lead.ags[:5])
            area = f"im {kreis.name}" if kreis else f"um {lead.name}"
        # A few tries for a title no other case has yet, then a suffix.
        for _ in range(6):
            slug = self.weighted({s: data.FIELD_WEIGHTS.get(s, 1) for s in slugs})
            titles, forms = data.COOPERATION_TOPICS.get(slug, data.COOPERATION_TOPICS["sonstiges"])
            template = self.pick(titles)
            title = template.format(lead=lead.name, area=area)[:190]
            if title not in self.titles:
                break
        else:
            title = f"{title} ({plan.submitted.year})"
        self.titles.add(title)
        plan.field_slug = slug
        plan.title = title
        legal = self.weighted(dict(forms))
        if legal == LegalForm.GVV and len(plan.members) < 3:
            legal = LegalForm.PUBLIC_AGREEMENT
        if plan.kind in ("received", "in_consultation") and self.rng.random() < 0.5:
            legal = LegalForm.OPEN
        plan.legal_form = legal
        if "Feuerwehren" in template:
            plan.fire_brigades = self.rng.randint(4, 9)

    def check_path(self, plan: CasePlan) -> None:
        """The planned path must be one the workflow allows (cooperations.services)."""
        state, left, previous = Status.RECEIVED.value, "", plan.submitted
        for day, new, reason in plan.steps:
            if state in PAUSE_STATES:
                allowed: tuple[str, ...] = (left,)
            else:
                allowed = tuple(FORWARD[state]) + (
                    (Status.WITHDRAWN, Status.DORMANT) if state in OPEN_STATES else ()
                )
            if new not in allowed or day < previous or (new in PAUSE_STATES and not reason):
                raise CommandError(f"{PLAN_ERROR} {state} → {new} am {day}")
            if new in PAUSE_STATES:
                left = state
            state, previous = new, day

    # --- cooperations: money ----------------------------------------------------------

    def guideline_for(self, day: dt.date) -> FundingGuideline | None:
        g = self.guideline
        if g is None or day < g.valid_from or (g.valid_until is not None and day > g.valid_until):
            return None
        return g

    def rule_amount(self, plan: CasePlan, g: FundingGuideline) -> Decimal:
        if plan.legal_form == LegalForm.GVV and g.per_gvv_member:
            return money(g.per_gvv_member * plan.size)
        if plan.fire_brigades and g.per_fire_brigade:
            return money(g.per_fire_brigade * plan.fire_brigades)
        amount = Decimal("0")
        rows = sorted(g.amounts, key=lambda r: int(r["partners"]))
        for row in rows:
            if int(row["partners"]) <= plan.size:
                amount = Decimal(str(row["amount"]))
        if rows and plan.size > int(rows[-1]["partners"]):
            amount += g.per_additional_partner * (plan.size - int(rows[-1]["partners"]))
        return money(amount)

    def raw_amount(self, plan: CasePlan) -> Decimal:
        """Before the 2021 guideline: amounts by partners and effort, scaled later."""
        if plan.legal_form == LegalForm.GVV:
            base = 100_000 * plan.size
        elif plan.fire_brigades:
            base = 12_000 * plan.fire_brigades
        else:
            base = {2: 30_000, 3: 45_000}.get(plan.size, 60_000 + 7_500 * (plan.size - 4))
        return Decimal(base) * Decimal(str(round(self.rng.uniform(0.8, 1.25), 3)))

    def amounts(self, plans: list[CasePlan]) -> None:
        fixed = Decimal("0")
        old: list[tuple[CasePlan, Decimal]] = []
        for plan in plans:
            day = plan.decision or plan.applied
            if day is None:
                continue
            g = self.guideline_for(day)
            if plan.approved is not None:  # the merger showcase
                plan.applied_amount = plan.approved
            elif g is not None:
                amount = self.rule_amount(plan, g)
                plan.applied_amount = amount
                if plan.kind == "funded":
                    plan.approved = amount
                if plan.size < g.min_partners:
                    plan.exception_reason = "Ausnahme: nur zwei Partner, weil keine weitere Nachbarkommune für die Aufgabe in Frage kommt."
            elif plan.kind == "funded":
                old.append((plan, self.raw_amount(plan)))
                continue
            else:
                plan.applied_amount = round_to(self.raw_amount(plan), ROUND_OLD_GRANTS)
            if plan.kind == "reclaimed":
                plan.approved = round_to(Decimal(self.rng.randint(15_000, 40_000)), ROUND_OLD_GRANTS)
                plan.applied_amount = plan.approved
            if plan.kind in ("funded", "merger") and plan.approved is not None:
                fixed += plan.approved
        raw_total = sum((raw for _, raw in old), Decimal("0"))
        factor = (TARGET_APPROVED - fixed) / raw_total if raw_total else Decimal("1")
        for plan, raw in old:
            plan.approved = max(Decimal("5000.00"), round_to(raw * factor, ROUND_OLD_GRANTS))
            plan.applied_amount = round_to(
                plan.approved * Decimal(str(round(self.rng.uniform(1.0, 1.2), 3))), ROUND_OLD_GRANTS
            )

    # --- cooperations: writing --------------------------------------------------------

    NEXT_STEPS: dict[str, str] = {
        Status.RECEIVED: "Erstgespräch vereinbaren",
        Status.IN_CONSULTATION: "Gruppengespräch der Partner vorbereiten",
        Status.APPLIED: "Bescheid abwarten, Rückfragen des Regierungspräsidiums beantworten",
        Status.APPROVED: "Umsetzung beginnen, erste Auszahlung anfordern",
        Status.IMPLEMENTING: "Zwischenstand bei der federführenden Kommune erfragen",
        Status.PROOF_OF_USE: "Verwendungsnachweis prüfen",
        Status.DORMANT: "Wiedervorlage: Stand bei den Partnern erfragen",
    }

    def write_cases(self) -> None:
        plans = self.plans
        municipal_users = {self.kassel.pk: self.demo["kassel"], self.fulda.pk: self.demo["fulda"]}
        cases: list[Cooperation] = []
        for plan in plans:
            if plan.lead is None:
                raise CommandError(PLAN_ERROR)
            status = plan.status
            open_case = status in OPEN_STATES or status in PAUSE_STATES
            adviser: User | None = self.rng.choice(self.advisers)
            if open_case and self.rng.random() < 0.4:
                adviser = self.demo["kikz"]
            if status == Status.RECEIVED and self.rng.random() < 0.55:
                adviser = None
            portal_user = municipal_users.get(plan.lead.pk)
            submitted_by = (
                portal_user if portal_user and plan.submitted >= self.today - dt.timedelta(days=730) else None
            )
            funded = plan.kind in ("funded", "merger")
            published = (
                funded
                and plan.decision is not None
                and plan.decision <= self.today - dt.timedelta(days=180)
                and self.rng.random() < 0.7
            )
            due = None
            if open_case:
                due = self.today + self.days(0, 60) - dt.timedelta(days=20)
            savings = round_to(Decimal(self.rng.randint(8_000, 180_000)), Decimal("500"))
            started = (
                plan.implementation
                if plan.implementation and plan.implementation <= self.today and funded
                else None
            )
            stage = (
                self.pick([Stage.CONTRACT, Stage.CONTRACT, Stage.AGREEMENT])
                if funded
                else Stage.AGREEMENT
                if plan.applied
                else Stage.EXCHANGE
            )
            opener, closer = self.pick(data.DESCRIPTION_OPENERS), self.pick(data.DESCRIPTION_CLOSERS)
            case = Cooperation(
                reference=next_reference(plan.submitted.year),
                title=plan.title,
                description=f"{opener} {closer}",
                field_of_action=self.fields[plan.field_slug],
                legal_form=plan.legal_form,
                stage=stage,
                status=status,
                lead_municipality=plan.lead,
                adviser=adviser,
                next_step=self.NEXT_STEPS.get(status, "") if open_case else "",
                next_step_due=due,
                expected_savings_eur=savings if status != Status.RECEIVED else None,
                expected_savings_pct=Decimal(self.rng.randint(15, 35)) if funded or plan.applied else None,
                planned_duration_years=self.rng.randint(5, 10) if funded or plan.applied else None,
                is_published=published,
                publish_funding=published and self.rng.random() < 0.6,
                started_on=started,
                submitted_at=self.moment(plan.submitted),
                submitted_by=submitted_by,
                other_partners="Abwasserverband der beteiligten Gemeinden"
                if self.rng.random() < 0.04
                else "",
            )
            if plan.submitted >= self.today - dt.timedelta(days=3 * 365):
                case.checklist = self.checklist(plan)
            plan.case = case
            cases.append(case)
        self.stamp(cases, [c.submitted_at for c in cases], ["created_at"])  # type: ignore[misc]
        self.stamp(cases, [self.moment(p.last_date) for p in plans], ["updated_at"])
        for case in cases:
            case._history_date = case.created_at  # type: ignore[attr-defined]  # the history starts with the case
        bulk_create_with_history(cases, Cooperation, batch_size=500, default_change_reason=DEMO_REASON)
        # Further Handlungsfelder for a quarter of the cases.
        through = Cooperation.further_fields.through
        field_ids = sorted(f.pk for f in self.fields.values())
        through.objects.bulk_create(
            [
                through(cooperation_id=c.pk, fieldofaction_id=fid)
                for c in cases
                if self.rng.random() < 0.25
                for fid in [self.pick([f for f in field_ids if f != c.field_of_action_id])]
            ]
        )
        self.write_participations()
        self.write_events()
        self.write_activities_and_messages()
        self.write_documents()

    def checklist(self, plan: CasePlan) -> dict[str, Any]:
        """The self-assessment of the inquiry wizard (cooperations.forms: q1 = fields,
        q2–q7 answered ja / nein / unsicher, each with an optional comment)."""
        answers: dict[str, Any] = {"q1_fields": [self.fields[plan.field_slug].pk], "q1_comment": ""}
        for key in ("q2", "q3", "q4", "q5", "q6", "q7"):
            answers[key] = self.rng.choices(["ja", "nein", "unsicher"], weights=[6, 2, 2])[0]
            answers[f"{key}_comment"] = ""
        if answers["q3"] == "ja":
            answers["q3_comment"] = "Standesamt und Wasserversorgung mit der Nachbargemeinde."
        return answers

    def write_participations(self) -> None:
        rows = []
        for plan in self.plans:
            joined = plan.consultation or plan.submitted
            resolution = plan.applied - self.days(10, 90) if plan.applied else None
            if resolution and resolution < joined:
                resolution = joined
            leaver = None
            if plan.closed and len(plan.members) >= 4 and self.rng.random() < 0.08:
                leaver = plan.members[-1].pk
            for m in plan.members:
                role = (
                    Participation.Role.LEAD
                    if m.pk == plan.lead.pk  # type: ignore[union-attr]
                    else Participation.Role.ASSOCIATED
                    if m.kind == Municipality.Kind.LANDKREIS
                    else Participation.Role.PARTNER
                )
                left = None
                if m.pk == leaver and plan.closed:
                    left = min(self.today, plan.closed + self.days(100, 700))
                rows.append(
                    Participation(
                        cooperation=plan.case,
                        municipality=m,
                        role=role,
                        joined_on=joined,
                        left_on=left,
                        council_resolution_on=resolution,
                    )
                )
        self.stamp(rows, [self.moment(r.joined_on) for r in rows], ["created_at", "updated_at"])  # type: ignore[arg-type]
        Participation.objects.bulk_create(rows, batch_size=1000)

    def write_events(self) -> None:
        events: list[CaseEvent] = []
        stamps: list[dt.datetime] = []
        for plan in self.plans:
            case = plan.case
            if case is None:
                raise CommandError(PLAN_ERROR)
            last = self.moment(plan.submitted)

            def add(event: CaseEvent, day: dt.date) -> None:
                nonlocal last
                stamp = self.moment(day)
                if stamp <= last:
                    stamp = last + dt.timedelta(minutes=7)
                last = stamp
                events.append(event)
                stamps.append(stamp)

            creator = case.submitted_by or case.adviser
            add(
                CaseEvent(
                    cooperation=case, actor=creator, kind=CaseEvent.Kind.CREATED, new_status=Status.RECEIVED
                ),
                plan.submitted,
            )
            if case.adviser is not None:
                note = f"Zugewiesen an {case.adviser.get_full_name()}"
                add(
                    CaseEvent(cooperation=case, actor=case.adviser, kind=CaseEvent.Kind.ASSIGNED, note=note),
                    plan.submitted,
                )
            old = Status.RECEIVED.value
            for day, new, reason in plan.steps:
                add(
                    CaseEvent(
                        cooperation=case, actor=case.adviser, kind=CaseEvent.Kind.STATUS,
                        old_status=old, new_status=new, note=reason,
                    ),
                    day,
                )  # fmt: skip
                old = new
        self.stamp(events, stamps, ["created_at"])
        CaseEvent.objects.bulk_create(events, batch_size=1000)

    def write_activities_and_messages(self) -> None:
        activities: list[Activity] = []
        messages: list[Message] = []
        message_stamps: list[dt.datetime] = []
        kinds = [k for k in Activity.Kind if k != Activity.Kind.INITIATION]
        municipal_users = {self.kassel.pk: self.demo["kassel"], self.fulda.pk: self.demo["fulda"]}
        for plan in self.plans:
            case = plan.case
            if case is None or plan.lead is None:
                raise CommandError(PLAN_ERROR)
            if plan.consultation is None:
                continue
            end = min(self.today, plan.applied or plan.last_date + dt.timedelta(days=90))
            count = self.rng.randint(2, 5) if plan.applied else self.rng.randint(1, 3)
            names = ", ".join(m.name for m in plan.members[:4])
            dates = sorted(
                [plan.consultation]
                + [
                    plan.consultation + self.days(0, max(0, (end - plan.consultation).days))
                    for _ in range(count - 1)
                ]
            )
            for i, day in enumerate(dates):
                kind = Activity.Kind.INITIATION if i == 0 else self.pick(kinds)
                follow_up = None
                if i == len(dates) - 1 and case.status in OPEN_STATES:
                    follow_up = day + self.days(14, 45)
                activities.append(
                    Activity(
                        cooperation=case,
                        kind=kind,
                        date=day,
                        participants=f"{names}; KIKZ",
                        notes=data.ACTIVITY_NOTES.get(kind, ""),
                        follow_up_due=follow_up,
                        created_by=case.adviser,
                    )
                )
            recent = plan.last_date >= self.today - dt.timedelta(days=3 * 365) or case.status in OPEN_STATES
            portal_user = municipal_users.get(plan.lead.pk)
            if not recent and self.rng.random() < 0.8:
                continue
            n_messages = self.rng.randint(1, 4) if recent else 1
            start = plan.submitted
            stop = min(self.today, plan.last_date + dt.timedelta(days=30))
            days = sorted(start + self.days(0, max(0, (stop - start).days)) for _ in range(n_messages))
            for i, day in enumerate(days):
                from_municipality = i % 2 == 0
                pool = data.MESSAGES_FROM_MUNICIPALITY if from_municipality else data.MESSAGES_FROM_ADVISER
                unread = i == len(days) - 1 and case.status in OPEN_STATES and self.rng.random() < 0.5
                sent = min(self.moment(day), timezone.now())
                read = min(sent + dt.timedelta(hours=self.rng.randint(1, 72)), timezone.now())
                messages.append(
                    Message(
                        cooperation=case,
                        author=(portal_user if from_municipality else case.adviser),
                        from_municipality=from_municipality,
                        body=self.pick(pool),
                        read_at=None if unread else read,
                    )
                )
                message_stamps.append(sent)
        self.stamp(activities, [self.moment(a.date) for a in activities], ["created_at", "updated_at"])
        Activity.objects.bulk_create(activities, batch_size=1000)
        self.stamp(messages, message_stamps, ["created_at", "updated_at"])
        Message.objects.bulk_create(messages, batch_size=1000)

    def write_documents(self) -> None:
        """A few real (small) PDF files in the cases of the demo municipalities, stored
        through cooperations.services.document_add like an upload in the portal."""
        demo_leads = {self.kassel.pk: self.demo["kassel"], self.fulda.pk: self.demo["fulda"]}
        created: list[tuple[Document, dt.date]] = []
        for plan in self.plans:
            case = plan.case
            if case is None or plan.lead is None or plan.lead.pk not in demo_leads:
                continue
            user = demo_leads[plan.lead.pk]
            files: list[tuple[str, str, dt.date, str]] = []
            if plan.applied:
                lead_part = Participation.objects.get(cooperation=case, municipality=plan.lead)
                resolution_day = lead_part.council_resolution_on or plan.applied
                files.append(
                    (
                        Document.Kind.RESOLUTION,
                        f"Gremienbeschluss {plan.lead.name}.pdf",
                        resolution_day,
                        f"Beschluss der Stadtverordnetenversammlung {plan.lead.name} vom {resolution_day:%d.%m.%Y}",
                    )
                )
                files.append(
                    (
                        Document.Kind.APPLICATION,
                        "Förderantrag.pdf",
                        plan.applied,
                        f"Gruppenantrag: {case.title}",
                    )
                )
            elif plan.consultation:
                files.append(
                    (Document.Kind.STUDY, "Ideenskizze.pdf", plan.consultation, f"Ideenskizze: {case.title}")
                )
            if plan.implementation and plan.implementation <= self.today:
                files.append(
                    (
                        Document.Kind.CONTRACT,
                        "Öffentlich-rechtliche Vereinbarung.pdf",
                        plan.implementation,
                        f"Öffentlich-rechtliche Vereinbarung: {case.title}",
                    )
                )
            for kind, name, day, heading in files:
                pdf = tiny_pdf([heading, f"Aktenzeichen {case.reference}", "Demodokument des IKZ-Portals"])
                upload = SimpleUploadedFile(name, pdf, content_type="application/pdf")
                document = document_add(case=case, upload=upload, actor=user, kind=kind)
                created.append((document, day))
                if kind == Document.Kind.RESOLUTION:
                    Participation.objects.filter(cooperation=case, municipality=plan.lead).update(
                        council_resolution=document
                    )
        self.restamp([d for d, _ in created], [self.moment(day) for _, day in created])

    def write_grants(self) -> None:
        grants: list[Grant] = []
        numbers: dict[int, int] = defaultdict(int)
        for plan in sorted(self.plans, key=lambda p: (p.decision or p.applied or p.submitted, p.submitted)):
            if plan.applied is None or plan.applied_amount is None:
                continue
            decision = plan.decision
            g = self.guideline_for(decision or plan.applied)
            if plan.kind in ("funded", "merger", "reclaimed"):
                status = Grant.Status.APPROVED
                if plan.status in (Status.PROOF_OF_USE, Status.CLOSED):
                    status = (
                        Grant.Status.PROOF_SUBMITTED
                        if plan.status == Status.PROOF_OF_USE
                        else Grant.Status.CLOSED
                    )
            elif plan.kind == "rejected":
                status = Grant.Status.REJECTED
            elif plan.kind == "withdrawn_applied":
                status = Grant.Status.WITHDRAWN
            else:
                status = Grant.Status.APPLIED
            file_number = ""
            if decision is not None:
                numbers[decision.year] += 1
                file_number = f"IKZ {decision.year}/{numbers[decision.year]:03d}"
            budget_year = (decision or plan.applied).year
            if decision is None and plan.applied.month >= 10:
                budget_year += 1
            due = None
            if plan.approved is not None and plan.implementation is not None and plan.kind != "reclaimed":
                due = plan.implementation + dt.timedelta(days=365 * 2 + 90)
                if plan.proof_received:
                    due = max(due, plan.proof_received)
            grant = Grant(
                cooperation=plan.case,
                programme=self.ikz_programme,
                guideline=g if plan.kind != "merger" else None,
                purpose=(
                    "Vorbereitung des Zusammenschlusses"
                    if plan.kind == "merger"
                    else "Machbarkeitsstudie"
                    if plan.kind == "reclaimed"
                    else "Regelzuwendung interkommunale Zusammenarbeit"
                ),
                applied_amount=plan.applied_amount,
                approved_amount=plan.approved
                if status not in (Grant.Status.REJECTED, Grant.Status.WITHDRAWN, Grant.Status.APPLIED)
                else None,
                budget_year=budget_year,
                applied_on=plan.applied,
                decision_date=decision if status != Grant.Status.WITHDRAWN else None,
                file_number=file_number if status != Grant.Status.WITHDRAWN else "",
                status=status,
                proof_of_use_due=due,
                proof_of_use_received_on=plan.proof_received,
                exception_reason=plan.exception_reason,
            )
            grants.append(grant)
            plan_grant = (plan, grant)
            self._grant_plans.append(plan_grant)
        self.stamp(grants, [self.moment(g.applied_on) for g in grants], ["created_at", "updated_at"])  # type: ignore[arg-type]
        bulk_create_with_history(grants, Grant, default_change_reason=DEMO_REASON)
        self.write_disbursements()

    def write_disbursements(self) -> None:
        """The rule of funding.services.disbursement_create (only approved grants, the
        sum never above the approved amount, the first payment turns `bewilligt` into
        `ausgezahlt`), applied in bulk: the service's row lock per payment is what made
        the seed slow, and nothing runs concurrently here."""
        rows: list[Disbursement] = []
        paid: list[int] = []
        for plan, grant in self._grant_plans:
            if grant.approved_amount is None or plan.implementation is None:
                continue
            approved = grant.approved_amount
            first_day = plan.implementation + self.days(10, 40)
            if first_day > self.today:
                continue
            share = Decimal(self.rng.randint(50, 80)) / 100
            first = round_to(approved * share, Decimal("100"))
            if plan.kind == "reclaimed":
                first = round_to(approved / 2, Decimal("100"))
            payments = [(first_day, first, "1. Rate")]
            if plan.closed is not None:
                total, note = approved, "Schlussrate"
                if self.rng.random() < 0.12:
                    total = round_to(approved * Decimal(self.rng.randint(85, 98)) / 100, Decimal("100"))
                    note = "Schlussrate; Restbetrag nicht abgerufen"
                last_day = max(plan.proof_received or first_day, plan.closed - self.days(0, 30))
                if total > first:
                    payments.append((last_day, total - first, note))
            if grant.status not in Grant.APPROVED_STATES or sum(a for _, a, _ in payments) > approved:
                raise CommandError(f"{PLAN_ERROR} Auszahlung über {grant.file_number}")
            rows += [
                Disbursement(grant=grant, date=day, amount=amount, note=note)
                for day, amount, note in payments
            ]
            if grant.status == Grant.Status.APPROVED:
                paid.append(grant.pk)
        self.stamp(rows, [self.moment(d.date) for d in rows], ["created_at", "updated_at"])
        bulk_create_with_history(rows, Disbursement, batch_size=1000, default_change_reason=DEMO_REASON)
        Grant.objects.filter(pk__in=paid).update(status=Grant.Status.PAID)
        # Reclaimed grants end as zurückgefordert (not counted as funding); their
        # cases were withdrawn after the approval.
        Grant.objects.filter(pk__in=[g.pk for p, g in self._grant_plans if p.kind == "reclaimed"]).update(
            status=Grant.Status.RECLAIMED,
            notes="Zuwendung zurückgefordert: keine Kooperation zustande gekommen.",
        )

    # --- budget consultations ----------------------------------------------------------

    def consultations(self) -> None:
        pool: dict[str, list[Municipality]] = defaultdict(list)
        for m in self.by_ags.values():
            if (
                m.valid_until is None
                and m.pk not in self.successors
                and (m.population or m.kind == Municipality.Kind.LANDKREIS)
            ):
                cls = size_class_for(m.kind, m.population)
                if cls is not None:
                    pool[cls].append(m)
        firsts: list[Municipality] = []
        for cls, count in BUDGET_FIRST_BY_CLASS.items():
            candidates = pool.get(cls, [])
            firsts += self.rng.sample(candidates, min(count, len(candidates)))
        self.rng.shuffle(firsts)
        second = firsts[:BUDGET_SECOND]
        third = second[:BUDGET_THIRD]
        held: list[tuple[Municipality, dt.date]] = []
        for m in firsts:
            if m in third:
                day = dt.date(2011, 1, 10) + self.days(0, 1450)
            elif m in second:
                day = dt.date(2011, 1, 10) + self.days(0, 2500)
            else:
                day = dt.date(2010, 6, 1) + self.days(0, (dt.date(2020, 11, 30) - dt.date(2010, 6, 1)).days)
            held.append((m, day))
            if m in second:
                day = min(BUDGET_CUTOFF - dt.timedelta(days=20), day + self.days(400, 900))
                held.append((m, day))
                if m in third:
                    held.append((m, min(BUDGET_CUTOFF - dt.timedelta(days=10), day + self.days(400, 900))))
        # Since 2021: new municipalities and repeats of earlier ones.
        since = dt.date(2021, 1, 15)
        span = max(1, (self.today - dt.timedelta(days=30) - since).days)
        chosen = set(firsts)
        rest = [
            m
            for cls in (SizeClass.GEMEINDE, SizeClass.KLEINSTADT, SizeClass.MITTELSTADT)
            for m in pool.get(cls, [])
            if m not in chosen
        ]
        later_firsts = self.rng.sample(rest, min(BUDGET_LATER_FIRST, len(rest)))
        held += [(m, since + self.days(0, span)) for m in later_firsts]
        held += [
            (m, since + self.days(0, span))
            for m in self.rng.sample(firsts, min(BUDGET_LATER_REPEAT, len(firsts)))
        ]
        rows: list[tuple[Municipality, dt.date, Consultation.Status, User | None]] = [
            (
                m,
                day,
                Consultation.Status.DONE
                if day < self.today - dt.timedelta(days=120)
                else Consultation.Status.RUNNING,
                None,
            )
            for m, day in held
        ]
        # Requests and plans that have not happened yet, and two cancelled ones.
        rest = [m for m in rest if m not in later_firsts]
        rows.append(
            (self.fulda, self.today + self.days(20, 60), Consultation.Status.REQUESTED, self.demo["fulda"])
        )
        for m in self.rng.sample(rest, min(6, len(rest))):
            status = self.pick(
                [Consultation.Status.REQUESTED, Consultation.Status.PLANNED, Consultation.Status.PLANNED]
            )
            rows.append((m, self.today + self.days(10, 90), status, None))
        rows += [
            (
                m,
                self.pick([dt.date(2019, 5, 14), self.today - self.days(60, 400)]),
                Consultation.Status.CANCELLED,
                None,
            )
            for m in self.rng.sample(rest, min(2, len(rest)))
        ]
        rows.sort(key=lambda r: (r[1], r[0].ags))
        consultations = []
        for m, day, status, requested_by in rows:
            consultation = consultation_create(
                municipality=m,
                date=day,
                status=status,
                requested_by=requested_by,
                topics=self.pick(
                    [
                        "Haushaltsausgleich, Gebühren und Hebesätze",
                        "Personal und Organisation der Verwaltung",
                        "Liegenschaften und Dorfgemeinschaftshäuser",
                        "Investitionsplanung und Schulden",
                        "Interkommunale Zusammenarbeit als Sparpotenzial",
                    ]
                ),
                preferred_dates="vormittags, nicht in den Sommerferien"
                if status == Consultation.Status.REQUESTED
                else "",
            )
            consultations.append(consultation)
        self.restamp(
            consultations,
            [self.moment(min(self.today, c.date - dt.timedelta(days=30))) for c in consultations],
        )
        through = Consultation.advisers.through
        links = []
        for c in consultations:
            if c.status == Consultation.Status.REQUESTED:
                continue
            links += [
                through(consultation_id=c.pk, user_id=user.pk)
                for user in self.rng.sample(self.budget_advisers, self.rng.randint(1, 2))
            ]
        through.objects.bulk_create(links)
        meetings, figures, recommendations = [], [], []
        held_states = (Consultation.Status.DONE, Consultation.Status.RUNNING)
        for c in consultations:
            if c.status not in held_states:
                if c.status == Consultation.Status.PLANNED:
                    meetings.append(Meeting(consultation=c, kind=Meeting.Kind.FIRST, date=c.date))
                continue
            second_talk = c.date + self.days(21, 60)
            meetings.append(
                Meeting(
                    consultation=c,
                    kind=Meeting.Kind.FIRST,
                    date=c.date,
                    notes="Ausgangslage und Kennzahlen besprochen.",
                )
            )
            meetings.append(
                Meeting(
                    consultation=c,
                    kind=Meeting.Kind.SECOND,
                    date=second_talk,
                    notes="Empfehlungen vorgestellt.",
                )
            )
            if self.rng.random() < 0.3:
                meetings.append(
                    Meeting(consultation=c, kind=Meeting.Kind.WORKSHOP, date=second_talk + self.days(14, 45))
                )
            if self.rng.random() < 0.1:
                meetings.append(
                    Meeting(consultation=c, kind=Meeting.Kind.CITIZENS, date=second_talk + self.days(30, 90))
                )
            population = c.population or 10_000
            figures.append(
                BudgetFigures(
                    consultation=c,
                    year=c.date.year - 1,
                    tax_rate_property_b=self.rng.randrange(330, 960, 5),
                    tax_rate_trade=self.rng.randrange(340, 460, 5),
                    personnel_costs_per_inhabitant=money(self.rng.uniform(260, 720)),
                    debt_per_inhabitant=money(self.rng.uniform(400, 5200)),
                    deficit=round_to(Decimal(population * self.rng.uniform(-20, 140)), Decimal("1000")),
                )
            )
            for area in self.rng.sample(sorted(data.RECOMMENDATIONS), self.rng.randint(2, 5)):
                done = c.date < self.today - dt.timedelta(days=540)
                implemented = (
                    self.pick(
                        [
                            Recommendation.Implemented.YES,
                            Recommendation.Implemented.YES,
                            Recommendation.Implemented.PARTLY,
                            Recommendation.Implemented.NO,
                        ]
                    )
                    if done
                    else Recommendation.Implemented.OPEN
                )
                follow_up_due = c.date + dt.timedelta(days=365)
                recommendations.append(
                    Recommendation(
                        consultation=c,
                        area=area,
                        text=self.pick(data.RECOMMENDATIONS[area]),
                        estimated_effect=round_to(
                            Decimal(population * self.rng.uniform(0.5, 12)), Decimal("500")
                        ),
                        implemented=implemented,
                        follow_up_due=follow_up_due,
                        followed_up_on=(follow_up_due + self.days(0, 60)) if done else None,
                    )
                )
        when = {c.pk: self.moment(min(self.today, c.date)) for c in consultations}
        self.stamp(meetings, [when[m.consultation_id] for m in meetings], ["created_at", "updated_at"])
        self.stamp(figures, [when[f.consultation_id] for f in figures], ["created_at", "updated_at"])
        self.stamp(
            recommendations, [when[r.consultation_id] for r in recommendations], ["created_at", "updated_at"]
        )
        Meeting.objects.bulk_create(meetings)
        BudgetFigures.objects.bulk_create(figures)
        Recommendation.objects.bulk_create(recommendations)

    # --- Förderlotse ------------------------------------------------------------------

    ASKER_ELIGIBILITY = {
        "kommune": "kommune",
        "verein": "verband-verein",
        "gruender": "existenzgruender",
        "unternehmen": "unternehmen",
        "sonstige": "verband-verein",
    }
    OFFICES = {
        "kommune": "Regierungspräsidium {bezirk}, Dezernat Kommunalaufsicht",
        "verein": "Landessportbund Hessen bzw. Ehrenamtsagentur des Landkreises",
        "gruender": "WIBank – Wirtschafts- und Infrastrukturbank Hessen",
        "unternehmen": "WIBank – Wirtschafts- und Infrastrukturbank Hessen",
        "sonstige": "Untere Naturschutzbehörde des Landkreises",
    }

    def funder_questions(self) -> None:
        areas = {a.slug: a for a in FundingArea.objects.all()}
        questions = []
        referrals: list[tuple[FunderQuestion, list[Programme]]] = []
        stamps = []
        start = self.today - dt.timedelta(days=3 * 365)
        days = sorted(start + self.days(0, 3 * 365 - 1) for _ in range(FUNDER_QUESTION_COUNT))
        for i, day in enumerate(days):
            kind, area_slug, text = (
                data.FUNDER_QUESTIONS[i % len(data.FUNDER_QUESTIONS)]
                if i < len(data.FUNDER_QUESTIONS)
                else self.pick(data.FUNDER_QUESTIONS)
            )
            first, last = self.person_name()
            m = self.pick(self.local) if kind == "kommune" else None
            place = self.pick(self.local).name
            organisation = {
                "kommune": m.name if m else "",
                "verein": f"TSV {place} e. V.",
                "unternehmen": f"{last} Haustechnik GmbH",
                "sonstige": f"Initiative Streuobst {place}",
            }.get(kind, "")
            age = (self.today - day).days
            status = (
                FunderQuestion.Status.NEW
                if age < 14
                else FunderQuestion.Status.IN_PROGRESS
                if age < 40
                else self.pick(
                    [
                        FunderQuestion.Status.ANSWERED,
                        FunderQuestion.Status.REFERRED,
                        FunderQuestion.Status.CLOSED,
                    ]
                )
            )
            eligible = self.ASKER_ELIGIBILITY.get(kind, "")
            matching = [
                p for p in self.programme_list
                if p.is_active and eligible in self.programme_facets[p.pk][0] and area_slug in self.programme_facets[p.pk][1]
            ] or [p for p in self.programme_list if p.is_active and eligible in self.programme_facets[p.pk][0]]  # fmt: skip
            chosen = self.rng.sample(matching, min(len(matching), self.rng.randint(1, 3)))
            answered = status in (
                FunderQuestion.Status.ANSWERED,
                FunderQuestion.Status.REFERRED,
                FunderQuestion.Status.CLOSED,
            )
            office = ""
            if status == FunderQuestion.Status.REFERRED or (answered and self.rng.random() < 0.4):
                office = self.OFFICES.get(kind, "").format(bezirk=m.regierungsbezirk if m else "Darmstadt")
            question = FunderQuestion(
                asker_kind=kind,
                name=f"{first} {last}",
                email=f"{first}.{last}@anfrage.{DEMO_DOMAIN}".lower()
                .replace("ö", "oe")
                .replace("ä", "ae")
                .replace("ü", "ue"),
                organisation_name=organisation,
                municipality=m,
                area=areas.get(area_slug),
                text=text,
                status=status,
                assigned_to=None if status == FunderQuestion.Status.NEW else self.pick(self.advisers[:2]),
                answer=(
                    "Für Ihr Vorhaben kommen vor allem diese Programme in Frage: "
                    + ", ".join(p.name for p in chosen)
                    + (f". Bitte wenden Sie sich an: {office}." if office else ".")
                )
                if answered
                else "",
                answered_at=self.moment(day + self.days(2, 12)) if answered else None,
                referred_office=office,
            )
            questions.append(question)
            referrals.append((question, chosen if answered else []))
            stamps.append(self.moment(day))
        self.stamp(questions, stamps, ["created_at", "updated_at"])
        FunderQuestion.objects.bulk_create(questions)
        through = FunderQuestion.referred_programmes.through
        through.objects.bulk_create(
            [through(funderquestion_id=q.pk, programme_id=p.pk) for q, progs in referrals for p in progs]
        )
