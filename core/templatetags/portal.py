"""Template helpers for the portal's KERN UX look.

Load with ``{% load portal %}``:

- ``{{ field|kern_widget }}`` renders a form field's widget with the KERN class
  for its type; Django (≥5.2) adds ``aria-invalid`` and ``aria-describedby``
  (``<auto_id>_helptext``, ``<auto_id>_error``) itself.
- ``{{ option|kern_option }}`` renders one input of a checkbox or radio group.
- ``{% portal_nav as nav %}`` tells base.html which links the user may see.
- ``{% error_title form other_form %}`` gives "Fehler: " when a form has errors,
  for the page ``<title>`` (GOV.UK error summary pattern).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms, template
from django.core.exceptions import NON_FIELD_ERRORS
from django.forms.boundfield import BoundField, BoundWidget
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from core import formats
from core.date_parts import PARTS, DatePartsWidget

register = template.Library()


def _kern_class(field: BoundField) -> str:
    widget = field.field.widget
    error = bool(field.errors)
    if isinstance(widget, forms.CheckboxInput):
        return "kern-form-check__checkbox" + (" kern-form-check__checkbox--error" if error else "")
    if isinstance(widget, forms.Select) and not isinstance(
        widget, forms.RadioSelect | forms.CheckboxSelectMultiple
    ):
        return "kern-form-input__select" + (" kern-form-input__select--error" if error else "")
    if isinstance(widget, forms.ClearableFileInput | forms.FileInput):
        return "kern-form-input__input portal-file-input" + (
            " kern-form-input__input--error" if error else ""
        )
    return "kern-form-input__input" + (" kern-form-input__input--error" if error else "")


@register.filter
def kern_widget(field: BoundField) -> SafeString:
    existing = field.field.widget.attrs.get("class", "")
    return field.as_widget(attrs={"class": f"{_kern_class(field)} {existing}".strip()})


@register.filter
def kern_option(option: BoundWidget, kind: str = "") -> SafeString:
    """One input of a RadioSelect/CheckboxSelectMultiple, with the KERN class."""
    is_radio = option.data.get("type") == "radio"
    css = "kern-form-check__radio" if is_radio else "kern-form-check__checkbox"
    if kind == "error":
        css += " kern-form-check__radio--error" if is_radio else " kern-form-check__checkbox--error"
    attrs = dict(option.data["attrs"])
    attrs["class"] = css
    option.data = {**option.data, "attrs": attrs}
    return option.tag(wrap_label=False)


@register.filter
def widget_kind(field: BoundField) -> str:
    """'group' (checkbox/radio list in a fieldset), 'check' (one checkbox), 'select'
    (single choice list, wrapped for KERN's arrow), 'date' (Tag/Monat/Jahr), 'hidden'
    or 'input'."""
    widget = field.field.widget
    if field.is_hidden:
        return "hidden"
    if isinstance(widget, DatePartsWidget):
        return "date"
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return "group"
    if isinstance(widget, forms.CheckboxInput):
        return "check"
    if isinstance(widget, forms.Select) and not isinstance(widget, forms.SelectMultiple):
        return "select"
    return "input"


@register.simple_tag
def error_title(*forms_: Any) -> str:
    for form in forms_:
        if form is not None and getattr(form, "errors", None):
            return _("Fehler: ")
    return ""


@register.filter
def error_entries(form: forms.BaseForm) -> list[tuple[str, str]]:
    """(anchor id, message) pairs for the error summary: every field error links
    to its input (the first option of a group), non-field errors link to the form."""
    entries: list[tuple[str, str]] = [("", str(error)) for error in form.non_field_errors()]
    # In the order of the fields on the page, not the order the checks ran in.
    order = {name: i for i, name in enumerate(form.fields)}
    field_errors = sorted(
        ((name, errors) for name, errors in form.errors.items() if name != NON_FIELD_ERRORS),
        key=lambda item: order.get(item[0], len(order)),
    )
    for name, errors in field_errors:
        bound = form[name]
        anchor = bound.auto_id or ""
        if anchor and widget_kind(bound) == "group":
            anchor = f"{anchor}_0"
        elif anchor and widget_kind(bound) == "date":
            anchor = f"{anchor}_tag"  # the Tag field first (GOV.UK dates)
        entries.extend((anchor, str(message)) for message in errors)
    return entries


@register.filter
def nav_current(path: str, url: str | None) -> SafeString:
    """' aria-current="page"' for the header link of the section the user is in."""
    from django.utils.safestring import mark_safe

    if not url or not path:
        return mark_safe("")
    current = path == url if url == "/" else path.startswith(url)
    return mark_safe(' aria-current="page"' if current else "")  # noqa: S308


@register.filter
def date_parts(field: BoundField) -> list[dict[str, Any]]:
    """The three inputs of a DatePartsField: label, id, name, what the user typed."""
    widget = field.field.widget
    value = field.value()
    typed = value if isinstance(value, list | tuple) else widget.decompress(value)
    return [
        {
            "label": _(label),
            "id": f"{field.auto_id}_{key}",
            "name": f"{field.html_name}_{key}",
            "value": "" if typed[i] is None else typed[i],
            "width": width,
        }
        for i, (key, label, width) in enumerate(PARTS)
    ]


@register.filter
def euro(value: Decimal | int | None, places: int = 2) -> str:
    """{{ amount|euro }} → 1.234,56 € ({{ amount|euro:0 }} → whole euros); empty for None."""
    return formats.euro(value, places)


@register.filter
def number(value: Decimal | int | None, places: int = 0) -> str:
    """{{ count|number }} → 1.234; a dash for None."""
    return formats.DASH if value is None else formats.number(value, places)


@register.filter
def percent(value: Decimal | int | None, places: int | str = 1) -> str:
    """{{ share|percent }} → 12,5 %; {{ rate|percent:"exact" }} → 62,5 % / 15 %; a dash for None."""
    return formats.percent(value, None if places == "exact" else int(places))
