"""Forms of the Eingang: merging a duplicate inquiry, answering a Förderlotse question."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from cooperations.models import Cooperation

MERGE_TARGET_MISSING = "Bitte wählen Sie den Vorgang, in den die Anfrage übernommen wird."
MERGE_TARGET_UNKNOWN = "Es gibt keinen Vorgang mit dem Aktenzeichen „{reference}“."


class MergeForm(forms.Form):
    into = forms.ModelChoiceField(
        label=_("übernehmen in"),
        queryset=Cooperation.objects.none(),
        required=False,
        widget=forms.RadioSelect,
        empty_label=None,
    )
    reference = forms.CharField(label=_("oder Aktenzeichen"), required=False, max_length=20)

    def __init__(self, *args: Any, candidates: QuerySet[Cooperation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = candidates  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        reference = (data.get("reference") or "").strip().upper()
        if reference:
            found = Cooperation.objects.filter(reference=reference).first()
            if found is None:
                self.add_error("reference", MERGE_TARGET_UNKNOWN.format(reference=reference))
            data["into"] = found
        elif not data.get("into"):
            self.add_error("into", MERGE_TARGET_MISSING)
        return data


class QuestionAnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Antwort"), widget=forms.Textarea(attrs={"rows": 8, "cols": 70}), max_length=10_000
    )
    referred_office = forms.CharField(label=_("verwiesen an (Stelle)"), required=False, max_length=250)
