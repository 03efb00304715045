"""What `make bench` measures: a table of pages (request recipes) and background jobs.

To measure a new page, add one `Page(...)` line: a name, its group (which target
applies), who asks, and how to build the URL from the `Subjects` of the data set.
A page whose URL name does not exist (yet) is reported as skipped, not as an error.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count
from django.urls import NoReverseMatch, reverse

from accounts import roles
from accounts.models import User
from contacts.models import Membership
from cooperations.models import Cooperation, FieldOfAction

SCALE_DOMAIN = "@scale.ikz.example"


@dataclass
class Subjects:
    """The users and objects the recipes point at, chosen the same way in every data set:
    the municipal user is the one whose municipality takes part in most cases (the
    longest "Meine Vorgänge"), the case is that user's funded case under way with the most
    activities (any of their cases where none is funded)."""

    users: dict[str, Any]
    case_pk: int
    municipality_name: str
    year: int
    field_pk: int
    published_pk: int = 0

    @classmethod
    def find(cls) -> Subjects:
        scale = Membership.objects.confirmed().filter(user__email__endswith=SCALE_DOMAIN)
        memberships = scale if scale.exists() else Membership.objects.confirmed()
        membership = (
            memberships.select_related("user", "municipality")
            .annotate(n=Count("municipality__participations"))
            .order_by("-n", "municipality__ags")
            .first()
        )
        if membership is None:
            raise SystemExit("Keine bestätigte Kommunen-Zuordnung: erst `seed_scale` laufen lassen.")
        theirs = Cooperation.objects.filter(participations__municipality=membership.municipality)

        def busiest(cases: Any) -> Cooperation | None:
            return cases.annotate(n=Count("activities", distinct=True)).order_by("-n", "pk").first()

        # A funded case under way where there is one: its page shows every section (grants,
        # savings reports), so that both data sets measure the same page, not one case
        # with funding against one without (the query counts differed by that section).
        case = busiest(theirs.funded().filter(started_on__isnull=False)) or busiest(theirs)

        # The atlas entry with the most partners: the widest window of its partner map.
        published = (
            Cooperation.objects.published()
            .annotate(n=Count("participations", distinct=True))
            .order_by("-n", "pk")
            .values_list("pk", flat=True)
            .first()
        )

        def first(group: str, prefix: str) -> User:
            users = User.objects.filter(groups__name=group, is_active=True).order_by("email")
            return users.filter(email__startswith=prefix).first() or users.first()  # type: ignore[return-value]

        return cls(
            users={
                "anon": None,
                "municipal": membership.user,
                "adviser": first(roles.KIKZ, "beratung-01"),
                "budget": first(roles.BUDGET, "haushalt-01"),
                "ministry": first(roles.MINISTRY, "ministerium"),
            },
            case_pk=case.pk if case else 0,
            municipality_name=membership.municipality.name.split(",")[0].split(" ")[0],
            year=2024,
            field_pk=FieldOfAction.objects.filter(slug="bauhof").values_list("pk", flat=True).first() or 0,
            published_pk=published or 0,
        )


def url(name: str, *args: Any, query: str = "") -> Callable[[Subjects], str]:
    """A recipe's URL: the first of `name` (alternatives separated by "|") that resolves."""

    def build(s: Subjects) -> str:
        resolved = [a(s) if callable(a) else a for a in args]
        for candidate in name.split("|"):
            try:
                return reverse(candidate, args=resolved) + (f"?{query.format(s=s)}" if query else "")
            except NoReverseMatch:
                continue
        raise NoReverseMatch(f"{name} gibt es (noch) nicht")

    return build


@dataclass
class Page:
    name: str
    group: str  # "portal", "admin" or "floor"
    user: str  # a key of Subjects.users
    build: Callable[[Subjects], str]
    # An answer with ETag/Last-Modified: asked again with them, it must be a 304 (bench.runner).
    conditional: bool = False


def case(s: Subjects) -> int:
    return s.case_pk


