"""Widgets of the back office: Select2 boxes with an accessible name, selects and
raw-id boxes that show the object their row already loaded, and the quick renderer
that writes the plain widgets of the case page in Python."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from django import forms
from django.contrib.admin.widgets import AutocompleteSelect, ForeignKeyRawIdWidget
from django.forms.models import ModelChoiceIterator
from django.urls import NoReverseMatch, reverse
from django.utils.html import conditional_escape as esc
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from core.form_rendering import KernFormRenderer, attrs_html, options_html
from core.parse import parse_ids


class NamedAutocompleteSelect(AutocompleteSelect):
    """Django's Select2 box with a visible placeholder: an empty box otherwise has
    no accessible name (axe: aria-input-field-name)."""

    placeholder = ""

    @property
    def media(self) -> forms.Media:
        # Select2 leaves an empty box without a name; static/js/select2-names.js names it.
        return super().media + forms.Media(js=["js/select2-names.js"])

    def build_attrs(self, base_attrs: Any, extra_attrs: Any = None) -> dict[str, Any]:
        attrs = super().build_attrs(base_attrs, extra_attrs=extra_attrs)
        attrs["data-placeholder"] = self.placeholder
        return attrs

    def optgroups(self, name: str, value: Any, attr: Any = None) -> Any:
        # Django looks the posted value up as it came (`grant=abc`, `²`): a ValueError.
        # What is no ASCII id selects nothing; the field's own error says why.
        return super().optgroups(name, [str(pk) for pk in parse_ids(value or [])], attr)


def name_autocomplete(formfield: Any, db_field: Any) -> Any:
    if formfield is None:
        return formfield
    widget: Any = getattr(formfield.widget, "widget", formfield.widget)
    if type(widget) is AutocompleteSelect:
        widget.__class__ = NamedAutocompleteSelect
        widget.placeholder = f"{db_field.verbose_name} suchen …"  # type: ignore[attr-defined]
    return formfield


class FetchedChoiceIterator(ModelChoiceIterator):
    """The options of a model select read with one plain query. Django's iterator reads
    them through queryset.iterator(), on PostgreSQL a server-side cursor (DECLARE … WITH
    HOLD, FETCH, CLOSE): for the 12 fields of action and the two dozen advisers of the
    case page 1.5 and 14 ms instead of 0.6 and 4 nationwide. Only for short lists."""

    def __iter__(self) -> Iterator[Any]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)


def fetched_choices(formfield: Any) -> Any:
    if isinstance(formfield, forms.ModelChoiceField):
        formfield.iterator = FetchedChoiceIterator
        formfield.widget.choices = formfield.choices  # the widget took Django's iterator already
    return formfield


class KnownLabelAutocompleteSelect(NamedAutocompleteSelect):
    """The Select2 box of an inline row that shows the selected object the row already
    loaded (select_related) instead of asking the database once per row."""

    known: dict[str, Any] = {}  # replaced per form, never mutated

    def optgroups(self, name: str, value: Any, attr: Any = None) -> Any:
        field = self.choices.field  # type: ignore[attr-defined]
        selected = {str(v) for v in value if str(v) not in field.empty_values}
        if not selected or not selected <= self.known.keys():
            return super().optgroups(name, value, attr)
        options: list[Any] = []
        if not self.is_required:
            options.append(self.create_option(name, "", "", False, 0))
        for key in sorted(selected):
            obj = self.known[key]
            options.append(self.create_option(name, key, field.label_from_instance(obj), True, len(options)))
        return [(None, options, 0)]


class KnownLabelRawIdWidget(ForeignKeyRawIdWidget):
    """A raw-id box whose label comes from the object the row already loaded."""

    known: dict[str, Any] = {}  # replaced per form, never mutated

    def label_and_url_for_value(self, value: Any) -> tuple[str, str]:
        obj = self.known.get(str(value))
        if obj is None:
            return super().label_and_url_for_value(value)
        try:
            url = reverse(
                f"{self.admin_site.name}:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk]
            )
        except NoReverseMatch:
            url = ""
        return Truncator(obj).words(14), url


class DocumentFileInput(forms.ClearableFileInput):
    """The file box of a stored document: „Derzeit: <name>“ links to the checked, audited
    download view of the back office (`admin:<app>_<model>_download`), never to /media/,
    which is not served (uploads are private). Written here rather than as a template:
    the form renderer finds only Django's own widget templates."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        upload = format_html(
            '<input type="file" name="{}"{}>', name, attrs_html(self.build_attrs(self.attrs, attrs))
        )
        instance = getattr(value, "instance", None)
        if not self.is_initial(value) or instance is None or instance.pk is None:
            return upload
        opts = instance._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_download", args=[instance.pk])
        label = getattr(instance, "original_name", "") or value.name
        return format_html(
            '<p class="file-upload">Derzeit: <a href="{}">{}</a><br>Ersetzen: {}</p>', url, label, upload
        )


