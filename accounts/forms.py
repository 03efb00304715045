from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from contacts.models import Municipality
from contacts.services import MEMBERSHIP_NONE_CHOSEN
from core.parse import IdMultipleChoiceField

TOO_LONG = "Der Text darf höchstens %(limit_value)d Zeichen lang sein (jetzt %(show_value)d)."


class MembershipRequestForm(forms.Form):
    q = forms.CharField(
        label=_("Kommune suchen"),
        help_text=_(
            "Name oder Amtlicher Gemeindeschlüssel (AGS, 8 Ziffern), z. B. „Kassel“ oder „06611000“."
        ),
        required=False,
        max_length=100,
        error_messages={"max_length": TOO_LONG},
    )
    municipalities = IdMultipleChoiceField(
        label=_("Kommunen, für die Sie handeln"),
        queryset=Municipality.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": MEMBERSHIP_NONE_CHOSEN, "invalid_choice": MEMBERSHIP_NONE_CHOSEN},
    )
    function = forms.CharField(
        label=_("Ihre Funktion in der Kommune"),
        help_text=_("Zum Beispiel „Hauptamtsleitung“ oder „Bürgermeisterin“."),
        max_length=200,
        required=False,
        error_messages={"max_length": TOO_LONG},
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    note = forms.CharField(
        label=_("Nachricht an die Beratung"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": TOO_LONG},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipalities"].queryset = Municipality.objects.current()  # type: ignore[attr-defined]


class SignupNamesForm(forms.Form):
    """Extra fields of allauth's sign-up (ACCOUNT_SIGNUP_FORM_CLASS): the advisers who
    confirm a membership need to know who is asking, not only an e-mail address."""

    first_name = forms.CharField(
        label=_("Vorname"),
        max_length=150,
        error_messages={"required": _("Bitte geben Sie Ihren Vornamen ein."), "max_length": TOO_LONG},
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Nachname"),
        max_length=150,
        error_messages={"required": _("Bitte geben Sie Ihren Nachnamen ein."), "max_length": TOO_LONG},
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    field_order = ["first_name", "last_name", "email", "password1", "password2"]

    def signup(self, request: Any, user: Any) -> None:
        # allauth saves the user after this hook; the names go in the same save.
        user.first_name = self.cleaned_data["first_name"].strip()
        user.last_name = self.cleaned_data["last_name"].strip()
