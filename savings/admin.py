"""The savings reports in the back office: read only (the lead municipality writes them
through savings.services), with their history of replaced figures, and the case list's
filter for cases below target two years running."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from backoffice.admins import AuditedAdmin, ReadOnlyModelAdmin
from backoffice.money import euro_text
from cooperations.models import Cooperation

from .models import SavingsReport
from .selectors import below_target_twice


class BelowTargetFilter(admin.SimpleListFilter):
    """For the case list (cooperations.admin.case): the flag of the case page."""

    title = "Einsparziel"
    parameter_name = "einsparziel"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("verfehlt", "zwei Jahre in Folge unter Ziel")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Cooperation]) -> QuerySet[Cooperation]:
        if self.value() == "verfehlt":
            return below_target_twice(queryset)
        return queryset


class ReportBelowTargetFilter(admin.SimpleListFilter):
    title = "Ziel"
    parameter_name = "ziel"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("verfehlt", "unter Ziel")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[SavingsReport]) -> QuerySet[SavingsReport]:
        if self.value() == "verfehlt":
            return queryset.below_target()  # type: ignore[attr-defined,no-any-return]
        return queryset


@admin.register(SavingsReport)
class SavingsReportAdmin(ReadOnlyModelAdmin, AuditedAdmin):
    list_display = [
        "year",
        "case_link",
        "baseline_display",
        "current_display",
        "savings_display",
        "savings_pct_display",
        "target_display",
        "updated_at",
    ]
    list_display_links = ["year"]
    list_filter = ["year", ReportBelowTargetFilter]
    search_fields = ["cooperation__reference", "cooperation__title"]
    search_help_text = "Aktenzeichen oder Titel des Vorgangs"
    list_select_related = ["cooperation"]
    ordering = ["-year", "cooperation__reference"]
    # Not editable: without this the history's form view would ask a model form for them.
    readonly_fields = ["created_at", "updated_at"]
    list_per_page = 50
    fields = [
        "cooperation",
        "year",
        "baseline_year",
        "baseline_costs",
        "current_costs",
        "savings_eur",
        "savings_pct",
        "explanation",
        "attachment",
        "reported_by",
        "created_at",
        "updated_at",
    ]

    @admin.display(description=_("Vorgang"), ordering="cooperation__reference")
    def case_link(self, obj: SavingsReport) -> str:
        url = reverse("admin:cooperations_cooperation_change", args=[obj.cooperation_id])
        return format_html('<a href="{}#einsparungen">{}</a>', url, obj.cooperation)

    @admin.display(description=_("Kosten im Basisjahr"), ordering="baseline_costs")
    def baseline_display(self, obj: SavingsReport) -> str:
        return euro_text(obj.baseline_costs)

    @admin.display(description=_("Kosten im Berichtsjahr"), ordering="current_costs")
    def current_display(self, obj: SavingsReport) -> str:
        return euro_text(obj.current_costs)

    @admin.display(description=_("Einsparung"), ordering="savings_eur")
    def savings_display(self, obj: SavingsReport) -> str:
        return euro_text(obj.savings_eur)

    @admin.display(description=_("Einsparung (%)"), ordering="savings_pct")
    def savings_pct_display(self, obj: SavingsReport) -> str:
        return f"{obj.savings_pct:.2f} %".replace(".", ",")

    @admin.display(description=_("Ziel"))
    def target_display(self, obj: SavingsReport) -> str:
        return "erreicht" if obj.meets_target() else "unter Ziel"
