"""The Förderlotse's programme search with the facets of the Förderdatenbank des Bundes."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import F, Func, QuerySet, TextField
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ikz_portal.land import land_code, land_name
from ikz_portal.parse import IdChoiceFilter, IdMultipleChoiceFilter

from .models import AidKind, Eligibility, FunderLevel, FundingArea, Programme

StrOrPromise = str | Promise
TEXT_TOO_LONG = _("Der Suchbegriff darf höchstens 100 Zeichen lang sein.")


class SearchText(Func):
    """Name, short name, summary and funder in one text, separated by spaces: a search
    word (it has no space) occurs in it exactly when it occurs in one of the four. One
    trigram index on UPPER() of this expression (funding 0008) answers `icontains`; the
    OR of four LIKEs was a scan of every programme (nationwide 5,000: 7 ms per query)."""

    arg_joiner = " || ' ' || "
    template = "(%(expressions)s)"
    output_field = TextField()

    def __init__(self) -> None:
        super().__init__(F("name"), F("short_name"), F("summary"), F("funder"))


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
        queryset = queryset.alias(search_text=SearchText())
        for word in value.split()[:8]:
            queryset = queryset.filter(search_text__icontains=word)
        return queryset

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
