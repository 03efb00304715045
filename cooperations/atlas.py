"""Kooperationsatlas: the published cooperations for everyone, without login.

Only what the KIKZ marked `is_published` is shown, and the funding only where
`publish_funding` is set. Every list costs the same number of queries whatever
the number of rows (select_related/prefetch, funding as a subquery)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import django_filters
from django import forms
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import DecimalField, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from contacts.demography import partner_order, with_population_trend
from contacts.models import Municipality
from core.form_rendering import QuickSelect
from core.parse import IdChoiceField, IdChoiceFilter, parse_page
from core.search import RankedHits
from funding.models import Grant

from .models import (
    ATLAS_CACHE_TIMEOUT,
    ATLAS_KREISE,
    ATLAS_YEARS,
    Cooperation,
    FieldOfAction,
    LegalForm,
    Participation,
    atlas_cache_key,
)
from .search import atlas_search

PAGE_SIZE = 20
SEARCH_TOO_LONG = _("Der Suchbegriff darf höchstens 100 Zeichen lang sein.")
REGION_REQUIRED = _("Wählen Sie einen Kreis oder einen Regierungsbezirk.")
FIELD_REQUIRED = _("Wählen Sie ein Handlungsfeld.")
CHOICE_INVALID = _("Wählen Sie einen Eintrag aus der Liste.")
SORT_BY_TREND = "bevoelkerung"


def _funding_total() -> Subquery:
    grants = (
        Grant.objects.approved()
        .filter(cooperation=OuterRef("pk"))
        .order_by()
        .values("cooperation")
        .annotate(total=Sum("approved_amount"))
        .values("total")
    )
    return Subquery(grants, output_field=DecimalField(max_digits=14, decimal_places=2))


def _current_participations() -> Prefetch:
    """The partners of the cases on a page, each with its municipality's name. The name is
    looked up per partner by primary key: joined instead, PostgreSQL hashed all 11,000
    German municipalities for the 80 partners of a page (7 ms nationwide, 0.3 in one Land)."""
    name = Municipality.objects.filter(pk=OuterRef("municipality_id")).order_by().values("display_name")
    return Prefetch(
        "participations",
        queryset=Participation.objects.filter(left_on__isnull=True)
        .annotate(municipality_name=Subquery(name))
        .order_by("role", "municipality_name"),
        to_attr="current_participations",
    )


def published_cooperations() -> QuerySet[Cooperation]:
    return (
        Cooperation.objects.published()
        .select_related("lead_municipality", "lead_municipality__district", "field_of_action")
        .prefetch_related(_current_participations(), "further_fields")
        .annotate(funding_total=Coalesce(_funding_total(), Decimal("0")))
        .order_by("-started_on", "-created_at", "pk")
    )


def _year_choices() -> list[tuple[str, str]]:
    years: list[int] | None = cache.get(atlas_cache_key(ATLAS_YEARS))
    if years is None:
        dates = (
            Cooperation.objects.published()
            .filter(started_on__isnull=False)
            .dates("started_on", "year", "DESC")
        )
        years = [d.year for d in dates]
        cache.set(atlas_cache_key(ATLAS_YEARS), years, ATLAS_CACHE_TIMEOUT)
    # Strings: an int label would be shown with a thousands separator ("2.023").
    return [(str(y), str(y)) for y in years]


def _kreis_choices() -> list[tuple[str, str]]:
    """Value and label of every Kreis as the model choice box wrote them (pk, str()):
    nationwide 400 options, which cost more to read and render than the rest of the
    page; cached until a municipality changes (cooperations.models)."""
    choices: list[tuple[str, str]] | None = cache.get(atlas_cache_key(ATLAS_KREISE))
    if choices is None:
        # By AGS within one name (Ansbach, Stadt and Landkreis): always the same order.
        kreise = Municipality.objects.kreise().order_by("display_name", "ags")
        choices = [(str(m.pk), str(m)) for m in kreise]
        cache.set(atlas_cache_key(ATLAS_KREISE), choices, ATLAS_CACHE_TIMEOUT)
    return choices


def _regierungsbezirk_choices() -> list[tuple[str, str | Promise]]:
    names = (
        Municipality.objects.kreise()
        .exclude(regierungsbezirk="")
        .order_by("regierungsbezirk")
        .values_list("regierungsbezirk", flat=True)
        .distinct()
    )
    return [("", _("alle")), *((name, name) for name in names)]


class CooperationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Suchbegriff"),
        method="search",
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
        error_messages={"max_length": SEARCH_TOO_LONG},
    )
    kreis = django_filters.ChoiceFilter(
        label=_("Landkreis / kreisfreie Stadt"),
        choices=_kreis_choices,
        widget=QuickSelect,
        field_name="lead_municipality__district",
        empty_label=_("alle"),
        error_messages={"invalid_choice": CHOICE_INVALID},
    )
    handlungsfeld = IdChoiceFilter(
        label=_("Handlungsfeld"),
        queryset=FieldOfAction.objects.all(),
        method="filter_field",
        empty_label=_("alle"),
        error_messages={"invalid_choice": CHOICE_INVALID},
    )
    rechtsform = django_filters.ChoiceFilter(
        label=_("Rechtsform"),
        choices=LegalForm.choices,
        field_name="legal_form",
        empty_label=_("alle"),
        error_messages={"invalid_choice": CHOICE_INVALID},
    )
    jahr = django_filters.ChoiceFilter(
        label=_("Beginn (Jahr)"),
        choices=_year_choices,
        field_name="started_on__year",
        empty_label=_("alle"),
        error_messages={"invalid_choice": CHOICE_INVALID},
    )
    kommune = django_filters.CharFilter(
        label=_("Kommune (Name oder AGS)"),
        method="filter_municipality",
        max_length=100,
        error_messages={"max_length": SEARCH_TOO_LONG},
    )

    class Meta:
        model = Cooperation
        fields = ["q", "kreis", "handlungsfeld", "rechtsform", "jahr", "kommune"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Once per request: validation and rendering would each ask the cache. As a
        # callable, so that the form's deepcopy of its fields does not copy 400 choices.
        kreise = _kreis_choices()
        self.filters["kreis"].extra["choices"] = lambda: kreise

    def search(self, queryset: QuerySet[Cooperation], name: str, value: str) -> QuerySet[Cooperation]:
        # Every word, German word forms, typos in names, AGS; the best hits first.
        return atlas_search(queryset, value)

    def filter_field(
        self, queryset: QuerySet[Cooperation], name: str, value: FieldOfAction
    ) -> QuerySet[Cooperation]:
        further = Cooperation.further_fields.through.objects.filter(
            cooperation=OuterRef("pk"), fieldofaction=value
        )
        return queryset.filter(Q(field_of_action=value) | Exists(further))

    def filter_municipality(
        self, queryset: QuerySet[Cooperation], name: str, value: str
    ) -> QuerySet[Cooperation]:
        if not value.strip():
            return queryset
        # By name (as the search finds it: „Gruenberg“, „Kasel“) or AGS, leading or partner.
        found = Municipality.objects.search(value).values("pk")
        partners = Participation.objects.filter(cooperation=OuterRef("pk"), municipality__in=found)
        return queryset.filter(Q(lead_municipality__in=found) | Exists(partners))


def atlas_list(request: HttpRequest) -> HttpResponse:
    filterset = CooperationFilter(request.GET or None, queryset=published_cooperations())
    hits: Any = filterset.qs
    if filterset.is_bound and filterset.form.is_valid() and filterset.form.cleaned_data.get("q"):
        # A ranked search: the hits' order read once, a page loads its own rows.
        hits = RankedHits(hits, published_cooperations())
    paginator = Paginator(hits, PAGE_SIZE)
    page = paginator.get_page(parse_page(request.GET.get("seite")))
    query = request.GET.copy()
    query.pop("seite", None)
    return render(
        request,
        "atlas/list.html",
        {"filter": filterset, "page": page, "query": query.urlencode()},
    )


def atlas_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cooperation = get_object_or_404(
        published_cooperations().prefetch_related(
            Prefetch(
                "grants",
                queryset=Grant.objects.approved().select_related("programme").order_by("budget_year", "pk"),
                to_attr="approved_grants",
            )
        ),
        pk=pk,
    )
    return render(request, "atlas/detail.html", {"cooperation": cooperation})


class PartnerSearchForm(forms.Form):
    kreis = IdChoiceField(
        label=_("Landkreis / kreisfreie Stadt"),
        help_text=_("Wählen Sie einen Kreis oder darunter einen Regierungsbezirk."),
        queryset=Municipality.objects.kreise().order_by("name"),
        required=False,
        empty_label=_("Bitte wählen"),
        error_messages={"invalid_choice": CHOICE_INVALID},
    )
    regierungsbezirk = forms.ChoiceField(
        label=_("oder Regierungsbezirk"),
        required=False,
        error_messages={"invalid_choice": CHOICE_INVALID},
    )
    handlungsfeld = IdChoiceField(
        label=_("Handlungsfeld"),
        queryset=FieldOfAction.objects.all(),
        empty_label=_("Bitte wählen"),
        error_messages={"required": FIELD_REQUIRED, "invalid_choice": CHOICE_INVALID},
    )

    sortierung = forms.ChoiceField(
        label=_("Sortierung"),
        choices=[
            ("", _("nach Name")),
            (SORT_BY_TREND, _("nach Bevölkerungsentwicklung (schrumpfende zuerst)")),
        ],
        required=False,
        error_messages={"invalid_choice": CHOICE_INVALID},
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        # Once per request: validation and rendering would each query a callable.
        self.fields["regierungsbezirk"].choices = _regierungsbezirk_choices()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if not data.get("kreis") and not data.get("regierungsbezirk") and "kreis" not in self.errors:
            self.add_error("kreis", REGION_REQUIRED)
        return data


def partner_search(request: HttpRequest) -> HttpResponse:
    """Who in my Kreis or Regierungsbezirk already cooperates in this Handlungsfeld?"""
    form = PartnerSearchForm(request.GET or None)
    municipalities: QuerySet[Municipality] | None = None
    if form.is_bound and form.is_valid():
        field = form.cleaned_data["handlungsfeld"]
        further = Cooperation.further_fields.through.objects.filter(
            cooperation=OuterRef("pk"), fieldofaction=field
        )
        coops = Cooperation.objects.published().filter(Q(field_of_action=field) | Exists(further))
        kreis = form.cleaned_data["kreis"]
        region = (
            Q(district=kreis) | Q(pk=kreis.pk)
            if kreis
            else Q(regierungsbezirk=form.cleaned_data["regierungsbezirk"])
        )
        matching = Participation.objects.filter(cooperation__in=coops, left_on__isnull=True)
        found = (
            Municipality.objects.filter(region)
            .filter(Exists(matching.filter(municipality=OuterRef("pk"))))
            .select_related("district")
            .prefetch_related(
                Prefetch(
                    "participations",
                    queryset=matching.select_related("cooperation").order_by("cooperation__title"),
                    to_attr="matching_participations",
                )
            )
        )
        municipalities = with_population_trend(found).order_by(
            *partner_order(by_trend=form.cleaned_data["sortierung"] == SORT_BY_TREND)
        )
    return render(request, "atlas/partner_search.html", {"form": form, "municipalities": municipalities})
