"""The shared state of one demo run (`Demo`) and the small helpers every step uses.

Every choice of the demo comes from the one `random.Random` of a `Demo`, and the steps
run in a fixed order (demo/seed/steps.py), so the same seed on an empty database gives
the same rows. Dates are relative to `today`, so that open cases stay open."""

from __future__ import annotations

import datetime as dt
import functools
import random
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.hashers import get_hasher, make_password
from django.db import models

from accounts.models import User
from budget_advice.models import BudgetFigures, Meeting, Recommendation
from contacts.models import Municipality, Organisation
from cooperations.models import (
    Activity,
    CaseEvent,
    Cooperation,
    FieldOfAction,
    LegalForm,
    Message,
    Participation,
    Status,
)
from demo import texts
from funding.models import Disbursement, FunderQuestion, FundingGuideline, Grant, Programme

DEMO_PASSWORD = "ikz-demo-2026"  # noqa: S105 - public on purpose: printed at every start
DEMO_DOMAIN = "demo.example"
DEFAULT_SEED = 2008
# The demo password hashed once with Django's default hasher: PBKDF2 is slow on purpose
# (4 s on a busy 2-core machine, an eighth of the seed). The password is public anyway;
# another hasher or iteration count makes a fresh hash (demo_password_hash).
DEMO_PASSWORD_HASH = "pbkdf2_sha256$1500000$ikzdemo2026salt$sbYXv4ifY0Qnrdcmm6z7J8JTQZ66azYvubcLtO1rIOM="  # noqa: S105

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


def demo_password_hash() -> str:
    algorithm, iterations, _salt, _hash = DEMO_PASSWORD_HASH.split("$")
    hasher = get_hasher()
    if hasher.algorithm == algorithm and str(getattr(hasher, "iterations", "")) == iterations:
        return DEMO_PASSWORD_HASH
    return make_password(DEMO_PASSWORD)


def historic(step: Callable[[Demo], None]) -> Callable[[Demo], None]:
    """A step that bulk-inserts rows with their historic created_at/updated_at. (Steps that
    write through services need auto_now as it is, so it is switched off per step.)"""

    @functools.wraps(step)
    def run(demo: Demo) -> None:
        with historic_timestamps(*BULK_MODELS):
            step(demo)

    return run


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


class Demo:
    """One run: the random source, today, and what the earlier steps made for the later ones."""

    def __init__(self, *, seed: int, today: dt.date) -> None:
        self.rng = random.Random(seed)
        self.today = today
        self.tz = ZoneInfo(settings.TIME_ZONE)
        # register (demo/seed/register.py)
        self.municipality_source = ""
        self.by_ags: dict[str, Municipality] = {}
        self.successors: set[int] = set()
        self.local: list[Municipality] = []
        self.cooperating: list[Municipality] = []
        self.landkreise: dict[str, Municipality] = {}
        self.by_kreis: dict[str, list[Municipality]] = {}
        # people (demo/seed/people.py)
        self.demo: dict[str, User] = {}
        self.kassel: Municipality
        self.fulda: Municipality
        self.advisers: list[User] = []
        self.budget_advisers: list[User] = []
        self.orgs: dict[str, Organisation] = {}
        # programmes (demo/seed/funding.py)
        self.programme_list: list[Programme] = []
        self.programme_facets: dict[int, tuple[set[str], set[str]]] = {}
        self.ikz_programme: Programme
        # cases (demo/seed/plans.py, cases.py, grants.py)
        self.fields: dict[str, FieldOfAction] = {}
        self.guideline: FundingGuideline | None = None
        self.titles: set[str] = set()
        self.plans: list[CasePlan] = []
        self.grant_plans: list[tuple[CasePlan, Grant]] = []
        # what each step reports (label → value), printed by the command
        self.summary: dict[str, str] = {}

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
        return self.pick(texts.FIRST_NAMES), self.pick(texts.LAST_NAMES)

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

    def valid_on(self, m: Municipality, day: dt.date) -> bool:
        """In the register on `day`. valid_from is only trusted for merger results:
        an import may stamp every row with the edition's date."""
        if m.valid_until is not None and m.valid_until < day:
            return False
        return not (m.pk in self.successors and m.valid_from is not None and m.valid_from > day)

    def municipality(self, ags: str) -> Municipality:
        return self.by_ags.get(ags) or self.local[0]
