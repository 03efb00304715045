"""The municipality's report of a year's savings (portal)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from backoffice.money import MoneyField
from core.parse import ParseError, parse_int

from .models import SavingsReport

EXPLANATION_LIMIT = SavingsReport._meta.get_field("explanation").max_length or 5000
FILE_AGAIN = (
    "Bitte wählen Sie die Anlage erneut aus: Ihr Browser sendet sie nach einem Fehler nicht noch einmal."
)


class YearField(forms.Field):
    """A four-digit year, read through the one input parser (core.parse)."""

    widget = forms.TextInput

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        return {
            **super().widget_attrs(widget),
            "inputmode": "numeric",
            "size": 4,
            "maxlength": 4,
            "autocomplete": "off",
        }

    def to_python(self, value: Any) -> int | None:
        text = str(value).strip() if value is not None else ""
        if not text:
            return None
        try:
            return parse_int(text, low=2000, high=2100)
        except ParseError as exc:
            raise ValidationError(exc.message, code="invalid") from None


class SavingsReportForm(forms.Form):
    year = YearField(label=_("Berichtsjahr"), help_text=_("Das Kalenderjahr, über das Sie berichten."))
    baseline_year = YearField(
        label=_("Basisjahr"),
        help_text=_("Das Jahr vor Beginn der Kooperation, mit dessen Kosten Sie vergleichen."),
    )
    baseline_costs = MoneyField(
        label=_("Kosten im Basisjahr (€)"),
        max_digits=12,
        decimal_places=2,
        help_text=_(
            "Personal- und Sachkosten der Aufgabe vor der Kooperation, alle Partner zusammen, z. B. 250.000,00"
        ),
    )
    current_costs = MoneyField(
        label=_("Kosten im Berichtsjahr (€)"),
        max_digits=12,
        decimal_places=2,
        help_text=_("Dieselben Kosten im Berichtsjahr, z. B. 205.000,00"),
    )
    explanation = forms.CharField(
        label=_("Erläuterung"),
        required=False,
        max_length=EXPLANATION_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Kurz: woher die Einsparung kommt oder warum sie geringer ausfällt als geplant."),
    )
    attachment = forms.FileField(
        label=_("Anlage"),
        required=False,
        help_text=_(
            "Zum Beispiel eine Kostenaufstellung: PDF, Word, Excel, OpenDocument, PNG oder JPG, höchstens 20 MB."
        ),
    )
    replace = forms.BooleanField(label=_("Bisherigen Bericht für dieses Jahr ersetzen"), required=False)

    def clean_attachment(self) -> Any:
        from core.uploads import validate_upload

        upload = self.cleaned_data.get("attachment")
        if upload:
            validate_upload(upload)
        return upload

    def add_service_error(self, exc: ValidationError) -> None:
        if hasattr(exc, "error_dict"):
            for name, errors in exc.message_dict.items():
                self.add_error(name if name in self.fields else None, errors)
        else:
            self.add_error(None, exc)
        if self.files.get("attachment") and "attachment" not in self.errors:
            self.add_error("attachment", FILE_AGAIN)
