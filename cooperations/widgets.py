"""Widgets of the cooperations pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from ikz_portal.form_rendering import KernFormRenderer


def _attrs(attrs: dict[str, Any]) -> SafeString:
    """Like django/forms/widgets/attrs.html: in order, True as a bare name, False left out."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value),)
            for name, value in attrs.items()
            if value is not False
        ),
    )


class QuickSelect(forms.Select):
    """Django's <select> markup, the options written in Python instead of one template
    include each (same HTML): the atlas's Kreis box has some 400 options nationwide,
    which cost more to render than the rest of the page."""

    def render(self, name: str, value: Any, attrs: Any = None, renderer: Any = None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        groups = widget["optgroups"]
        if any(group_name for group_name, _options, _index in groups):
            return super().render(name, value, attrs, renderer)
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option["value"], _attrs(option["attrs"]), option["label"])
                for _g, opts, _i in groups
                for option in opts
            ),
        )
        return format_html(
            '<select name="{}"{}>{}</select>', widget["name"], _attrs(widget["attrs"]), options
        )


def _value_attr(value: Any) -> SafeString:
    return format_html(' value="{}"', value) if value is not None else SafeString("")


def _input(widget: dict[str, Any]) -> SafeString:
    # django/forms/widgets/input.html (text, number, date, hidden, checkbox, …)
    return format_html(
        '<input type="{}" name="{}"{}{}>',
        widget["type"],
        widget["name"],
        _value_attr(widget["value"]),
        _attrs(widget["attrs"]),
    )


def _textarea(widget: dict[str, Any]) -> SafeString:
    # django/forms/widgets/textarea.html: a line break after the opening tag
    return format_html(
        '<textarea name="{}"{}>\n{}</textarea>',
        widget["name"],
        _attrs(widget["attrs"]),
        widget["value"] or "",
    )


def _admin_date(widget: dict[str, Any]) -> SafeString:
    # admin/widgets/date.html around django/forms/widgets/date.html
    return format_html('<p class="date">\n  {}\n\n\n</p>', _input(widget))


def _select(widget: dict[str, Any]) -> SafeString | None:
    groups = widget["optgroups"]
    if any(group_name for group_name, _options, _index in groups):
        return None  # <optgroup>s: Django's template
    options = format_html_join(
        "",
        '\n  <option value="{}"{}>{}</option>\n',  # the option template ends with a line break
        (
            (option["value"], _attrs(option["attrs"]), option["label"])
            for _g, opts, _i in groups
            for option in opts
        ),
    )
    return format_html('<select name="{}"{}>{}\n</select>', widget["name"], _attrs(widget["attrs"]), options)


QUICK_TEMPLATES = {
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


class QuickWidgetRenderer(KernFormRenderer):
    """The project's form renderer, but the plain widgets of QUICK_TEMPLATES are written
    in Python with exactly the HTML of their Django templates (tests/cooperations/
    test_widgets.py compares them). The back office's case page has some 400 of them in
    its inline rows, whose template rendering was most of the page's time."""

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        write = QUICK_TEMPLATES.get(template_name)
        if write is not None and "widget" in context:
            html = write(context["widget"])
            if html is not None:
                return html
        return super().render(template_name, context, request)
