"""The mail outbox in the back office: what left the portal by mail and what did not."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from backoffice.admins import ReadOnlyModelAdmin
from core.models import OutboxMail


class DeliveryFilter(admin.SimpleListFilter):
    title = _("Versand")
    parameter_name = "versand"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("offen", _("nicht versandt")), ("versandt", _("versandt"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[OutboxMail]) -> QuerySet[OutboxMail]:
        if self.value() == "offen":
            return queryset.filter(sent_at__isnull=True)
        if self.value() == "versandt":
            return queryset.filter(sent_at__isnull=False)
        return queryset


@admin.register(OutboxMail)
class OutboxMailAdmin(ReadOnlyModelAdmin):
    """What left the portal by mail, and what did not (with the last error). Read-only:
    the worker and the sweep (core/tasks.py) are the only writers."""

    list_display = ["created_at", "to", "subject", "sent_at", "attempts", "last_error"]
    list_filter = [DeliveryFilter]
    search_fields = ["to", "subject"]
    date_hierarchy = "created_at"
    show_full_result_count = False
