"""Population over the editions of the Gemeindeverzeichnis (issue 17, section 3).

`Municipality.population` holds only the newest figure; every register import also
writes one `PopulationRecord` per Kommune and edition (`population_record_edition`),
so the demography view can show how the partners of a cooperation developed. The
trend of a Kommune is the change from its first to its last recorded edition; fewer
than two editions give no trend („ohne Vergleichswert“)."""

from __future__ import annotations

import datetime as dt
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Case, DecimalField, ExpressionWrapper, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from core.formats import DASH, number, percent

from .models import Municipality, PopulationRecord, RegisterImport, Urbanisation

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from . import auszug as auszug_file
    from . import gv100ad

# The classes of the statistics and the partner search: a change of at most one per cent
# either way over the recorded editions counts as stable.
SHRINKING_BELOW = Decimal("-1")
GROWING_ABOVE = Decimal("1")
TREND_SHRINKING = "schrumpfend"
TREND_STABLE = "stabil"
TREND_GROWING = "wachsend"
TREND_NONE = "ohne_vergleich"
TREND_LABELS = {
    TREND_SHRINKING: _("schrumpfend (< −1 %)"),
    TREND_STABLE: _("stabil (−1 % bis +1 %)"),
    TREND_GROWING: _("wachsend (> +1 %)"),
    TREND_NONE: _("ohne Vergleichswert"),
}


# --- German formats (1.234; −3,2 %) ------------------------------------------------------


def fmt_population(value: int | None) -> str:
    return DASH if value is None else number(value)


def fmt_change(value: Decimal | None) -> str:
    return percent(value, signed=True)


