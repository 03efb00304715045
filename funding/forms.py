from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ikz_portal.spam import HoneypotFormMixin

from .models import FunderQuestion, FundingArea

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
