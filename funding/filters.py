"""The Förderlotse's programme search with the facets of the Förderdatenbank des Bundes."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import F, Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from core.land import land_code, land_name
from core.parse import IdChoiceFilter, IdMultipleChoiceFilter
from core.search import all_words, exact_first, parse_terms, stem_rank, text_match

from .models import AidKind, Eligibility, FunderLevel, FundingArea, Programme

StrOrPromise = str | Promise
TEXT_TOO_LONG = _("Der Suchbegriff darf höchstens 100 Zeichen lang sein.")


def programme_search(queryset: QuerySet[Programme], query: str) -> QuerySet[Programme]:
    """Every word in name, short name, summary or funder (German word forms, parts of
    words; core.search); the programme named as typed first, then names that start
    with or contain the query, then by how well the stems fit."""
    terms = parse_terms(query)
    if not terms.words:
        return queryset
    return (
        # The sort carries whole rows: without the long search columns (never shown).
        queryset.defer("search_text", "search_vector", "search_name", "search_short_name")
        .filter(all_words(terms, text_match))
        .annotate(
            search_rank=exact_first(
                Q(search_name=terms.phrase) | Q(search_short_name=terms.phrase),
                Q(search_name__startswith=terms.phrase),
                Q(search_name__contains=terms.phrase),
            ),
            search_stem_rank=stem_rank(terms),
        )
        .order_by("search_rank", F("search_stem_rank").desc(), *(queryset.query.order_by or ["name", "pk"]))
    )


def region_choices() -> list[tuple[str, StrOrPromise]]:
    return [("land", _("Land %(land)s") % {"land": land_name()}), ("bund", _("bundesweit"))]


class ProgrammeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Suchbegriff"),
        method="search",
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
        error_messages={"max_length": TEXT_TOO_LONG},
    )
    funder_level = django_filters.MultipleChoiceFilter(
        label=_("Fördergeber"), choices=FunderLevel.choices, widget=forms.CheckboxSelectMultiple
    )
    eligible = IdMultipleChoiceFilter(
        label=_("Förderberechtigte"),
        queryset=Eligibility.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )
    aid_kind = django_filters.MultipleChoiceFilter(
        label=_("Förderart"), choices=AidKind.choices, widget=forms.CheckboxSelectMultiple
    )
    areas = IdChoiceFilter(
        label=_("Förderbereich"), queryset=FundingArea.objects.all(), empty_label=_("alle")
    )
    region = django_filters.ChoiceFilter(
        label=_("Fördergebiet"), choices=region_choices, method="filter_region", empty_label=_("alle")
    )

    class Meta:
        model = Programme
        fields = ["q", "funder_level", "eligible", "aid_kind", "areas", "region"]

    def search(self, queryset: QuerySet[Programme], name: str, value: str) -> QuerySet[Programme]:
        return programme_search(queryset, value)

    def filter_region(self, queryset: QuerySet[Programme], name: str, value: str) -> QuerySet[Programme]:
        if value == "land":
            return queryset.filter(region=land_code())
        if value == "bund":
            return queryset.filter(region="")
        return queryset

    @property
    def qs(self) -> QuerySet[Programme]:
        qs = super().qs
        # Several eligibility groups match one programme more than once; the other filters
        # do not repeat a programme, and DISTINCT over all columns would sort every match.
        if self.is_bound and self.form.is_valid() and self.form.cleaned_data.get("eligible"):
            qs = qs.distinct()
        return qs
