"""The inlines of the back office: rows with accessible names, rows that cost no query
each (the case page), the newest rows of a growing list with a link to all of them,
and read-only rows shown as a plain table."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import display_for_field
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.db.models import BooleanField, Count, IntegerField, OuterRef, Q, QuerySet, Subquery, TextField
from django.http import HttpRequest
from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.text import capfirst

from core.parse import parse_ids

from .money import MoneyFieldsMixin
from .widgets import (
    KNOWN_LABEL_WIDGETS,
    QUICK_WIDGETS,
    KnownLabelAutocompleteSelect,
    KnownLabelRawIdWidget,
    name_autocomplete,
)


class LabelledTabularInline(MoneyFieldsMixin, admin.TabularInline):
    """Tabular rows have column headings but no <label>: give every input its field
    name as accessible name (WCAG 1.3.1/4.1.2, found by axe)."""

    def formfield_for_dbfield(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        formfield: Any = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None and getattr(db_field, "verbose_name", None):
            widget = formfield.widget
            target: Any = getattr(widget, "widget", widget)  # the select inside a related-object wrapper
            target.attrs.setdefault("aria-label", str(db_field.verbose_name))
        return name_autocomplete(formfield, db_field)

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        base = super().get_formset(request, obj, **kwargs)

        class LabelledFormSet(base):  # type: ignore[valid-type,misc]
            def add_fields(self, form: Any, index: Any) -> None:
                super().add_fields(form, index)
                if "DELETE" in form.fields:
                    form.fields["DELETE"].widget.attrs["aria-label"] = "Zeile löschen"

        return LabelledFormSet


class PreloadedInline(LabelledTabularInline):
    """An inline whose rows cost no query each: the related objects shown (readonly
    names, str() of the row, selected option of a Select2 or raw-id box) come with
    the rows (`select_related`), so the case page needs as many queries for 50 rows
    as for one."""

    select_related: tuple[str, ...] = ()

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return super().get_queryset(request).select_related(*self.select_related)

    def formfield_for_dbfield(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None and isinstance(formfield.widget, RelatedFieldWidgetWrapper):
            # No edit/add/delete/view icons under the municipality or programme of every
            # row: the rows stay one line high, and the catalogue is edited on its own pages
            # (a grant's full page keeps them). The wrapper was a tenth of the page's time.
            formfield.widget = formfield.widget.widget
        if formfield is not None:
            widget: Any = getattr(formfield.widget, "widget", formfield.widget)
            if type(widget) in KNOWN_LABEL_WIDGETS:
                widget.__class__ = KNOWN_LABEL_WIDGETS[type(widget)]
        return formfield

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        base = super().get_formset(request, obj, **kwargs)

        class KnownLabelsFormSet(base):  # type: ignore[valid-type,misc]
            renderer = QUICK_WIDGETS  # the rows' plain widgets without a template each

            @cached_property
            def empty_form(self) -> Any:  # built once, not for each of the admin's three reads
                return super().empty_form

            def add_fields(self, form: Any, index: Any) -> None:
                super().add_fields(form, index)
                instance = form.instance
                for name, field in form.fields.items():
                    widget = getattr(field.widget, "widget", field.widget)
                    if not isinstance(widget, (KnownLabelAutocompleteSelect, KnownLabelRawIdWidget)):
                        continue
                    model_field = instance._meta.get_field(name)
                    related = model_field.get_cached_value(instance, None)
                    if related is not None:
                        widget.known = {str(related.pk): related}

        return KnownLabelsFormSet


class NewestRowsInline(PreloadedInline):
    """An inline that grows for as long as a case lives (activities, messages, documents,
    history): the case page shows only its newest rows and, under them, a link to the
    list of all rows of this case. Every row shown is a form, and the page's time grew
    with them (about 2 ms per activity row nationwide, issue #6).

    The window is `pk IN (newest n)`, never a slice: the formset filters its queryset
    again when it saves. A posted page also keeps the rows it showed, so an edit to the
    oldest row still saves when a colleague added a newer one in between; the rows
    outside the window are not in the form and stay as they are."""

    newest = 10
    newest_first: tuple[str, ...] = ("-created_at", "-pk")
    older_one = ""  # "1 {older_one} – alle anzeigen"
    older_many = ""  # "12 {older_many} – alle anzeigen"
    template = "admin/cooperations/cooperation/edit_inline/tabular_newest.html"

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        base = super().get_formset(request, obj, **kwargs)
        inline = self

        class NewestRowsFormSet(base):  # type: ignore[valid-type,misc]
            def get_queryset(self) -> QuerySet[Any]:
                if not hasattr(self, "_queryset"):
                    rows = super().get_queryset()  # this case's rows in the inline's order
                    window = Q(pk__in=rows.order_by(*inline.newest_first).values("pk")[: inline.newest])
                    if self.is_bound:
                        window |= Q(pk__in=self.posted_pks())
                    # The count of all rows comes with each row: no query of its own.
                    all_rows = (
                        self.model._default_manager.filter(**{self.fk.name: OuterRef(self.fk.name)})
                        .order_by()
                        .values(self.fk.name)
                        .annotate(n=Count("pk"))
                        .values("n")
                    )
                    self._queryset = rows.filter(window).annotate(
                        rows_of_case=Subquery(all_rows, output_field=IntegerField())
                    )
                return self._queryset

            def posted_pks(self) -> list[int]:
                pk_name = self.model._meta.pk.name
                posted = (
                    self.data.get(f"{self.add_prefix(i)}-{pk_name}") for i in range(self.initial_form_count())
                )
                return parse_ids(pk for pk in posted if pk)

            def older(self) -> dict[str, Any] | None:
                shown = self.get_queryset()
                if self.instance.pk is None or not shown:
                    return None
                hidden = shown[0].rows_of_case - len(shown)
                if hidden <= 0:
                    return None
                opts = self.model._meta
                return {
                    "text": f"{hidden} {inline.older_one if hidden == 1 else inline.older_many} – alle anzeigen",
                    "url": reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
                    + f"?{self.fk.name}__id__exact={self.instance.pk}",
                }

        return NewestRowsFormSet


class ReadOnlyRowsInline(NewestRowsInline):
    """A record shown, never edited here (messages, history): its rows as a plain table
    of their values, without a form each. The formset posts no rows (0 of 0), so saving
    the case page cannot touch them. Row forms and the admin's read-only cells cost
    about 3,700 Python calls per row, the table a tenth of that."""

    can_delete = False
    template = "admin/cooperations/cooperation/edit_inline/readonly_rows.html"

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        base = super().get_formset(request, obj, **kwargs)
        names = [str(name) for name in self.fields or ()]

        class ReadOnlyRowsFormSet(base):  # type: ignore[valid-type,misc]
            def initial_form_count(self) -> int:
                return super().initial_form_count() if self.is_bound else 0

            def columns(self) -> list[tuple[str, str]]:
                return [(name, capfirst(self.model._meta.get_field(name).verbose_name)) for name in names]

            def rows(self) -> list[list[tuple[str, str]]]:
                return [[(name, cell(obj, name)) for name in names] for obj in self.get_queryset()]

        return ReadOnlyRowsFormSet


def cell(obj: Any, name: str) -> str:
    """A value as the admin's read-only fields show it, booleans as ja/nein."""
    field = obj._meta.get_field(name)
    value = getattr(obj, name)
    if value is None or value == "":
        return "–"
    if isinstance(field, BooleanField):
        return "ja" if value else "nein"
    if isinstance(field, TextField):
        return linebreaksbr(value, autoescape=True)
    return display_for_field(value, field, "–")
