"""The public rows the API and the downloads read; nothing here is scoped to a user:
everything is public, which is why each query names exactly what it may show."""

from __future__ import annotations

import functools
from typing import Any

import django_filters
from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _

from contacts.models import Municipality
from cooperations.atlas import published_cooperations
from cooperations.models import Cooperation, FieldOfAction, Participation
from core.land import land_code
from funding.filters import region_choices
from funding.models import AidKind, Eligibility, FunderLevel, FundingArea, Programme

# What opendata.serializers.CooperationSerializer shows, and no more: the case's search
# columns and internal fields, and the 19 columns of each municipality, are read and
# turned into Python for every row otherwise.
API_COOPERATION_COLUMNS = (
    "title",
    "description",
    "field_of_action__slug",
    "field_of_action__name",
    "legal_form",
    "stage",
    "started_on",
    "planned_duration_years",
    "lead_municipality__ags",
    "lead_municipality__name",
    "lead_municipality__district__ags",
    "lead_municipality__district__name",
    "other_partners",
    "publish_funding",
)


def _partner_municipality(column: str) -> Subquery:
    return Subquery(Municipality.objects.filter(pk=OuterRef("municipality_id")).order_by().values(column)[:1])


def api_cooperations() -> QuerySet[Cooperation]:
    """A fresh copy of the one built per process (building it – annotations, subqueries,
    prefetches – cost 4 ms a request; copying it 0.03)."""
    return _api_cooperations().all()


@functools.cache
def _api_cooperations() -> QuerySet[Cooperation]:
    """The atlas's published cases in the atlas's order; the partners with their AGS
    (the atlas prefetches only their names).

    Each partner's AGS and name are looked up by primary key: joined instead, PostgreSQL
    hashed all 11,300 German municipalities for the 250 partners of a page (11–15 ms
    nationwide; a few pk look-ups cost well under one)."""
    partners = (
        Participation.objects.filter(left_on__isnull=True)
        .only("cooperation_id", "role", "joined_on")
        .annotate(
            municipality_ags=_partner_municipality("ags"),
            municipality_name=_partner_municipality("name"),
        )
        .order_by("role", "municipality_name", "pk")
    )
    return (
        published_cooperations()
        .only(*API_COOPERATION_COLUMNS)
        .prefetch_related(None)
        .prefetch_related(
            Prefetch(
                "further_fields",
                queryset=FieldOfAction.objects.only("slug", "name"),
                to_attr="api_further_fields",
            ),
            Prefetch("participations", queryset=partners, to_attr="api_partners"),
        )
    )


def api_programmes() -> QuerySet[Programme]:
    return (
        Programme.objects.filter(is_active=True)
        .prefetch_related(
            Prefetch("eligible", queryset=Eligibility.objects.order_by("name")),
            Prefetch("areas", queryset=FundingArea.objects.order_by("name")),
        )
        .order_by("name", "pk")
    )


def api_municipalities() -> QuerySet[Municipality]:
    return Municipality.objects.select_related("district", "successor").order_by("ags")


class MunicipalityFilter(django_filters.FilterSet):
    ags = django_filters.CharFilter(
        label=_("AGS oder sein Anfang (z. B. 06633 für einen Kreis)"),
        field_name="ags",
        lookup_expr="startswith",
        max_length=8,
    )
    art = django_filters.ChoiceFilter(label=_("Art"), field_name="kind", choices=Municipality.Kind.choices)
    aktuell = django_filters.BooleanFilter(
        label=_("nur Kommunen, die heute im Verzeichnis stehen"), method="filter_current"
    )

    class Meta:
        model = Municipality
        fields = ["ags", "art", "aktuell"]

    def filter_current(
        self, queryset: QuerySet[Municipality], name: str, value: bool | None
    ) -> QuerySet[Any]:
        if value is None:
            return queryset
        current = Municipality.objects.current().values("pk")
        return queryset.filter(pk__in=current) if value else queryset.exclude(pk__in=current)


def programme_facets() -> dict[str, list[dict[str, Any]]]:
    """The Förderdatenbank facets with the number of active programmes per value, the
    values of the Förderlotse's filters (funding.filters.ProgrammeFilter). Five queries."""
    active = Programme.objects.filter(is_active=True).order_by()
    levels = dict(active.values_list("funder_level").annotate(n=Count("pk")))
    kinds = dict(active.values_list("aid_kind").annotate(n=Count("pk")))
    regions = active.aggregate(
        land=Count("pk", filter=Q(region=land_code())), bund=Count("pk", filter=Q(region=""))
    )
    active_only = Q(programmes__is_active=True)

    def facet(key: str, label: Any, n: int) -> dict[str, Any]:
        return {"schluessel": key, "bezeichnung": str(label), "programme": n}

    return {
        "foerdergeber": [facet(v, label, levels.get(v, 0)) for v, label in FunderLevel.choices],
        "foerderberechtigte": [
            facet(e.slug, e.name, e.n)
            for e in Eligibility.objects.annotate(n=Count("programmes", filter=active_only)).order_by("name")
        ],
        "foerderart": [facet(v, label, kinds.get(v, 0)) for v, label in AidKind.choices],
        "foerderbereiche": [
            facet(a.slug, a.name, a.n)
            for a in FundingArea.objects.annotate(n=Count("programmes", filter=active_only)).order_by("name")
        ],
        "foerdergebiet": [facet(v, label, regions[v]) for v, label in region_choices()],
    }
