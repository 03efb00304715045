"""The lead municipality's forms: a payment request and a proof of use, each with
attachments (checked like every case document by core.uploads)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from backoffice.money import MoneyField
from core.uploads import ALLOWED_LABEL, validate_upload

MAX_ATTACHMENTS = 10
TOO_MANY_FILES = "Bitte hängen Sie höchstens {limit} Dateien an."
CHOOSE_AGAIN = (
    "Der Browser behält gewählte Dateien nach einem Fehler nicht: bitte wählen Sie Ihre Anhänge erneut aus."
)
AMOUNT_MISSING = "Bitte geben Sie den Betrag ein, z. B. 12.500,00."


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Several files in one input; each one checked (size, extension and content)."""

    widget = MultipleFileInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(files) > MAX_ATTACHMENTS:
            raise ValidationError(TOO_MANY_FILES.format(limit=MAX_ATTACHMENTS))
        errors: list[ValidationError] = []
        for upload in files:
            try:
                validate_upload(upload)
            except ValidationError as exc:
                errors.append(exc)
        if errors:
            raise ValidationError(errors)
        return files


class ClaimForm(forms.Form):
    attachments = AttachmentsField(
        label=_("Anhänge"),
        help_text=_("%(types)s, höchstens 20 MB je Datei; mehrere Dateien auf einmal möglich.")
        % {"types": ALLOWED_LABEL},
    )

    def add_error(self, field: str | None, error: Any) -> None:
        super().add_error(field, error)
        # Files do not survive a page with errors (the browser drops them): say so beside
        # the box, whichever field – or the service – refused.
        if field != "attachments" and self.files.getlist("attachments") and "attachments" not in self.errors:
            super().add_error("attachments", _(CHOOSE_AGAIN))


class PaymentRequestForm(ClaimForm):
    amount = MoneyField(
        label=_("Betrag (€)"),
        max_digits=12,
        decimal_places=2,
        error_messages={"required": AMOUNT_MISSING},
    )
    purpose = forms.CharField(
        label=_("Verwendungszweck"),
        help_text=_("Wofür Sie die Mittel jetzt brauchen, z. B. die Rechnung der Machbarkeitsstudie."),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Bitte beschreiben Sie, wofür Sie die Mittel abrufen.")},
    )
    field_order = ["amount", "purpose", "attachments"]


class ProofOfUseForm(ClaimForm):
    report = forms.CharField(
        label=_("Sachbericht"),
        help_text=_("Was mit der Förderung erreicht wurde: Maßnahmen, Ergebnisse, Stand der Kooperation."),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("Bitte geben Sie den Sachbericht ein.")},
    )
    total_costs = MoneyField(
        label=_("Gesamtausgaben (€)"),
        help_text=_("Zahlenmäßiger Nachweis: alle Ausgaben des geförderten Vorhabens."),
        max_digits=12,
        decimal_places=2,
        min_value=0,
        error_messages={"required": AMOUNT_MISSING, "min_value": _("Der Betrag darf nicht negativ sein.")},
    )
    grant_used = MoneyField(
        label=_("davon aus der Zuwendung (€)"),
        max_digits=12,
        decimal_places=2,
        min_value=0,
        error_messages={"required": AMOUNT_MISSING, "min_value": _("Der Betrag darf nicht negativ sein.")},
    )
    field_order = ["report", "total_costs", "grant_used", "attachments"]
