"""The case list's filters that are not plain fields: overdue next steps, adviser,
Landkreis and the year of the reference."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import admin, messages
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from accounts.access import acting_user
from accounts.selectors import staff_advisers
from contacts.models import Municipality
from core.parse import FILTER_IGNORED, parse_id, parse_year

from ..models import OPEN_STATES, Cooperation, ReferenceCounter


def _number(flt: admin.SimpleListFilter, request: HttpRequest, value: int | None) -> int | None:
    """The parsed filter value; a hand-edited one that is no number is said, not a 500."""
    if value is None:
        messages.warning(request, FILTER_IGNORED.format(name=flt.title))
    return value


class OverdueFilter(admin.SimpleListFilter):
    title = "nächster Schritt"
    parameter_name = "ueberfaellig"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("ja", "überfällig"), ("woche", "fällig in 7 Tagen")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Cooperation]) -> QuerySet[Cooperation]:
        today = timezone.localdate()
        if self.value() == "ja":
            return queryset.filter(status__in=OPEN_STATES, next_step_due__lt=today)
        if self.value() == "woche":
            return queryset.filter(
                status__in=OPEN_STATES,
                next_step_due__gte=today,
                next_step_due__lte=today + dt.timedelta(days=7),
            )
        return queryset


class AdviserFilter(admin.SimpleListFilter):
    title = "Beraterin / Berater"
    parameter_name = "berater"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        people = [(str(u.pk), u.get_full_name() or u.email) for u in staff_advisers()]
        return [("ich", "mir zugewiesen"), ("keine", "niemand zugewiesen"), *people]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Cooperation]) -> QuerySet[Cooperation]:
        value = self.value()
        if value == "ich":
            return queryset.filter(adviser=acting_user(request))
        if value == "keine":
            return queryset.filter(adviser__isnull=True)
        if value and (pk := _number(self, request, parse_id(value))) is not None:
            return queryset.filter(adviser_id=pk)
        return queryset


class DistrictFilter(admin.SimpleListFilter):
    title = "Landkreis"
    parameter_name = "landkreis"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [
            (str(pk), name) for pk, name in Municipality.objects.kreise().current().values_list("pk", "name")
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Cooperation]) -> QuerySet[Cooperation]:
        value = self.value()
        if value and (pk := _number(self, request, parse_id(value))) is not None:
            return queryset.filter(Q(lead_municipality__district_id=pk) | Q(lead_municipality_id=pk))
        return queryset


class YearFilter(admin.SimpleListFilter):
    """By the year in the reference (IKZ-<year>-nnnn): the year the case was opened."""

    title = "Jahr"
    parameter_name = "jahr"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        years = ReferenceCounter.objects.order_by("-year").values_list("year", flat=True)
        return [(str(y), str(y)) for y in years]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Cooperation]) -> QuerySet[Cooperation]:
        value = self.value()
        if value and (year := _number(self, request, parse_year(value))) is not None:
            return queryset.filter(reference__startswith=f"IKZ-{year}-")
        return queryset
