"""The shared KERN form rendering every form of the portal uses."""

from __future__ import annotations

from django import forms
from django.template import Context, Template


class SampleForm(forms.Form):
    name = forms.CharField(label="Name", help_text="Vor- und Nachname", max_length=5)
    kinds = forms.MultipleChoiceField(
        label="Art", choices=[("a", "A"), ("b", "B")], widget=forms.CheckboxSelectMultiple
    )
    agree = forms.BooleanField(label="Einverstanden")
    topic = forms.ChoiceField(label="Thema", choices=[("", "Bitte wählen"), ("x", "X")], required=False)


def render(source: str, form: forms.Form) -> str:
    return Template("{% load portal %}" + source).render(Context({"form": form}))


def test_a_text_field_ties_hint_and_error_to_the_input_by_id() -> None:
    form = SampleForm(data={"name": "<b>zu lang</b>"})
    form.is_valid()
    html = render('{% include "includes/_field.html" with field=form.name %}', form)
    assert '<label class="kern-label" for="id_name">Name</label>' in html
    assert '<div class="kern-hint" id="id_name_helptext">Vor- und Nachname</div>' in html
    assert 'aria-describedby="id_name_helptext id_name_error"' in html
    assert 'aria-invalid="true"' in html
    assert 'class="kern-form-input__input kern-form-input__input--error"' in html
    assert '<p class="kern-error" id="id_name_error">' in html
    assert 'value="&lt;b&gt;zu lang&lt;/b&gt;"' in html


def test_a_checkbox_list_is_a_fieldset_with_legend_described_by_its_error() -> None:
    form = SampleForm(data={})
    form.is_valid()
    html = render('{% include "includes/_field.html" with field=form.kinds %}', form)
    assert (
        '<fieldset class="kern-fieldset kern-fieldset--error portal-field" aria-describedby="id_kinds_error">'
        in html
    )
    assert '<legend class="kern-label">Art</legend>' in html
    assert 'id="id_kinds_0"' in html
    assert 'class="kern-form-check__checkbox kern-form-check__checkbox--error"' in html
    assert '<label class="kern-label" for="id_kinds_1">B</label>' in html


def test_optional_fields_say_so_and_selects_get_the_kern_wrapper() -> None:
    html = render('{% include "includes/_field.html" with field=form.topic %}', SampleForm())
    assert '<span class="kern-label__optional">– optional</span>' in html
    assert (
        '<div class="kern-form-input__select-wrapper"><select name="topic" class="kern-form-input__select"'
        in html
    )


def test_rendering_a_whole_form_uses_the_same_snippet() -> None:
    html = str(SampleForm())
    assert html.count('class="kern-label"') >= 4
    assert '<fieldset class="kern-fieldset' in html
    assert str(SampleForm()["name"].as_field_group()).strip().startswith('<div class="kern-form-input')


def test_the_error_summary_links_each_message_to_its_field() -> None:
    form = SampleForm(data={"name": "viel zu lang"})
    form.is_valid()
    form.add_error(None, "Gesamtfehler")
    html = render('{% include "includes/_error_summary.html" with form=form %}', form)
    assert 'tabindex="-1" data-error-summary' in html
    assert "Es gibt ein Problem" in html
    assert f'<a class="kern-link" href="#id_name">{form.errors["name"][0]}</a>' in html
    assert 'href="#id_kinds_0"' in html  # first box of the group
    assert "<li>Gesamtfehler</li>" in html


def test_the_error_summary_is_empty_without_errors() -> None:
    form = SampleForm()
    assert render('{% include "includes/_error_summary.html" with form=form %}', form).strip() == ""


def test_the_title_prefix_appears_only_with_errors() -> None:
    bad = SampleForm(data={})
    bad.is_valid()
    assert render("{% error_title form %}", bad) == "Fehler: "
    assert render("{% error_title form %}", SampleForm()) == ""
