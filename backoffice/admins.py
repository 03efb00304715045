"""Base classes of the model admins: audited (history shown, never restored) and
read-only records, and the paginator of the big lists."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import connections, transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.functional import cached_property
from simple_history.admin import SimpleHistoryAdmin

from core.parse import parse_id, parse_ids

from .history import GermanHistoryHelper
from .money import MoneyFieldsMixin
from .widgets import name_autocomplete

HISTORY_READ_ONLY = "Die Historie ist ein Nachweis und kann nicht zurückgespielt werden."
NOT_SAVED = "Nichts wurde gespeichert: {reason}"
NOT_DELETED = "Nichts wurde gelöscht: {reason}"


class ServiceWritesMixin:
    """The admin's saves call the apps' services, which check their rules again under a
    row lock. The forms show the same rules beside the fields first; what only the lock
    can see (another adviser saved in between) arrives here as a ValidationError: the
    whole save is rolled back (it left the admin's transaction) and the page says why."""

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)  # type: ignore[misc]
        except ValidationError as exc:
            messages.error(request, NOT_SAVED.format(reason=" ".join(exc.messages)))
            return HttpResponseRedirect(request.get_full_path())

    def delete_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        # A delete the service refuses (a case with messages, a field of action in use):
        # back to the record's page with the reason, not to „Ja, ich bin sicher“ again.
        try:
            return super().delete_view(request, object_id, extra_context)  # type: ignore[misc]
        except ValidationError as exc:
            messages.error(request, NOT_DELETED.format(reason=" ".join(exc.messages)))
            opts = self.opts  # type: ignore[attr-defined]
            change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[object_id])
            return HttpResponseRedirect(change)

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        # The same for „Ausgewählte … löschen“ and the other actions that call services.
        try:
            return super().changelist_view(request, extra_context)  # type: ignore[misc]
        except ValidationError as exc:
            messages.error(request, NOT_SAVED.format(reason=" ".join(exc.messages)))
            return HttpResponseRedirect(request.get_full_path())

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        """„Ausgewählte … löschen“ deletes row by row through the admin's delete_model
        (its service) instead of one bulk DELETE of the queryset: all or none."""
        with transaction.atomic():
            for obj in queryset:
                self.delete_model(request, obj)  # type: ignore[attr-defined]


def formset_saved(formset: Any, *, new: list[Any], changed: list[Any], deleted: list[Any]) -> None:
    """What the admin's change message reads from a formset saved by services instead of
    formset.save(): its new, changed (with the changed fields) and deleted objects."""
    formset.new_objects, formset.changed_objects, formset.deleted_objects = new, changed, deleted


def parsed_initial(model_admin: admin.ModelAdmin[Any], initial: dict[str, Any]) -> dict[str, Any]:
    """The add form's `?field=value` prefill with every relation that is not an ASCII id
    dropped: the autocomplete widgets query with the raw text (`grant=abc`, `²`, twenty
    digits) and a hand-edited link must give an empty field, not a 500."""
    cleaned = dict(initial)
    for name, value in initial.items():
        try:
            field = model_admin.model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if not field.is_relation:
            continue
        if isinstance(value, list):
            cleaned[name] = [str(pk) for pk in parse_ids(value)]
        elif isinstance(value, str) and parse_id(value) is None:
            del cleaned[name]
    return cleaned


class AuditedAdmin(ServiceWritesMixin, MoneyFieldsMixin, SimpleHistoryAdmin):
    """Shows the django-simple-history trail of a record (who, when, what) and never
    lets anyone restore or edit a historical version: with the setting
    SIMPLE_HISTORY_REVERT_DISABLED the library hides the button but still accepts a POST."""

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        return name_autocomplete(super().formfield_for_foreignkey(db_field, request, **kwargs), db_field)

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        return parsed_initial(self, super().get_changeform_initial_data(request))

    def get_historical_record_context_helper(self, request: HttpRequest, historical_record: Any) -> Any:
        return GermanHistoryHelper(self.model, historical_record)

    def history_view_title(self, request: HttpRequest, obj: Any) -> str:
        return f"Verlauf: {obj}"

    def history_form_view(
        self,
        request: HttpRequest,
        object_id: str,
        version_id: str,
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        if request.method == "POST":
            raise PermissionDenied(HISTORY_READ_ONLY)
        return super().history_form_view(request, object_id, version_id, extra_context)


class ReadOnlyModelAdmin(admin.ModelAdmin):
    """A record that is kept, not edited: the audit trails, the register imports, the
    mail outbox. Listed and viewed with the view permission; nobody adds, changes or
    deletes a row here (the services that write them are the only writers)."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class EstimatedCountPaginator(Paginator):
    """For the big lists: on an unfiltered table past `exact_below` rows
    the page count uses the planner's estimate (pg_class.reltuples, kept by
    autovacuum) instead of a COUNT(*) over 100,000 rows on every page view."""

    exact_below = 20_000

    @cached_property
    def count(self) -> int:
        qs = self.object_list
        if isinstance(qs, QuerySet) and not qs.query.where and not qs.query.distinct:
            conn = connections[qs.db]
            # One query either way (the same count of queries for 500 and 500,000 rows):
            # the estimate when the table is big, else the exact count.
            table = qs.model._meta.db_table
            # Only the model's own (quoted) table name goes into the text.
            sql = (
                "SELECT CASE WHEN c.reltuples >= %s THEN c.reltuples::bigint"  # noqa: S608
                f" ELSE (SELECT count(*) FROM {conn.ops.quote_name(table)}) END"
                " FROM pg_class c WHERE c.oid = %s::regclass"
            )
            with conn.cursor() as cursor:
                cursor.execute(sql, [max(self.exact_below, 1), table])
                row = cursor.fetchone()
            if row is not None:
                return int(row[0])
        return super().count
