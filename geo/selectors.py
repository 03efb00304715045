"""Reads for the maps: how many published (or funded) cooperations each municipality
of the Land takes part in. Aggregated in PostgreSQL, one query each."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import BooleanField, Count, F, FilteredRelation, Func, Q, QuerySet

from contacts.models import Municipality
from cooperations.models import Cooperation, Participation
from core.land import land_code
from funding.models import Grant


class AnyOf(Func):
    """`column = ANY('{1,2,3}'::bigint[])`: the ids as one text parameter. An `IN (%s, …)`
    of 450 parameters (or an array field's value, prepared element by element) costs
    more to compile and send than the query takes at factor 1."""

    output_field = BooleanField()

    def __init__(self, column: str, ids: Collection[int]) -> None:
        super().__init__(F(column))
        self.ids = "{" + ",".join(str(int(i)) for i in sorted(ids)) + "}"

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, tuple[Any, ...]]:  # type: ignore[override]
        sql, params = compiler.compile(self.source_expressions[0])
        return f"({sql} = ANY(%s::bigint[]))", (*params, self.ids)


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
    prefix = land_code()
    rows = (
        Municipality.objects.current()
        .filter(ags__startswith=prefix)
        .exclude(kind=Municipality.Kind.LANDKREIS)
        # A Kreis shares the first digits of its municipalities' AGS, so it is in the same
        # Land: said in the join, PostgreSQL reads the Land's Kreise by the AGS index
        # instead of hashing every municipality of Germany (nationwide 7 ms → 1 ms).
        .annotate(kreis=FilteredRelation("district", condition=Q(district__ags__startswith=prefix)))
        .order_by("name", "ags")
        .values_list("pk", "ags", "name", "kreis__name", "latitude", "longitude")
    )
    return [Place(pk, ags, name, kreis or "", lat, lon) for pk, ags, name, kreis, lat, lon in rows]


def participation_counts(
    cooperations: QuerySet[Cooperation], *, municipality_ids: Collection[int]
) -> dict[int, int]:
    """Municipality id → number of the given cooperations it currently takes part in, for
    the municipalities a map draws (the Land's: nationwide data is all of Germany's)."""
    rows = (
        Participation.objects.filter(
            cooperation__in=cooperations.order_by().values("pk"), left_on__isnull=True
        )
        # The ids themselves, not a join on the Land's AGS prefix: PostgreSQL then reads the
        # Land's few thousand participations by the municipality index instead of scanning
        # all of Germany's (nationwide 209,000 rows, 45 ms → 15 ms).
        .filter(AnyOf("municipality_id", municipality_ids))
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
