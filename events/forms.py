"""The public registration form and the back office's event and mail forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.spam import HoneypotFormMixin

from .models import Audience, Event

NAME_REQUIRED = _("Geben Sie Ihren Namen ein.")
EMAIL_REQUIRED = _("Geben Sie Ihre E-Mail-Adresse ein.")
EMAIL_INVALID = _("Geben Sie eine E-Mail-Adresse im Format name@beispiel.de ein.")
ORGANISATION_REQUIRED = _("Geben Sie Ihre Kommune oder Organisation ein.")
CONSENT_REQUIRED = _("Bestätigen Sie, dass Sie die Datenschutzhinweise gelesen haben.")
TOO_LONG = _("Der Text darf höchstens %(limit_value)d Zeichen lang sein (jetzt %(show_value)d).")


class RegistrationForm(HoneypotFormMixin, forms.Form):
    name = forms.CharField(
        label=_("Vor- und Nachname"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": NAME_REQUIRED, "max_length": TOO_LONG},
    )
    email = forms.EmailField(
        label=_("E-Mail-Adresse"),
        help_text=_("An diese Adresse schicken wir einen Link, mit dem Sie die Anmeldung bestätigen."),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={"required": EMAIL_REQUIRED, "invalid": EMAIL_INVALID, "max_length": EMAIL_INVALID},
    )
    organisation = forms.CharField(
        label=_("Kommune oder Organisation"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
        error_messages={"required": ORGANISATION_REQUIRED, "max_length": TOO_LONG},
    )
    role = forms.CharField(
        label=_("Funktion"),
        help_text=_("Zum Beispiel Bürgermeisterin, Gemeindevertreter, Hauptamt."),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
        error_messages={"max_length": TOO_LONG},
    )
    accessibility_needs = forms.CharField(
        label=_("Bedarf an Barrierefreiheit"),
        help_text=_("Zum Beispiel Gebärdensprachdolmetschung, Induktionsschleife, stufenloser Zugang."),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": TOO_LONG},
    )
    consent = forms.BooleanField(
        label=_(
            "Ich habe die Datenschutzhinweise gelesen. Meine Angaben werden nur für diese Veranstaltung verwendet."
        ),
        error_messages={"required": CONSENT_REQUIRED},
    )


class EventAdminForm(forms.ModelForm):
    audiences = forms.MultipleChoiceField(
        label=_("Zielgruppen"), choices=Audience.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Event
        fields = [
            "title",
            "kind",
            "audiences",
            "description",
            "organiser",
            "partners",
            "starts_at",
            "ends_at",
            "venue",
            "address",
            "online_url",
            "capacity",
            "registration_deadline",
            "cooperation",
            "is_published",
        ]


class BroadcastForm(forms.Form):
    subject = forms.CharField(label=_("Betreff"), max_length=200)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 10}), max_length=10_000)


class AttendanceForm(forms.Form):
    def __init__(self, *args: Any, registrations: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.registrations = registrations
        for r in registrations:
            self.fields[f"r{r.pk}"] = forms.BooleanField(
                label=f"{r.name} ({r.organisation})", required=False, initial=r.attended
            )

    def attended_ids(self) -> list[int]:
        return [r.pk for r in self.registrations if self.cleaned_data.get(f"r{r.pk}")]
