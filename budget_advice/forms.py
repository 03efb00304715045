from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contacts.models import Municipality
from core.date_parts import DatePartsField
from core.parse import IdChoiceField

CHOOSE_MUNICIPALITY = "Wählen Sie die Kommune aus, für die Sie die Beratung anfragen."
TOPICS_REQUIRED = (
    "Wählen Sie mindestens ein Thema aus oder beschreiben Sie Ihr Anliegen unter „Weitere Themen“."
)
DATE_REQUIRED = "Geben Sie den frühesten möglichen Termin an."
DATE_INVALID = "Geben Sie ein gültiges Datum an, z. B. 15 3 2027."
DATE_IN_PAST = "Der früheste Termin muss in der Zukunft liegen."
DATE_TOO_FAR = "Der früheste Termin darf höchstens zwei Jahre in der Zukunft liegen."
TOO_LONG = "Der Text darf höchstens %(limit_value)d Zeichen lang sein (jetzt %(show_value)d)."

TOPICS = [
    ("konsolidierung", _("Haushaltskonsolidierung und Haushaltssicherung")),
    ("ertraege", _("Steuern, Hebesätze, Gebühren und Beiträge")),
    ("personal", _("Personal und Organisation der Verwaltung")),
    ("liegenschaften", _("Liegenschaften und Gebäudewirtschaft")),
    ("investitionen", _("Investitionen und Kredite")),
    ("beteiligungen", _("Beteiligungen und Eigenbetriebe")),
    ("kooperation", _("Einsparungen durch interkommunale Zusammenarbeit")),
]


class ConsultationRequestForm(forms.Form):
    municipality = IdChoiceField(
        label=_("Für welche Kommune fragen Sie an?"),
        queryset=Municipality.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": CHOOSE_MUNICIPALITY, "invalid_choice": CHOOSE_MUNICIPALITY},
    )
    topics = forms.MultipleChoiceField(
        label=_("Welche Themen sollen besprochen werden?"),
        help_text=_("Wählen Sie alle zutreffenden aus."),
        choices=TOPICS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    other_topics = forms.CharField(
        label=_("Weitere Themen"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": TOO_LONG},
    )
    earliest = DatePartsField(
        label=_("Frühester möglicher Termin"),
        help_text=_("Zum Beispiel 15 3 2027."),
        error_messages={"required": DATE_REQUIRED, "invalid": DATE_INVALID},
    )
    preferred_dates = forms.CharField(
        label=_("Wunschtermine"),
        help_text=_("Zum Beispiel „dienstags oder donnerstags vormittags, nicht in den Sommerferien“."),
        required=False,
        max_length=300,
        error_messages={"max_length": TOO_LONG},
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        qs = Municipality.objects.filter(memberships__user=user, memberships__status="bestaetigt").order_by(
            "name"
        )
        self.fields["municipality"].queryset = qs  # type: ignore[attr-defined]

    def clean_earliest(self) -> dt.date:
        day: dt.date = self.cleaned_data["earliest"]
        today = timezone.localdate()
        if day < today:
            raise ValidationError(DATE_IN_PAST)
        if day > today + dt.timedelta(days=731):
            raise ValidationError(DATE_TOO_FAR)
        return day

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if (
            not cleaned.get("topics")
            and not (cleaned.get("other_topics") or "").strip()
            and "other_topics" not in self.errors
        ):
            self.add_error("topics", TOPICS_REQUIRED)
        return cleaned

    def topics_text(self) -> str:
        labels = dict(TOPICS)
        parts = [str(labels[t]) for t in self.cleaned_data["topics"]]
        other = self.cleaned_data["other_topics"].strip()
        if other:
            parts.append(other)
        return "\n".join(parts)
