from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts.access import acting_user
from backoffice.admins import ServiceWritesMixin

from . import services
from .models import Report


@admin.register(Report)
class ReportAdmin(ServiceWritesMixin, admin.ModelAdmin):
    """Read-only view of the report pipeline, so failures and their messages are visible;
        one action orders a failed report again (through the same service as the dashboard);
    a delete (single or „Ausgewählte … löschen“) removes the PDF too (report_delete)."""

    list_display = (
        "year",
        "cutoff",
        "status",
        "attempts",
        "renders",
        "created_at",
        "finished_at",
        "scheduled",
    )
    list_filter = ("status", "year", "scheduled")
    readonly_fields = [f.name for f in Report._meta.fields]
    show_full_result_count = False
    actions = ["order_again"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_order_permission(self, request: HttpRequest) -> bool:
        # Ordering again creates a report: as the statistics page's order, not a view.
        return request.user.has_perm("reports.add_report")

    def delete_model(self, request: HttpRequest, obj: Report) -> None:
        services.report_delete(report=obj, actor=acting_user(request))

    @admin.action(description=_("Fehlgeschlagene Berichte neu anfordern"), permissions=["order"])
    def order_again(self, request: HttpRequest, queryset: QuerySet[Report]) -> None:
        years = sorted(set(queryset.filter(status=Report.Status.FAILED).values_list("year", flat=True)))
        for year in years:
            services.report_order(year=year, actor=acting_user(request))
        self.message_user(
            request,
            f"{len(years)} Bericht(e) neu angefordert."
            if years
            else "Keine fehlgeschlagenen Berichte ausgewählt.",
            messages.SUCCESS if years else messages.WARNING,
        )
