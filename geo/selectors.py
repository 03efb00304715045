"""Reads for the maps: how many published (or funded) cooperations each municipality
of the Land takes part in. Aggregated in PostgreSQL, one query each."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, QuerySet

from contacts.models import Municipality
from cooperations.models import Cooperation, Participation
from core.land import land_code
from funding.models import Grant


@dataclass(frozen=True)
class Place:
    pk: int
    ags: str
    name: str
    kreis: str
    latitude: Decimal | None
    longitude: Decimal | None


def land_places() -> list[Place]:
    """The Land's current Gemeinden and kreisfreie Städte (not the Landkreise: they are
    the Kreis borders), with the name of their Kreis. One query."""
    rows = (
        Municipality.objects.current()
        .filter(ags__startswith=land_code())
        .exclude(kind=Municipality.Kind.LANDKREIS)
        .order_by("name", "ags")
        .values_list("pk", "ags", "name", "district__name", "latitude", "longitude")
    )
    return [Place(pk, ags, name, kreis or "", lat, lon) for pk, ags, name, kreis, lat, lon in rows]


def participation_counts(cooperations: QuerySet[Cooperation]) -> dict[int, int]:
    """Municipality id → number of the given cooperations it currently takes part in."""
    rows = (
        Participation.objects.filter(
            cooperation__in=cooperations.order_by().values("pk"), left_on__isnull=True
        )
        # Only the Land's municipalities are drawn (nationwide data: not all of Germany's).
        .filter(municipality__ags__startswith=land_code())
        .order_by()
        .values("municipality_id")
        .annotate(n=Count("cooperation_id", distinct=True))
        .values_list("municipality_id", "n")
    )
    return dict(rows)


def funded_counts(year: int) -> dict[int, int]:
    """Municipality id → funded cooperations it took part in, with a grant approved for a
    budget year up to `year` – the definition of reports.statistics ("municipalities
    involved" counts these municipalities)."""
    funded = Grant.objects.approved().filter(budget_year__lte=year).values("cooperation_id")
    rows = (
        Participation.objects.filter(cooperation__in=funded)
        .order_by()
        .values("municipality_id")
        .annotate(n=Count("cooperation_id", distinct=True))
        .values_list("municipality_id", "n")
    )
    return dict(rows)
