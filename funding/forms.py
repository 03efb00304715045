from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from backoffice.money import MoneyField, MoneyInput
from core.spam import HoneypotFormMixin

from .models import Disbursement, FunderQuestion, FundingArea, Grant
from .services import disbursements_check, grant_validate

QUESTION_MAX = 5000
NAME_MAX = 200
ASKER_KIND_REQUIRED = _("Wählen Sie aus, wer die Frage stellt.")
NAME_REQUIRED = _("Geben Sie Ihren Namen ein.")
NAME_TOO_LONG = _("Der Name darf höchstens 200 Zeichen lang sein.")
EMAIL_REQUIRED = _("Geben Sie Ihre E-Mail-Adresse ein, damit wir Ihnen antworten können.")
EMAIL_INVALID = _("Geben Sie eine E-Mail-Adresse im Format name@beispiel.de ein.")
ORGANISATION_TOO_LONG = _("Der Name der Kommune oder Organisation darf höchstens 200 Zeichen lang sein.")
TEXT_REQUIRED = _("Geben Sie Ihre Frage ein.")
TEXT_TOO_SHORT = _("Beschreiben Sie Ihre Frage in mindestens 20 Zeichen.")
TEXT_TOO_LONG = _("Ihre Frage darf höchstens 5.000 Zeichen lang sein. Kürzen Sie den Text bitte.")
CONSENT_REQUIRED = _("Bestätigen Sie, dass wir Ihre Angaben zur Beantwortung verwenden dürfen.")
AREA_INVALID = _("Wählen Sie ein Thema aus der Liste.")


class FunderQuestionForm(HoneypotFormMixin, forms.Form):
    asker_kind = forms.ChoiceField(
        label=_("Wer fragt?"),
        choices=FunderQuestion.AskerKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": ASKER_KIND_REQUIRED, "invalid_choice": ASKER_KIND_REQUIRED},
    )
    name = forms.CharField(
        label=_("Ihr Name"),
        max_length=NAME_MAX,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": NAME_REQUIRED, "max_length": NAME_TOO_LONG},
    )
    email = forms.EmailField(
        label=_("Ihre E-Mail-Adresse"),
        help_text=_("An diese Adresse schicken wir eine Eingangsbestätigung und unsere Antwort."),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={"required": EMAIL_REQUIRED, "invalid": EMAIL_INVALID, "max_length": EMAIL_INVALID},
    )
    organisation_name = forms.CharField(
        label=_("Kommune, Verein oder Unternehmen"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
        error_messages={"max_length": ORGANISATION_TOO_LONG},
    )
    area = forms.ModelChoiceField(
        label=_("Thema"),
        queryset=FundingArea.objects.all(),
        required=False,
        empty_label=_("Bitte wählen"),
        error_messages={"invalid_choice": AREA_INVALID},
    )
    text = forms.CharField(
        label=_("Ihre Frage"),
        help_text=_("Was haben Sie vor, und wofür suchen Sie Geld? Höchstens 5.000 Zeichen."),
        widget=forms.Textarea(attrs={"rows": 8}),
        min_length=20,
        max_length=QUESTION_MAX,
        error_messages={"required": TEXT_REQUIRED, "min_length": TEXT_TOO_SHORT, "max_length": TEXT_TOO_LONG},
    )
    consent = forms.BooleanField(
        label=_(
            "Ich bin einverstanden, dass das Kompetenzzentrum meine Angaben zur Beantwortung der Frage verwendet."
        ),
        help_text=_("Einzelheiten stehen in der Datenschutzerklärung."),
        error_messages={"required": CONSENT_REQUIRED},
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        # The textarea's maxlength attribute would cut pasted text silently; the
        # server says how much is too much instead.
        self.fields["text"].widget.attrs.pop("maxlength", None)


# --- Back office: the grant forms of the grant page and the case page, the payments ---


def add_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """A service's errors beside the form's fields (or above the form for a field it lacks)."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, messages in exc.message_dict.items():
        form.add_error(name if name in form.fields else None, messages)


class GrantForm(forms.ModelForm):
    """A grant on the grant page or as a row of the case page: the money rules of
    funding.services (approved ≥ paid, the reclaim) beside their fields, before the
    service checks them again under the grant's row lock."""

    class Meta:
        model = Grant
        exclude: list[str] = []  # the admin passes the fields of its fieldsets

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A new grant offered for a case (?cooperation=): the rule check of the page reads
        # the case from the form's instance, not from state kept on the shared ModelAdmin.
        case = self.initial.get("cooperation")
        if self.instance.pk is None and not self.instance.cooperation_id and isinstance(case, int):
            self.instance.cooperation_id = case

    def _post_clean(self) -> None:
        # After Django's own model validation, on the instance as the form set it.
        super()._post_clean()  # type: ignore[misc]
        if self.errors:
            return
        try:
            grant_validate(self.instance)
        except ValidationError as exc:
            add_errors(self, exc)


class DisbursementForm(forms.ModelForm):
    """One payment; the sum of all new payments of a grant is checked by the formset
    (DisbursementFormSet) or, on the disbursement's own page, here."""

    class Meta:
        model = Disbursement
        fields = ["grant", "date", "amount", "note"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        grant: Grant | None = data.get("grant")
        amount = data.get("amount")
        if "grant" not in self.fields or grant is None or amount is None or self.instance.pk:
            return data
        try:
            disbursements_check(grant=grant, amounts=[amount])
        except ValidationError as exc:
            add_errors(self, exc)
        return data


class PaymentRowForm(DisbursementForm):
    """A new payment row of the grant page. Its amount is the form field `betrag`: a
    booked row (read-only) then shows the inline's `betrag`, 60.000,00 €, where Django
    would print the model field's 60.000,00 (DisbursementInline.betrag)."""

    betrag = MoneyField(
        label=_("Betrag (€)"),
        max_digits=12,
        decimal_places=2,
        widget=MoneyInput(attrs={"aria-label": _("Betrag (€)")}),
    )

    class Meta(DisbursementForm.Meta):
        fields = ["date", "betrag", "note"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("betrag") is not None:
            data["amount"] = self.instance.amount = data["betrag"]
        return data


class DisbursementFormSet(BaseInlineFormSet):
    """The new payment rows of the grant page together: their sum and what is paid
    already stay within the approved amount of the grant as the form above sets it."""

    def new_payments(self) -> list[forms.ModelForm]:
        return [
            f
            for f in self.forms
            if f.instance.pk is None
            and f.has_changed()
            and not self._should_delete_form(f)  # type: ignore[attr-defined]
            and f.cleaned_data.get("amount") is not None
        ]

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        amounts = [f.cleaned_data["amount"] for f in self.new_payments()]
        try:
            disbursements_check(grant=self.instance, amounts=amounts)
        except ValidationError as exc:
            raise ValidationError(exc.messages) from None