PAGES: list[Page] = [
    Page("Boden: /healthz", "floor", "anon", url("healthz")),
    Page("Startseite", "portal", "anon", url("home")),
    Page("Atlas: Liste", "portal", "anon", url("atlas:list")),
    Page(
        "Atlas: Filter",
        "portal",
        "anon",
        url("atlas:list", query="handlungsfeld={s.field_pk}&rechtsform=oer_vereinbarung"),
    ),
    # One filter that fills the first page in one Land too (28 of its 209 published cases),
    # so that BW/F1 compares pages of equal length; the two filters above find 3 cases in
    # one Land, and their ratio is shown but not judged (bench/report.py).
    Page(
        "Atlas: Filter Rechtsform", "portal", "anon", url("atlas:list", query="rechtsform=oer_vereinbarung")
    ),
    Page("Atlas: Volltextsuche", "portal", "anon", url("atlas:list", query="q=Bauhof")),
    Page(
        "Förderlotse: Programmsuche",
        "portal",
        "anon",
        url("funding:programme-list", query="q=Digitalisierung"),
    ),
    # The funder named in most programmes: a full first page at both scales (24 of 40
    # programmes in one Land), unlike the topic above (6 in one Land).
    Page(
        "Förderlotse: Suche nach Fördergeber",
        "portal",
        "anon",
        url("funding:programme-list", query="q=Ministerium"),
    ),
    Page(
        "Förderlotse: Programme gefiltert",
        "portal",
        "anon",
        url("funding:programme-list", query="funder_level=land&aid_kind=zuschuss"),
    ),
    # Issue 17: the map beside the atlas and the read API's lists (each answer costs one
    # query for its ETag; an unchanged list answers 304, tests/opendata/test_api.py).
    Page("Atlas: Karte", "portal", "anon", url("geo:atlas-map")),
    Page(
        "Atlas: Karte, Handlungsfeld",
        "portal",
        "anon",
        url("geo:atlas-map", query="handlungsfeld={s.field_pk}"),
    ),
    # The partner map of an atlas entry reads the boundaries of a window across Land
    # borders (all Germany imported before the pages are measured: bench.jobs.BEFORE_PAGES).
    Page("Atlas: Eintrag mit Partnerkarte", "portal", "anon", url("atlas:detail", lambda s: s.published_pk)),
    Page("API: Kooperationen", "portal", "anon", url("api:kooperation-list"), conditional=True),
    Page(
        "API: Kooperationen gefiltert",
        "portal",
        "anon",
        url("api:kooperation-list", query="handlungsfeld={s.field_pk}&rechtsform=oer_vereinbarung"),
        conditional=True,
    ),
    Page("API: Förderprogramme", "portal", "anon", url("api:foerderprogramm-list"), conditional=True),
    Page("API: Kommunen", "portal", "anon", url("api:kommune-list"), conditional=True),
    Page("API: Statistik (Jahre)", "portal", "anon", url("api:statistik-list"), conditional=True),
    Page(
        "API: Statistik eines Jahres",
        "portal",
        "anon",
        url("api:statistik-detail", lambda s: s.year),
        conditional=True,
    ),
    Page("Meine Vorgänge", "portal", "municipal", url("cooperations:my-cases")),
    Page("Vorgangsseite", "portal", "municipal", url("cooperations:case-detail", case)),
    Page("Statistik-Dashboard", "portal", "ministry", url("reports:dashboard")),
    Page("Admin: Startseite der Beratung", "admin", "adviser", url("admin:index")),
    Page("Admin: Vorgänge", "admin", "adviser", url("admin:cooperations_cooperation_changelist")),
    Page(
        "Admin: Vorgänge, Filter + Suche",
        "admin",
        "adviser",
        url(
            "admin:cooperations_cooperation_changelist",
            query="status__exact=in_beratung&q={s.municipality_name}",
        ),
    ),
    Page(
        "Admin: Förderungen, Filter + Suche",
        "admin",
        "adviser",
        url("admin:funding_grant_changelist", query="status__exact=bewilligt&q={s.municipality_name}"),
    ),
    Page(
        "Admin: Haushaltsberatungen, Filter + Suche",
        "admin",
        "budget",
        url(
            "admin:budget_advice_consultation_changelist",
            query="status__exact=abgeschlossen&q={s.municipality_name}",
        ),
    ),
    Page("Admin: Vorgang ändern", "admin", "adviser", url("admin:cooperations_cooperation_change", case)),
]