KNOWN_LABEL_WIDGETS: dict[type, type] = {
    NamedAutocompleteSelect: KnownLabelAutocompleteSelect,
    ForeignKeyRawIdWidget: KnownLabelRawIdWidget,
}


def _input(widget: dict[str, Any]) -> SafeString:
    # django/forms/widgets/input.html (text, number, date, hidden, checkbox, …)
    value = "" if widget["value"] is None else f' value="{esc(widget["value"])}"'
    return mark_safe(  # noqa: S308 - every part escaped above
        f'<input type="{esc(widget["type"])}" name="{esc(widget["name"])}"{value}{attrs_html(widget["attrs"])}>'
    )


def _textarea(widget: dict[str, Any]) -> SafeString:
    # django/forms/widgets/textarea.html: a line break after the opening tag
    text = esc(widget["value"]) if widget["value"] else ""
    html = f'<textarea name="{esc(widget["name"])}"{attrs_html(widget["attrs"])}>\n{text}</textarea>'
    return mark_safe(html)  # noqa: S308 - every part escaped above


def _admin_date(widget: dict[str, Any]) -> SafeString:
    # admin/widgets/date.html around django/forms/widgets/date.html
    return mark_safe(f'<p class="date">\n  {_input(widget)}\n\n\n</p>')  # noqa: S308


def _select(
    widget: dict[str, Any],
    option: str = '\n  <option value="{}"{}>{}</option>\n',  # the option template ends with a line break
    end: str = "\n",
) -> SafeString | None:
    groups = widget["optgroups"]
    if any(group_name for group_name, _options, _index in groups):
        return None  # <optgroup>s: Django's template
    options = options_html(groups, option)
    html = f'<select name="{esc(widget["name"])}"{attrs_html(widget["attrs"])}>{options}{end}</select>'
    return mark_safe(html)  # noqa: S308 - every part escaped above


QUICK_TEMPLATES: dict[str, Callable[[dict[str, Any]], SafeString | None]] = {
    **{
        f"django/forms/widgets/{kind}.html": _input
        for kind in (
            "input",
            "text",
            "number",
            "email",
            "url",
            "password",
            "hidden",
            "date",
            "time",
            "checkbox",
        )
    },
    "django/forms/widgets/textarea.html": _textarea,
    "django/forms/widgets/select.html": _select,
    "admin/widgets/date.html": _admin_date,
}


# Every field of an admin form renders its error list, nearly always empty.
ERROR_LIST = "django/forms/errors/list/ul.html"


class QuickWidgetRenderer(KernFormRenderer):
    """The project's form renderer, but the plain widgets of QUICK_TEMPLATES are written
    in Python with exactly the HTML of their Django templates (tests/cooperations/
    test_widgets.py compares them). The back office's case page has some 400 of them in
    its inline rows, whose template rendering was most of the page's time; an empty
    error list (about 200 per case page) is the empty string its template writes."""

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        write = QUICK_TEMPLATES.get(template_name)
        if write is not None and "widget" in context:
            html = write(context["widget"])
            if html is not None:
                return html
        if template_name == ERROR_LIST and not context.get("errors"):
            return ""
        return super().render(template_name, context, request)


QUICK_WIDGETS = QuickWidgetRenderer()
