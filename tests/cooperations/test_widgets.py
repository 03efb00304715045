"""QuickSelect (the atlas's Kreis box) writes exactly the HTML of Django's select template."""

from __future__ import annotations

import re

import pytest
from django import forms

from cooperations.widgets import QuickSelect

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
