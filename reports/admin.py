from __future__ import annotations

from django.contrib import admin

from .models import Report


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    """Read-only view of the report pipeline, so failures and their messages are visible."""

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

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False
