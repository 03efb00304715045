"""Widgets of the cooperations pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.utils.html import conditional_escape as esc
from django.utils.safestring import SafeString, mark_safe

from ikz_portal.form_rendering import KernFormRenderer


def _attrs(attrs: dict[str, Any]) -> str:
    """Like django/forms/widgets/attrs.html: in order, True as a bare name, False left out."""
    return "".join(
        f" {esc(name)}" if value is True else f' {esc(name)}="{esc(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _options(groups: list[Any], line: str) -> str:
    return "".join(
        line.format(esc(option["value"]), _attrs(option["attrs"]), esc(option["label"]))
        for _group, options, _index in groups
        for option in options
    )


class QuickSelect(forms.Select):
    """Django's <select> markup, the options written in Python straight from the choices
    (same HTML, without Django's dict of attributes per option and one template include
    each): the atlas's Kreis box has some 400 options nationwide, 5.6 ms per page even
    with the optgroups of get_context, under 1 ms like this."""

    def render(self, name: str, value: Any, attrs: Any = None, renderer: Any = None) -> SafeString:
        choices = list(self.choices)
        if any(isinstance(label, list | tuple) for _value, label in choices):
            return super().render(name, value, attrs, renderer)  # <optgroup>s: Django's template
        final_attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            final_attrs["multiple"] = True
        wanted = self.format_value(value)
        options: list[str] = []
        chosen = False
        for option_value, label in choices:
            # As ChoiceWidget.optgroups: a single select marks only the first match.
            option_value = "" if option_value is None else option_value
            selected = (not chosen or self.allow_multiple_selected) and str(option_value) in wanted
            chosen |= selected
            options.append(
                f'<option value="{esc(option_value)}"{" selected" if selected else ""}>{esc(str(label))}</option>'
            )
        return mark_safe(f'<select name="{esc(name)}"{_attrs(final_attrs)}>{"".join(options)}</select>')  # noqa: S308


def _input(widget: dict[str, Any]) -> SafeString:
    # django/forms/widgets/input.html (text, number, date, hidden, checkbox, …)
    value = "" if widget["value"] is None else f' value="{esc(widget["value"])}"'
    return mark_safe(  # noqa: S308 - every part escaped above
        f'<input type="{esc(widget["type"])}" name="{esc(widget["name"])}"{value}{_attrs(widget["attrs"])}>'
    )


def _textarea(widget: dict[str, Any]) -> SafeString:
    # django/forms/widgets/textarea.html: a line break after the opening tag
    text = esc(widget["value"]) if widget["value"] else ""
    return mark_safe(f'<textarea name="{esc(widget["name"])}"{_attrs(widget["attrs"])}>\n{text}</textarea>')  # noqa: S308


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
    options = _options(groups, option)
    return mark_safe(f'<select name="{esc(widget["name"])}"{_attrs(widget["attrs"])}>{options}{end}</select>')  # noqa: S308


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