def change_percent(first: int | None, last: int | None) -> Decimal | None:
    if not first or last is None:
        return None
    return (Decimal(last - first) * 100 / Decimal(first)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def trend_class(change: Decimal | None) -> str:
    """The same rule as the SQL of reports/statistics/demography.py."""
    if change is None:
        return TREND_NONE
    if change < SHRINKING_BELOW:
        return TREND_SHRINKING
    if change > GROWING_ABOVE:
        return TREND_GROWING
    return TREND_STABLE


# --- Writes ----------------------------------------------------------------------------


def _upsert(rows: list[PopulationRecord]) -> None:
    # A confirmed re-import of the same edition overwrites its figures (one row per date).
    PopulationRecord.objects.bulk_create(
        rows,
        batch_size=1000,
        update_conflicts=True,
        unique_fields=["municipality", "reference_date"],
        update_fields=["population", "male", "female", "register_import"],
    )


def population_record_edition(
    *, register: gv100ad.Gv100adFile, job: RegisterImport, municipalities: Mapping[str, Municipality]
) -> int:
    """Keep the population of every Kommune of an imported edition: called inside
    `register_import`'s transaction with its Kommunen by AGS, one INSERT … ON CONFLICT per
    thousand rows. A Landkreis gets the sums of its Gemeinden, as on the Municipality row.
    Returns the number of rows written."""
    stand = register.gebietsstand
    figures: dict[str, tuple[int, int | None]] = {}
    by_kreis: dict[str, list[gv100ad.GemeindeRecord]] = {}
    for g in register.gemeinden:
        figures[g.ags] = (g.population, g.male)
        by_kreis.setdefault(g.kreis_key, []).append(g)
    for k in register.kreise:
        if k.ags not in figures and by_kreis.get(k.key):
            own = by_kreis[k.key]
            figures[k.ags] = (sum(g.population for g in own), sum(g.male for g in own))
    rows = [
        PopulationRecord(
            municipality_id=municipalities[ags].pk,
            reference_date=stand,
            population=population,
            male=male,
            female=population - male if male is not None else None,
            register_import=job,
        )
        for ags, (population, male) in figures.items()
        if ags in municipalities
    ]
    _upsert(rows)
    return len(rows)


def _plus(total: int | None, value: int | None) -> int | None:
    return None if total is None or value is None else total + value


@dataclass(frozen=True)
class AuszugImportResult:
    written: int
    unknown: list[str]  # AGS of the file the portal's register does not know (not written)


@transaction.atomic
def population_record_auszug(*, auszug: auszug_file.Auszug, edition: dt.date) -> AuszugImportResult:
    """Keep the figures of an Auszug file for the edition `edition`: population, men and
    women and the degree of urbanisation per Gemeinde; a Landkreis gets the sums of its
    Gemeinden (no degree: Destatis gives it per Gemeinde). Rows of the same edition from a
    GV100AD import get the men, women and degree added; the Kommunen come from the
    portal's register (import_gv100ad), none is created here."""
    known = dict(Municipality.objects.filter(ags__in=[r.ags for r in auszug.rows]).values_list("ags", "pk"))
    kreise = dict(
        Municipality.objects.filter(
            kind=Municipality.Kind.LANDKREIS, ags__in={r.ags[:5] + "000" for r in auszug.rows}
        ).values_list("ags", "pk")
    )
    rows = [
        PopulationRecord(
            municipality_id=known[r.ags],
            reference_date=edition,
            population=r.population,
            male=r.male,
            female=r.female,
            urbanisation=r.urbanisation,
        )
        for r in auszug.rows
        if r.ags in known
    ]
    sums: dict[str, tuple[int, int | None, int | None]] = {}
    for r in auszug.rows:
        kreis = r.ags[:5] + "000"
        if kreis in kreise and r.ags != kreis:
            p, m, f = sums.get(kreis, (0, 0, 0))
            sums[kreis] = (p + r.population, _plus(m, r.male), _plus(f, r.female))
    rows += [
        PopulationRecord(municipality_id=kreise[ags], reference_date=edition, population=p, male=m, female=f)
        for ags, (p, m, f) in sums.items()
    ]
    PopulationRecord.objects.bulk_create(
        rows,
        batch_size=1000,
        update_conflicts=True,
        unique_fields=["municipality", "reference_date"],
        update_fields=["population", "male", "female", "urbanisation"],
    )
    return AuszugImportResult(len(rows), sorted(r.ags for r in auszug.rows if r.ags not in known))


# Demo editions (seed_demo): the population dates of the GV100AD editions 2018, 2021, 2025.
DEMO_EDITIONS = (dt.date(2017, 12, 31), dt.date(2020, 12, 31))


def _demo_rate(ags: str) -> Decimal:
    """A fixed change per three years between −6 % and +5 %, the same on every run."""
    return Decimal((zlib.crc32(ags.encode()) % 111) - 60) / 1000


@transaction.atomic
def population_seed_demo() -> int:
    """Give the demo's Kommunen that have no recorded edition their current figure and two
    earlier editions derived from it (2018, 2021), so the demography view has a trend to
    show. A Landkreis gets the sums of its Gemeinden per edition. Kommunen imported from a
    real register keep their real editions."""
    recorded = PopulationRecord.objects.values("municipality_id")
    todo = list(
        Municipality.objects.exclude(pk__in=recorded)
        .filter(population__isnull=False, population_date__isnull=False)
        .order_by("ags")
    )
    rows: list[PopulationRecord] = []
    sums: dict[tuple[int, dt.date], int] = {}
    for m in todo:
        if m.kind == Municipality.Kind.LANDKREIS or m.population is None or m.population_date is None:
            continue  # (the query excludes the missing figures already; this tells mypy)
        rows.append(
            PopulationRecord(municipality=m, reference_date=m.population_date, population=m.population)
        )
        if m.valid_until is not None or m.successor_id is not None:
            continue  # retired before the later editions: its one figure is its last
        if m.valid_from is not None and m.valid_from > DEMO_EDITIONS[0]:
            earlier: tuple[dt.date, ...] = tuple(d for d in DEMO_EDITIONS if d >= m.valid_from)
        else:
            earlier = DEMO_EDITIONS
        population = Decimal(m.population or 0)
        rate = _demo_rate(m.ags)
        for date in reversed(earlier):
            if date >= m.population_date:
                continue
            population = population / (1 + rate)
            rows.append(PopulationRecord(municipality=m, reference_date=date, population=int(population)))
    for row in rows:
        m = row.municipality
        # A Gemeinde merged later still counts in its Kreis for the editions it was part of.
        in_register = m.valid_until is None or row.reference_date <= m.valid_until
        if m.district_id and m.district_id != m.pk and in_register:
            key = (m.district_id, row.reference_date)
            sums[key] = sums.get(key, 0) + row.population
    kreise = {m.pk for m in todo if m.kind == Municipality.Kind.LANDKREIS}
    rows += [
        PopulationRecord(municipality_id=pk, reference_date=date, population=total)
        for (pk, date), total in sums.items()
        if pk in kreise
    ]
    _upsert(rows)
    return len(rows)


# --- Reads -----------------------------------------------------------------------------


def _edge(order: str, column: str) -> Subquery:
    records = PopulationRecord.objects.filter(municipality=OuterRef("pk")).order_by(order)
    return Subquery(records.values(column)[:1])


def with_population_trend(queryset: QuerySet[Municipality]) -> QuerySet[Municipality]:
    """`population_trend`: the change in per cent from the first to the last recorded
    edition, NULL with fewer than two (four index look-ups per Kommune)."""
    first, last = _edge("reference_date", "population"), _edge("-reference_date", "population")
    first_date, last_date = (
        _edge("reference_date", "reference_date"),
        _edge("-reference_date", "reference_date"),
    )
    change = ExpressionWrapper(
        (Cast(last, DecimalField(max_digits=14, decimal_places=4)) - F("pop_first")) * 100 / F("pop_first"),
        output_field=DecimalField(max_digits=14, decimal_places=4),
    )
    return queryset.alias(pop_first=first, pop_first_date=first_date, pop_last_date=last_date).annotate(
        population_trend=Case(
            When(Q(pop_first_date__lt=F("pop_last_date")) & ~Q(pop_first=0), then=change),
            default=Value(None),
            output_field=DecimalField(max_digits=14, decimal_places=4),
        )
    )


def partner_order(*, by_trend: bool) -> list[Any]:
    """The partner search's order: shrinking Kommunen first (they look for partners
    first), those without a comparison last; by name otherwise."""
    if by_trend:
        return [F("population_trend").asc(nulls_last=True), "name", "pk"]
    return ["name", "pk"]


@dataclass
class Edition:
    date: dt.date
    population: int | None
    male: int | None = None
    female: int | None = None
    urbanisation: int | None = None

    @property
    def population_text(self) -> str:
        return fmt_population(self.population)

    @property
    def male_text(self) -> str:
        return fmt_population(self.male)

    @property
    def female_text(self) -> str:
        return fmt_population(self.female)


@dataclass
class PartnerSeries:
    municipality_id: int
    name: str
    editions: list[Edition] = field(default_factory=list)  # one per date of the view, None where missing

    @property
    def recorded(self) -> list[Edition]:
        return [e for e in self.editions if e.population is not None]

    @property
    def change(self) -> Decimal | None:
        recorded = self.recorded
        if len(recorded) < 2:
            return None
        return change_percent(recorded[0].population, recorded[-1].population)

    @property
    def change_text(self) -> str:
        return fmt_change(self.change)

    @property
    def has_sex(self) -> bool:
        return any(e.male is not None for e in self.editions)

    @property
    def latest_urbanisation(self) -> Edition | None:
        """The newest edition that states the degree of urbanisation (only Auszug files do)."""
        return next((e for e in reversed(self.editions) if e.urbanisation is not None), None)

    @property
    def urbanisation_text(self) -> str:
        edition = self.latest_urbanisation
        if edition is None or edition.urbanisation is None:
            return "–"
        return f"{Urbanisation(edition.urbanisation).label} ({edition.date:%d.%m.%Y})"


@dataclass
class Demography:
    dates: list[dt.date]
    partners: list[PartnerSeries]
    combined: list[Edition]  # None where a partner has no figure for that date

    @property
    def combined_change(self) -> Decimal | None:
        known = [e for e in self.combined if e.population is not None]
        if len(known) < 2:
            return None
        return change_percent(known[0].population, known[-1].population)

    @property
    def combined_change_text(self) -> str:
        return fmt_change(self.combined_change)

    @property
    def incomplete(self) -> bool:
        return any(e.population is None for e in self.combined)

    @property
    def has_sex(self) -> bool:
        return any(p.has_sex for p in self.partners)

    @property
    def has_urbanisation(self) -> bool:
        return any(p.latest_urbanisation is not None for p in self.partners)


def partner_demography(municipality_ids: Iterable[int]) -> Demography | None:
    """The recorded editions of these Kommunen, in one query; None when none has any."""
    wanted = list(dict.fromkeys(municipality_ids))
    records = list(
        PopulationRecord.objects.filter(municipality_id__in=wanted)
        .order_by("reference_date")
        .values_list(
            "municipality_id",
            "municipality__display_name",
            "reference_date",
            "population",
            "male",
            "female",
            "urbanisation",
        )
    )
    if not records:
        return None
    dates = sorted({r[2] for r in records})
    names: dict[int, str] = {}
    cells: dict[tuple[int, dt.date], tuple[int, int | None, int | None, int | None]] = {}
    for pk, name, date, population, male, female, urbanisation in records:
        names[pk] = name
        cells[(pk, date)] = (population, male, female, urbanisation)
    partners = [
        PartnerSeries(
            municipality_id=pk,
            name=names[pk],
            editions=[Edition(d, *cells.get((pk, d), (None, None, None, None))) for d in dates],
        )
        for pk in wanted
        if pk in names
    ]
    combined = []
    for i, d in enumerate(dates):
        values = [p.editions[i].population for p in partners]
        total = None if any(v is None for v in values) else sum(v for v in values if v is not None)
        combined.append(Edition(d, total))
    return Demography(dates=dates, partners=partners, combined=combined)


def demography_context(items: Iterable[Any]) -> Demography | None:
    """From what a page has: Municipality objects or participations (left ones skipped)."""
    ids = []
    # The lead first (a participation's role), then the page's order.
    for item in sorted(items, key=lambda i: getattr(i, "role", "") != "federfuehrend"):
        if isinstance(item, Municipality):
            ids.append(item.pk)
        elif getattr(item, "left_on", None) is None:
            ids.append(item.municipality_id)
    return partner_demography(ids)
