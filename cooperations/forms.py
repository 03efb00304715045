"""Forms of the municipal portal: the inquiry wizard (one topic per page, GOV.UK
question pages), messages and document uploads on a case, and the case list filter.

Each wizard step is a plain form with `initial_from(data)` and `to_data()`: what a
step stores in `InquiryDraft.data`, so the draft, not the session, holds the answers."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from contacts.models import Municipality
from core.parse import IdChoiceField, IdMultipleChoiceField, is_ascii_digits

from .models import (
    MESSAGE_EMPTY,
    MESSAGE_LIMIT,
    MESSAGE_TOO_LONG,
    PARTNER_IS_OWN,
    Cooperation,
    Document,
    FieldOfAction,
    Stage,
    Status,
)

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from accounts.models import User

# --- messages the tests reuse ---------------------------------------------------------
CHOOSE_MUNICIPALITY = "Wählen Sie die Kommune aus, für die Sie anfragen."
PARTNER_NONE = "Wählen Sie mindestens eine Partnerkommune aus oder nennen Sie mögliche Partner im Feld „Weitere Partner“."
SEARCH_TOO_SHORT = "Geben Sie mindestens 2 Zeichen ein: einen Namen oder einen Gemeindeschlüssel."
AGS_TOO_LONG = "Ein Amtlicher Gemeindeschlüssel hat 8 Ziffern; Sie haben {length} eingegeben."
AGS_NOT_FOUND = "Keine Kommune mit dem Gemeindeschlüssel „{term}“ gefunden. Prüfen Sie die Ziffern."
NAME_NOT_FOUND = "Keine Kommune gefunden, deren Name „{term}“ enthält."
CHOOSE_FIELDS = "Wählen Sie mindestens ein Handlungsfeld aus."
CHOOSE_STAGE = "Wählen Sie aus, wie weit die Zusammenarbeit schon ist."
TITLE_REQUIRED = "Geben Sie einen kurzen Titel für das Vorhaben ein."
DESCRIPTION_REQUIRED = "Beschreiben Sie das Vorhaben in wenigen Sätzen."
TOO_LONG = "Der Text darf höchstens {limit_value} Zeichen lang sein (jetzt {show_value})."
ANSWER_REQUIRED = "Wählen Sie „Ja“, „Nein“ oder „Weiß nicht“."
QUESTION_PREFIX = "Frage {number}: "
CHECKLIST_FIELDS_REQUIRED = (
    "Wählen Sie mindestens ein Handlungsfeld aus, in dem Zusammenarbeit helfen könnte."
)
NO_FILE_CHOSEN = "Wählen Sie eine Datei aus."
TOO_MANY_ATTACHMENTS = "Sie können höchstens {limit} Dateien anhängen."

MAX_ATTACHMENTS = 10
SEARCH_RESULTS = 20


def _long(limit: int) -> dict[str, str]:
    return {
        "max_length": TOO_LONG.replace("{limit_value}", "%(limit_value)d").replace(
            "{show_value}", "%(show_value)d"
        )
    }


class StepForm(forms.Form):
    """One wizard page. Subclasses say what they read from and write to the draft."""

    def __init__(self, *args: Any, user: User, data_: dict[str, Any], **kwargs: Any) -> None:
        self.user = user
        self.draft_data = data_
        kwargs.setdefault("initial", self.initial_from(data_))
        super().__init__(*args, **kwargs)

    def initial_from(self, data: dict[str, Any]) -> dict[str, Any]:
        return {}

    def to_data(self) -> dict[str, Any]:
        return {}


def confirmed_municipalities(user: User) -> QuerySet[Municipality]:
    return Municipality.objects.filter(memberships__user=user, memberships__status="bestaetigt").order_by(
        "name"
    )


class MunicipalityStepForm(StepForm):
    municipality = IdChoiceField(
        label=_("Für welche Kommune stellen Sie die Anfrage?"),
        queryset=Municipality.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": CHOOSE_MUNICIPALITY, "invalid_choice": CHOOSE_MUNICIPALITY},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = confirmed_municipalities(self.user)  # type: ignore[attr-defined]

    def initial_from(self, data: dict[str, Any]) -> dict[str, Any]:
        return {"municipality": data.get("municipality")}

    def to_data(self) -> dict[str, Any]:
        return {"municipality": self.cleaned_data["municipality"].pk}


def search_municipalities(term: str, *, with_retired: bool = False) -> tuple[list[Municipality], str]:
    """Search by name or AGS; (results, German message when there is nothing to show).
    `with_retired` also finds municipalities that merged into another (with their
    successor), so that a user who types the old name learns the new one."""
    term = " ".join(term.split())
    if len(term) < 2:
        return [], SEARCH_TOO_SHORT
    if is_ascii_digits(term) and len(term) > 8:
        return [], AGS_TOO_LONG.format(length=len(term))
    matches = Municipality.objects.search(term)
    if with_retired:
        today = timezone.localdate()
        current = (Q(valid_from__isnull=True) | Q(valid_from__lte=today)) & (
            Q(valid_until__isnull=True) | Q(valid_until__gte=today)
        )
        matches = matches.filter(current | Q(successor__isnull=False)).select_related("successor")
    else:
        matches = matches.current()
    found = list(
        matches.select_related("district").order_by(F("search_rank"), "display_name", "ags")[:SEARCH_RESULTS]
    )
    if not found:
        return [], (AGS_NOT_FOUND if is_ascii_digits(term) else NAME_NOT_FOUND).format(term=term)
    return found, ""


class PartnerStepForm(StepForm):
    q = forms.CharField(
        label=_("Partnerkommune suchen"),
        help_text=_("Name oder Amtlicher Gemeindeschlüssel (AGS, 8 Ziffern), z. B. „Fulda“ oder „06631009“."),
        required=False,
        max_length=100,
        error_messages=_long(100),
    )
    partners = IdMultipleChoiceField(
        label=_("Ausgewählte Partnerkommunen"),
        queryset=Municipality.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("Diese Kommune gibt es nicht."),
            "invalid_pk_value": _("Ungültige Auswahl."),
        },
    )
    other_partners = forms.CharField(
        label=_("Weitere Partner"),
        help_text=_(
            "Partner, die Sie nicht finden: z. B. ein Zweckverband oder eine Kommune eines anderen Landes."
        ),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=_long(1000),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only municipalities still in the register (evaluated per request, not at import).
        self.fields["partners"].queryset = Municipality.objects.current()  # type: ignore[attr-defined]

    def initial_from(self, data: dict[str, Any]) -> dict[str, Any]:
        return {"partners": data.get("partners", []), "other_partners": data.get("other_partners", "")}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        partners = cleaned.get("partners")
        own = self.draft_data.get("municipality")
        if partners is not None:
            for partner in partners:
                if partner.pk == own:
                    self.add_error("partners", PARTNER_IS_OWN.format(name=partner.display_name))
            if (
                not partners
                and not cleaned.get("other_partners", "").strip()
                and "other_partners" not in self.errors
            ):
                self.add_error("partners", PARTNER_NONE)
        return cleaned

    def to_data(self) -> dict[str, Any]:
        return {
            "partners": [m.pk for m in self.cleaned_data["partners"]],
            "other_partners": self.cleaned_data["other_partners"].strip(),
        }


class FieldsStepForm(StepForm):
    fields_of_action = forms.ModelMultipleChoiceField(
        label=_("In welchen Handlungsfeldern wollen Sie zusammenarbeiten?"),
        help_text=_("Wählen Sie alle zutreffenden aus."),
        queryset=FieldOfAction.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": CHOOSE_FIELDS},
    )

    def initial_from(self, data: dict[str, Any]) -> dict[str, Any]:
        return {"fields_of_action": data.get("fields", [])}

    def to_data(self) -> dict[str, Any]:
        return {"fields": [f.pk for f in self.cleaned_data["fields_of_action"]]}


class StageStepForm(StepForm):
    stage = forms.ChoiceField(
        label=_("Wie weit ist die Zusammenarbeit schon?"),
        choices=Stage.choices,
        widget=forms.RadioSelect,
        error_messages={"required": CHOOSE_STAGE, "invalid_choice": CHOOSE_STAGE},
    )

    def initial_from(self, data: dict[str, Any]) -> dict[str, Any]:
        return {"stage": data.get("stage")}

    def to_data(self) -> dict[str, Any]:
        return {"stage": self.cleaned_data["stage"]}


class DescriptionStepForm(StepForm):
    title = forms.CharField(
        label=_("Titel des Vorhabens"),
        help_text=_("Höchstens 200 Zeichen, z. B. „Gemeinsamer Bauhof der Gemeinden A und B“."),
        max_length=200,
        error_messages={"required": TITLE_REQUIRED, **_long(200)},
    )
    description = forms.CharField(
        label=_("Kurze Beschreibung"),
        help_text=_("Was wollen Sie gemeinsam erreichen? Höchstens 5.000 Zeichen."),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": DESCRIPTION_REQUIRED, **_long(5000)},
    )

    def initial_from(self, data: dict[str, Any]) -> dict[str, Any]:
        return {"title": data.get("title", ""), "description": data.get("description", "")}

    def to_data(self) -> dict[str, Any]:
        return {
            "title": self.cleaned_data["title"].strip(),
            "description": self.cleaned_data["description"].strip(),
        }


ANSWERS = [("ja", _("Ja")), ("nein", _("Nein")), ("unsicher", _("Weiß nicht"))]
# DESIGN.md, "Self-assessment": questions 2–7 (question 1 asks for fields).
CHECKLIST_QUESTIONS: list[tuple[str, StrOrPromise]] = [
    (
        "q2",
        _(
            "Kann Zusammenarbeit in der Region aus Ihrer Sicht helfen, den demografischen Wandel zu bewältigen?"
        ),
    ),
    ("q3", _("Arbeitet Ihre Kommune schon mit Nachbarkommunen zusammen?")),
    (
        "q4",
        _(
            "Wäre Ihre Kommune bereit, mehr Aufgaben als heute gemeinsam mit anderen zu erfüllen – wirksamer und günstiger?"
        ),
    ),
    ("q5", _("Gibt es regelmäßige Austauschrunden mit anderen Kommunen zu ähnlichen Fragen?")),
    (
        "q6",
        _(
            "Nutzen Sie Informationen über Beispiele für Zusammenarbeit, etwa im Internet oder in Fortbildungen?"
        ),
    ),
    (
        "q7",
        _(
            "Kennen Sie Kooperationen in Ihrer Region, denen Sie sich anschließen oder die Sie als Vorbild nehmen könnten?"
        ),
    ),
]
COMMENT_HINTS = {
    "q3": _("Wenn ja: in welchen Bereichen?"),
    "q7": _("Wenn ja: welche?"),
}


def checklist_answers(checklist: dict[str, Any], field_names: dict[int, str]) -> list[tuple[str, str, str]]:
    """The self-assessment as (question, answer, comment) rows, for people to read
    (the back office's case page); `field_names` maps Handlungsfeld ids to names."""
    if not checklist:
        return []
    answer_labels = {value: str(label) for value, label in ANSWERS}
    rows = [
        (
            str(ChecklistStepForm.base_fields["q1_fields"].label),
            ", ".join(field_names.get(pk, "?") for pk in checklist.get("q1_fields", [])),
            checklist.get("q1_comment", ""),
        )
    ]
    for number, (key, question) in enumerate(CHECKLIST_QUESTIONS, start=2):
        rows.append(
            (
                f"{number}. {question}",
                answer_labels.get(checklist.get(key, ""), ""),
                checklist.get(f"{key}_comment", ""),
            )
        )
    return rows


class ChecklistStepForm(StepForm):
    q1_fields = forms.ModelMultipleChoiceField(
        label=_(
            "1. In welchen Handlungsfeldern könnte engere Zusammenarbeit Ihrer Kommune helfen, den demografischen Wandel zu bewältigen?"
        ),
        help_text=_("Wählen Sie alle zutreffenden aus."),
        queryset=FieldOfAction.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": CHECKLIST_FIELDS_REQUIRED},
    )
    q1_comment = forms.CharField(
        label=_("Anmerkung zu Frage 1"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages=_long(1000),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for number, (key, question) in enumerate(CHECKLIST_QUESTIONS, start=2):
            self.fields[key] = forms.ChoiceField(
                label=f"{number}. {question}",
                choices=ANSWERS,
                widget=forms.RadioSelect,
                # The number tells the error summary's entries apart.
                error_messages={
                    "required": QUESTION_PREFIX.format(number=number) + ANSWER_REQUIRED,
                    "invalid_choice": QUESTION_PREFIX.format(number=number) + ANSWER_REQUIRED,
                },
            )
            self.fields[f"{key}_comment"] = forms.CharField(
                label=_("Anmerkung zu Frage %(number)d") % {"number": number},
                help_text=COMMENT_HINTS.get(key, ""),
                required=False,
                max_length=1000,
                widget=forms.Textarea(attrs={"rows": 2}),
                error_messages=_long(1000),
            )

    def question_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        rows = [(self["q1_fields"], self["q1_comment"])]
        rows += [(self[key], self[f"{key}_comment"]) for key, _q in CHECKLIST_QUESTIONS]
        return rows

    def initial_from(self, data: dict[str, Any]) -> dict[str, Any]:
        checklist = data.get("checklist") or {}
        initial = dict(checklist)
        # Question 1 starts with the fields chosen for the inquiry.
        initial["q1_fields"] = checklist.get("q1_fields", data.get("fields", []))
        return initial

    def to_data(self) -> dict[str, Any]:
        cd = self.cleaned_data
        checklist: dict[str, Any] = {
            "q1_fields": [f.pk for f in cd["q1_fields"]],
            "q1_comment": cd["q1_comment"].strip(),
        }
        for key, _q in CHECKLIST_QUESTIONS:
            checklist[key] = cd[key]
            checklist[f"{key}_comment"] = cd[f"{key}_comment"].strip()
        return {"checklist": checklist}


class AttachmentStepForm(StepForm):
    file = forms.FileField(
        label=_("Datei hinzufügen"),
        help_text=_(
            "PDF, Word, Excel, OpenDocument, PNG oder JPG, höchstens 20 MB je Datei, bis zu 10 Dateien."
        ),
        required=False,
    )

    def clean_file(self) -> Any:
        from core.uploads import validate_upload

        upload = self.cleaned_data.get("file")
        if upload:
            if len(self.draft_data.get("attachments", [])) >= MAX_ATTACHMENTS:
                raise ValidationError(TOO_MANY_ATTACHMENTS.format(limit=MAX_ATTACHMENTS))
            self.checked = validate_upload(upload)
        return upload


# The form that fills each step of the draft (cooperations.drafts.STEPS).
STEP_FORMS: dict[str, type[StepForm]] = {
    "kommune": MunicipalityStepForm,
    "partner": PartnerStepForm,
    "handlungsfelder": FieldsStepForm,
    "stufe": StageStepForm,
    "beschreibung": DescriptionStepForm,
    "checkliste": ChecklistStepForm,
    "anhaenge": AttachmentStepForm,
}


# --- the case page --------------------------------------------------------------------


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Neue Nachricht an das Kompetenzzentrum"),
        help_text=_("Höchstens 10.000 Zeichen."),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": MESSAGE_EMPTY},
    )

    def clean_body(self) -> str:
        body = self.cleaned_data["body"].strip()
        if not body:
            raise ValidationError(MESSAGE_EMPTY)
        if len(body) > MESSAGE_LIMIT:
            raise ValidationError(MESSAGE_TOO_LONG.format(limit=MESSAGE_LIMIT, length=len(body)))
        return body


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Art des Dokuments"), choices=Document.Kind.choices, initial=Document.Kind.OTHER
    )
    file = forms.FileField(
        label=_("Datei"),
        help_text=_("PDF, Word, Excel, OpenDocument, PNG oder JPG, höchstens 20 MB."),
        error_messages={"required": NO_FILE_CHOSEN, "empty": NO_FILE_CHOSEN},
    )

    def clean_file(self) -> Any:
        from core.uploads import validate_upload

        upload = self.cleaned_data["file"]
        validate_upload(upload)
        return upload


class CaseFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Status.choices, empty_label=_("alle"))
    year = django_filters.ChoiceFilter(
        label=_("Jahr"), field_name="created_at", lookup_expr="year", choices=[], empty_label=_("alle")
    )

    class Meta:
        model = Cooperation
        fields: ClassVar[list[str]] = ["status", "year"]

    def __init__(self, *args: Any, years: list[int] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["year"].extra["choices"] = [(y, str(y)) for y in years or []]
