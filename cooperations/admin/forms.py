"""Forms of the case page's intermediate pages: status change, assignment, next step,
message to the municipality; and the case form itself."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.selectors import staff_advisers
from backoffice.widgets import QUICK_WIDGETS

from .. import services
from ..models import Status


class TransitionForm(forms.Form):
    to = forms.ChoiceField(label=_("neuer Status"), choices=Status.choices)
    reason = forms.CharField(
        label=_("Begründung"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=_("Pflicht bei „zurückgezogen“ und „ruhend“; erscheint im Verlauf."),
    )


class AssignForm(forms.Form):
    adviser = forms.ModelChoiceField(
        label=_("Beraterin / Berater"), queryset=User.objects.none(), required=False, empty_label="niemand"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["adviser"].queryset = staff_advisers()  # type: ignore[attr-defined]


class NextStepForm(forms.Form):
    due = forms.DateField(
        label=_("nächster Schritt fällig am"),
        input_formats=["%d.%m.%Y", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    step = forms.CharField(label=_("nächster Schritt"), max_length=200, required=False)


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Nachricht an die Kommune"),
        widget=forms.Textarea(attrs={"rows": 5, "cols": 70}),
        max_length=services.MESSAGE_LIMIT,
        help_text=_("Die Kommune sieht die Nachricht in „Meine Vorgänge“ und bekommt eine E-Mail mit Link."),
    )


class CaseForm(forms.ModelForm):
    """The case's own fields through the quick renderer as well: the selects of
    advisers and fields of action write their options in Python."""

    default_renderer = QUICK_WIDGETS
