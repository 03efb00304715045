"""The form of the key: method, total, the mix's base share, and one value per partner
for usage units or agreed percentages. The rules of a key are checked by keys.compute
(through the service); the form only reads the numbers as typed in Germany."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from backoffice.money import MoneyField, MoneyInput, parse_euro

from .keys import Partner
from .models import KeyMethod

NOT_A_NUMBER = "„{value}“ ist keine Zahl. Schreiben Sie sie z. B. als 12,5 oder 1.200."


class NumberField(forms.DecimalField):
    """A German number with up to two decimals (12,5 / 1.200 / -3 is read, and refused
    later with its own message): the money parser without the euro in its message."""

    widget = MoneyInput

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_digits=14, decimal_places=2, **kwargs)
        self.widget.attrs.pop("step", None)

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if value in self.empty_values:
            return None
        try:
            return parse_euro(value)
        except ValidationError:
            raise ValidationError(
                NOT_A_NUMBER.format(value=str(value).strip()[:30]), code="invalid"
            ) from None

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        return {}


class KeyForm(forms.Form):
    method = forms.ChoiceField(
        label=_("Schlüssel"),
        choices=KeyMethod.choices,
        initial=KeyMethod.POPULATION,
        widget=forms.RadioSelect,
        error_messages={"required": "Wählen Sie, wie die Kosten verteilt werden."},
    )
    total = MoneyField(
        label=_("Jährliche Gesamtkosten in Euro"),
        max_digits=12,
        decimal_places=2,
        help_text=_("Zum Beispiel 120.000,00"),
        error_messages={"required": "Geben Sie die jährlichen Gesamtkosten ein."},
    )
    base_share_pct = NumberField(
        label=_("Sockelanteil in Prozent"),
        required=False,
        help_text=_(
            "Nur beim Schlüssel mit Sockelbetrag: dieser Teil der Kosten wird zu gleichen Teilen verteilt, "
            "der Rest nach Einwohnerzahl. Zum Beispiel 30"
        ),
    )
    unit_label = forms.CharField(
        label=_("Bezeichnung der Nutzungseinheit"),
        required=False,
        max_length=100,
        help_text=_("Nur beim Schlüssel nach Nutzungseinheiten, z. B. „Beurkundungen“ oder „Arbeitsplätze“"),
    )
    note = forms.CharField(label=_("Vermerk"), required=False, max_length=300)

    def __init__(self, *args: Any, partners: list[Partner], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.partners = partners
        for p in partners:
            self.fields[self.value_name(p)] = NumberField(
                label=f"{p.name} ({p.ags}): Einheiten oder Prozent",
                required=False,
            )

    @staticmethod
    def value_name(partner: Partner) -> str:
        return f"value_{partner.municipality_id}"

    def value_fields(self) -> list[forms.BoundField]:
        return [self[self.value_name(p)] for p in self.partners]

    def values(self) -> dict[int, Decimal | None]:
        return {p.municipality_id: self.cleaned_data.get(self.value_name(p)) for p in self.partners}

    def add_service_errors(self, exc: ValidationError) -> None:
        """The service's German messages beside the fields they concern."""
        if hasattr(exc, "error_dict"):
            for name, messages in exc.message_dict.items():
                self.add_error(name if name in self.fields else None, messages)
        else:
            self.add_error(None, exc.messages)
