"""The filters of the public list: kind, Handlungsfeld, Rechtsform and a search word."""

from __future__ import annotations

from typing import ClassVar

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from cooperations.models import FieldOfAction, LegalForm
from core.parse import IdChoiceFilter

from .models import Entry, Kind
from .selectors import search_entries

SEARCH_TOO_LONG = _("Der Suchbegriff darf höchstens 100 Zeichen lang sein.")
CHOICE_INVALID = _("Wählen Sie einen Eintrag aus der Liste.")


class EntryFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Suchbegriff"),
        method="search",
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
        error_messages={"max_length": SEARCH_TOO_LONG},
    )
    art = django_filters.ChoiceFilter(
        label=_("Art"),
        choices=Kind.choices,
        field_name="kind",
        empty_label=_("alle"),
        error_messages={"invalid_choice": CHOICE_INVALID},
    )
    handlungsfeld = IdChoiceFilter(  # ASCII ids only (core.parse), like the atlas
        label=_("Handlungsfeld"),
        queryset=FieldOfAction.objects.all(),
        field_name="fields_of_action",
        empty_label=_("alle"),
        error_messages={"invalid_choice": CHOICE_INVALID},
    )
    rechtsform = django_filters.ChoiceFilter(
        label=_("Rechtsform"),
        choices=LegalForm.choices,
        method="filter_legal_form",
        empty_label=_("alle"),
        error_messages={"invalid_choice": CHOICE_INVALID},
    )

    class Meta:
        model = Entry
        fields: ClassVar[list[str]] = ["q", "art", "handlungsfeld", "rechtsform"]

    def search(self, queryset: QuerySet[Entry], name: str, value: str) -> QuerySet[Entry]:
        return search_entries(queryset, value)

    def filter_legal_form(self, queryset: QuerySet[Entry], name: str, value: str) -> QuerySet[Entry]:
        return queryset.with_legal_form(value)  # type: ignore[attr-defined]
