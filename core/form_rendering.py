"""Every form of the portal renders in KERN UX markup (templates/includes/); QuickSelect
writes the long selects of the portal (the atlas's Kreis box) without a template each."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.renderers import DjangoTemplates
from django.template.loader import get_template
from django.utils.html import conditional_escape as esc
from django.utils.safestring import SafeString, mark_safe


class KernFormRenderer(DjangoTemplates):
    """Django's own widget templates, but the form and field layout from the
    project's templates/includes/ (found through the project template engine)."""

    form_template_name = "includes/_form.html"
    field_template_name = "includes/_field.html"

    def get_template(self, template_name: str) -> Any:
        if template_name.startswith("includes/"):
            return get_template(template_name)
        return super().get_template(template_name)


def attrs_html(attrs: dict[str, Any]) -> str:
    """Like django/forms/widgets/attrs.html: in order, True as a bare name, False left out."""
    return "".join(
        f" {esc(name)}" if value is True else f' {esc(name)}="{esc(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def options_html(groups: list[Any], line: str) -> str:
    return "".join(
        line.format(esc(option["value"]), attrs_html(option["attrs"]), esc(option["label"]))
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
        return mark_safe(f'<select name="{esc(name)}"{attrs_html(final_attrs)}>{"".join(options)}</select>')  # noqa: S308
