"""Forms of the knowledge base: the public self-check (the seven questions of the
inquiry wizard, the same form) and the back office's entry and new-version forms."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cooperations.forms import ChecklistStepForm
from cooperations.models import LegalForm

from .models import Entry

VERSION_REQUIRED = _("Geben Sie die Bezeichnung der neuen Fassung an, z. B. „2.0“.")
VALID_FROM_REQUIRED = _("Geben Sie an, ab wann die neue Fassung gilt.")


class SelfCheckForm(ChecklistStepForm):
    """The wizard's checklist step without a draft: anyone may answer, no account."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=None, data_={}, **kwargs)  # type: ignore[misc]


class EntryAdminForm(forms.ModelForm):
    legal_forms = forms.MultipleChoiceField(
        label=_("Rechtsformen"),
        choices=LegalForm.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Wo es passt, z. B. bei einer Mustervereinbarung."),
    )
    upload = forms.FileField(
        label=_("Datei hochladen"),
        required=False,
        help_text=_("PDF, DOCX oder ODT; ersetzt die bisherige Datei dieser Fassung."),
    )

    class Meta:
        model = Entry
        fields = [
            "kind",
            "title",
            "summary",
            "body",
            "fields_of_action",
            "legal_forms",
            "programmes",
            "land",
            "version",
            "valid_from",
            "is_published",
        ]

    def clean_upload(self) -> Any:
        from .services import check_entry_upload

        upload = self.cleaned_data.get("upload")
        if upload:
            check_entry_upload(upload)
        return upload

    def clean(self) -> dict[str, Any]:
        from .services import FILE_OR_TEXT

        cleaned = super().clean() or {}
        has_file = bool(cleaned.get("upload") or (self.instance.pk and self.instance.file))
        if not has_file and not (cleaned.get("body") or "").strip() and "upload" not in self.errors:
            self.add_error("body", FILE_OR_TEXT)
        return cleaned


class NewVersionForm(forms.Form):
    def clean_upload(self) -> Any:
        from .services import check_entry_upload

        upload = self.cleaned_data.get("upload")
        if upload:
            check_entry_upload(upload)
        return upload

    version = forms.CharField(
        label=_("Neue Fassung"), max_length=30, error_messages={"required": VERSION_REQUIRED}
    )
    valid_from = forms.DateField(
        label=_("gültig ab"),
        help_text=_("Datum im Format TT.MM.JJJJ"),
        error_messages={
            "required": VALID_FROM_REQUIRED,
            "invalid": _("Geben Sie ein Datum wie 31.12.2026 ein."),
        },
    )
    upload = forms.FileField(
        label=_("Neue Datei"),
        required=False,
        help_text=_("Leer lassen, um die bisherige Datei zu übernehmen."),
    )
    summary = forms.CharField(
        label=_("Kurzbeschreibung"), widget=forms.Textarea(attrs={"rows": 3}), max_length=1000, required=False
    )
