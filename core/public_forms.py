"""Forms of the public pages (no login)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .spam import HoneypotFormMixin

FEEDBACK_MAX = 5000
FEEDBACK_REQUIRED = _("Beschreiben Sie, wo Sie auf eine Barriere gestoßen sind.")
FEEDBACK_TOO_SHORT = _("Beschreiben Sie die Barriere in mindestens 10 Zeichen.")
FEEDBACK_TOO_LONG = _("Ihre Nachricht darf höchstens 5.000 Zeichen lang sein. Kürzen Sie den Text bitte.")
FEEDBACK_EMAIL_INVALID = _("Geben Sie eine E-Mail-Adresse im Format name@beispiel.de ein.")
FEEDBACK_NAME_TOO_LONG = _("Der Name darf höchstens 200 Zeichen lang sein.")
FEEDBACK_PAGE_TOO_LONG = _("Die Angabe zur Seite darf höchstens 300 Zeichen lang sein.")


class AccessibilityFeedbackForm(HoneypotFormMixin, forms.Form):
    """The Feedback-Mechanismus of the Erklärung zur Barrierefreiheit (BITV 2.0 § 7)."""

    message = forms.CharField(
        label=_("Welche Barriere ist Ihnen aufgefallen?"),
        help_text=_("Zum Beispiel: Ein Formularfeld lässt sich mit der Tastatur nicht erreichen."),
        widget=forms.Textarea(attrs={"rows": 6}),
        min_length=10,
        max_length=FEEDBACK_MAX,
        error_messages={
            "required": FEEDBACK_REQUIRED,
            "min_length": FEEDBACK_TOO_SHORT,
            "max_length": FEEDBACK_TOO_LONG,
        },
    )
    page = forms.CharField(
        label=_("Auf welcher Seite?"),
        help_text=_("Adresse oder Name der Seite."),
        max_length=300,
        required=False,
        error_messages={"max_length": FEEDBACK_PAGE_TOO_LONG},
    )
    name = forms.CharField(
        label=_("Ihr Name"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"max_length": FEEDBACK_NAME_TOO_LONG},
    )
    email = forms.EmailField(
        label=_("Ihre E-Mail-Adresse"),
        help_text=_("Nur nötig, wenn Sie eine Antwort wünschen."),
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
        error_messages={"invalid": FEEDBACK_EMAIL_INVALID, "max_length": FEEDBACK_EMAIL_INVALID},
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["message"].widget.attrs.pop("maxlength", None)
