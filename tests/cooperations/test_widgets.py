"""QuickSelect (the atlas's Kreis box) and QuickWidgetRenderer (the rows of the case page
in the back office) write exactly the HTML of Django's widget templates."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django import forms
from django.contrib.admin import widgets as admin_widgets
from django.forms.utils import ErrorList

from backoffice.widgets import QuickWidgetRenderer
from core.form_rendering import KernFormRenderer, QuickSelect

CHOICES = [("", "alle"), ("1", "Kassel"), ("2", 'Groß-Gerau <"&>'), ("3", "Fulda")]
ATTRS = {"id": "id_kreis", "class": "kern-form-input__select", "aria-describedby": "hilfe", "required": True}


@pytest.mark.parametrize("value", [None, "", "2", "99"])
def test_quick_select_renders_what_django_renders(value: str | None) -> None:
    django_html = forms.Select(choices=CHOICES).render("kreis", value, dict(ATTRS))
    quick_html = QuickSelect(choices=CHOICES).render("kreis", value, dict(ATTRS))
    assert quick_html == re.sub(r">\s+<", "><", django_html)  # the template only adds line breaks


def test_groups_are_left_to_django() -> None:
    grouped = [("Hessen", [("1", "Kassel")]), ("Bayern", [("2", "Hof")])]
    assert QuickSelect(choices=grouped).render("k", "2", {}) == forms.Select(choices=grouped).render(
        "k", "2", {}
    )


WIDGETS = [
    (forms.TextInput(), 'Bauhof <&">'),
    (forms.TextInput(), None),
    (forms.TextInput(), ""),
    (admin_widgets.AdminTextInputWidget(), "Aktenzeichen"),
    (admin_widgets.AdminIntegerFieldWidget(), 2024),
    (forms.NumberInput(attrs={"step": "0.01"}), Decimal("1234.50")),
    (forms.HiddenInput(), 17),
    (forms.HiddenInput(), None),
    (forms.CheckboxInput(), True),
    (forms.CheckboxInput(), False),
    (forms.DateInput(), dt.date(2024, 3, 1)),
    (admin_widgets.AdminDateWidget(), dt.date(2024, 3, 1)),
    (admin_widgets.AdminDateWidget(), None),
    (forms.Textarea(), "Zeile 1\nZeile <2>"),
    (admin_widgets.AdminTextareaWidget(), None),
    (forms.Select(choices=[("", "---"), ("a", "A & B"), ("b", "B")]), "a"),
    (forms.Select(choices=[("a", "A")]), None),
    (forms.Select(choices=[("Gruppe", [("a", "A")])]), "a"),
    (forms.EmailInput(), "a@b.de"),
]


@pytest.mark.parametrize(("widget", "value"), WIDGETS)
def test_the_quick_renderer_writes_what_the_templates_write(widget: forms.Widget, value: object) -> None:
    attrs = {"id": "id_f", "aria-label": "Feld <1>", "required": True, "disabled": False}
    templates = widget.render("f", value, dict(attrs), renderer=KernFormRenderer())
    quick = widget.render("f", value, dict(attrs), renderer=QuickWidgetRenderer())
    assert quick == templates


@pytest.mark.parametrize("errors", [[], ["Pflichtfeld."], ['Wert <"&> ungültig', "zweiter Fehler"]])
def test_the_quick_renderer_writes_error_lists_as_the_template_does(errors: list[str]) -> None:
    templates = ErrorList(errors, renderer=KernFormRenderer()).as_ul()
    quick = ErrorList(errors, renderer=QuickWidgetRenderer()).as_ul()
    assert quick == templates
    assert bool(quick) == bool(errors)
