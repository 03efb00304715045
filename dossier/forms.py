from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

YEAR_CHOICE = _("Bitte wählen Sie ein Jahr aus der Liste.")


def year_choices() -> list[tuple[int, str]]:
    this = timezone.localdate().year
    return [(year, str(year)) for year in range(this, 1999, -1)]


class OrderForm(forms.Form):
    year = forms.TypedChoiceField(
        label=_("Jahr des Abschlusses"),
        coerce=int,
        help_text=_("Alle Vorgänge, die in diesem Jahr abgeschlossen wurden, kommen in eine ZIP-Datei."),
        error_messages={"invalid_choice": YEAR_CHOICE, "required": YEAR_CHOICE},
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["year"]
        assert isinstance(field, forms.TypedChoiceField)  # noqa: S101 - declared above
        field.choices = year_choices()
        field.initial = timezone.localdate().year - 1
