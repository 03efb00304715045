"""The case desk of the back office: case list, case page with status buttons,
bulk actions and the triage queue of new inquiries and Förderlotse questions.
Every write goes through cooperations.services (and funding.services)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.utils import display_for_field
from django.contrib.admin.widgets import ForeignKeyRawIdWidget, RelatedFieldWidgetWrapper
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
)
from django.db.models.functions import Coalesce
from django.forms.models import ModelChoiceIterator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import linebreaksbr
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator, capfirst
from import_export.admin import ExportActionMixin

from accounts import roles
from accounts.models import User
from contacts.admin import (
    AuditedAdmin,
    EstimatedCountPaginator,
    LabelledTabularInline,
    NamedAutocompleteSelect,
)
from contacts.models import Municipality
from contacts.resources import FORMATS
from funding.models import FunderQuestion, Grant
from ikz_portal.admin_views import ReadOnlyModelAdmin
from ikz_portal.backoffice import acting_user

from . import services
from .forms import checklist_answers
from .models import (
    FINAL_STATES,
    OPEN_STATES,
    PAUSE_STATES,
    Activity,
    CaseEvent,
    Cooperation,
    Document,
    FieldOfAction,
    Message,
    Participation,
    ReferenceCounter,
    Status,
)
from .resources import CooperationResource
from .widgets import QuickWidgetRenderer

MERGE_TARGET_MISSING = "Bitte wählen Sie den Vorgang, in den die Anfrage übernommen wird."
MERGE_TARGET_UNKNOWN = "Es gibt keinen Vorgang mit dem Aktenzeichen „{reference}“."
TAKEN_OVER = "Sie bearbeiten jetzt {what}."
ANSWER_SENT = "Die Antwort an {to} ist gespeichert und per E-Mail angekündigt."
MERGED = "Die Anfrage {duplicate} wurde in {into} übernommen."
STATUS_CHANGED = "Der Vorgang {reference} ist jetzt „{status}“."
ASSIGNED = "{count} Vorgänge sind jetzt {name} zugewiesen."
NEXT_STEP_SET = "Für {count} Vorgänge ist der nächste Schritt auf den {date} gesetzt."
NO_CHANGE_PERMISSION = "Sie dürfen Vorgänge nicht ändern."


def staff_advisers() -> QuerySet[User]:
    return (
        User.objects.filter(is_active=True, is_staff=True)
        .filter(Q(groups__name__in=[roles.KIKZ, roles.ADMINISTRATION]) | Q(is_superuser=True))
        .distinct()
        .order_by("last_name", "first_name", "email")
    )


def search_cases(queryset: QuerySet[Cooperation], term: str) -> QuerySet[Cooperation]:
    """Reference, title, municipality name or AGS. On PostgreSQL also German
    full-text search over title and description (stemming: „Bauhöfe“ finds „Bauhof“)
    and trigram similarity for misspelt names and references (indexes in 0003/0004).

    Each kind of match is its own index-backed subquery of case ids and the case list
    takes their UNION (`pk IN (… UNION …)`): an OR over joins would make PostgreSQL
    evaluate every condition on every case instead of using the indexes."""
    term = term.strip()
    if re.fullmatch(r"IKZ-\d{4}-\d{1,6}", term, flags=re.IGNORECASE):  # a full reference: exactly this case
        return queryset.filter(reference=term.upper())  # references are stored in capitals (next_reference)
    if re.fullmatch(r"\d{2,8}", term):
        by_ags = Municipality.objects.filter(ags__startswith=term).values("pk")
        return queryset.filter(pk__in=_case_ids(_led_by(by_ags), _joined_by(by_ags)))
    named = Municipality.objects.filter(name__icontains=term).values("pk")
    matches = [
        Cooperation.objects.filter(reference__icontains=term).values_list("pk"),
        Cooperation.objects.filter(title__icontains=term).values_list("pk"),
        _led_by(named),
        _joined_by(named),
    ]
    if connection.vendor == "postgresql":
        query = SearchQuery(term, config="german", search_type="websearch")
        similar_name = Municipality.objects.filter(name__trigram_similar=term).values("pk")
        matches += [
            # The same expression as the index coop_fts_german (0003), so the index answers it.
            Cooperation.objects.annotate(search=SearchVector("title", "description", config="german"))
            .filter(search=query)
            .values_list("pk"),
            Cooperation.objects.filter(title__trigram_word_similar=term).values_list("pk"),
            Cooperation.objects.filter(reference__trigram_similar=term).values_list("pk"),
            _led_by(similar_name),
        ]
    return queryset.filter(pk__in=_case_ids(*matches))


def _led_by(municipalities: QuerySet[Any]) -> QuerySet[Any]:
    return Cooperation.objects.filter(lead_municipality__in=municipalities).values_list("pk")


def _joined_by(municipalities: QuerySet[Any]) -> QuerySet[Any]:
    return Participation.objects.filter(municipality__in=municipalities).values_list("cooperation_id")


def _case_ids(first: QuerySet[Any], *more: QuerySet[Any]) -> QuerySet[Any]:
    return first.order_by().union(*(qs.order_by() for qs in more))


# --- list filters -----------------------------------------------------------------


class OverdueFilter(admin.SimpleListFilter):
    title = "nächster Schritt"
    parameter_name = "ueberfaellig"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("ja", "überfällig"), ("woche", "fällig in 7 Tagen")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Cooperation]) -> QuerySet[Cooperation]:
        today = timezone.localdate()
        if self.value() == "ja":
            return queryset.filter(status__in=OPEN_STATES, next_step_due__lt=today)
        if self.value() == "woche":
            return queryset.filter(
                status__in=OPEN_STATES,
                next_step_due__gte=today,
                next_step_due__lte=today + dt.timedelta(days=7),
            )
        return queryset


class AdviserFilter(admin.SimpleListFilter):
    title = "Beraterin / Berater"
    parameter_name = "berater"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        people = [(str(u.pk), u.get_full_name() or u.email) for u in staff_advisers()]
        return [("ich", "mir zugewiesen"), ("keine", "niemand zugewiesen"), *people]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Cooperation]) -> QuerySet[Cooperation]:
        value = self.value()
        if value == "ich":
            return queryset.filter(adviser=acting_user(request))
        if value == "keine":
            return queryset.filter(adviser__isnull=True)
        if value and value.isdigit():
            return queryset.filter(adviser_id=int(value))
        return queryset


class DistrictFilter(admin.SimpleListFilter):
    title = "Landkreis"
    parameter_name = "landkreis"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [
            (str(pk), name) for pk, name in Municipality.objects.kreise().current().values_list("pk", "name")
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Cooperation]) -> QuerySet[Cooperation]:
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(
                Q(lead_municipality__district_id=int(value)) | Q(lead_municipality_id=int(value))
            )
        return queryset


class YearFilter(admin.SimpleListFilter):
    """By the year in the reference (IKZ-<year>-nnnn): the year the case was opened."""

    title = "Jahr"
    parameter_name = "jahr"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        years = ReferenceCounter.objects.order_by("-year").values_list("year", flat=True)
        return [(str(y), str(y)) for y in years]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Cooperation]) -> QuerySet[Cooperation]:
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(reference__startswith=f"IKZ-{value}-")
        return queryset


class FetchedChoiceIterator(ModelChoiceIterator):
    """The options of a model select read with one plain query. Django's iterator reads
    them through queryset.iterator(), on PostgreSQL a server-side cursor (DECLARE … WITH
    HOLD, FETCH, CLOSE): for the 12 fields of action and the two dozen advisers of the
    case page 1.5 and 14 ms instead of 0.6 and 4 nationwide. Only for short lists."""

    def __iter__(self) -> Iterator[Any]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)


def fetched_choices(formfield: Any) -> Any:
    if isinstance(formfield, forms.ModelChoiceField):
        formfield.iterator = FetchedChoiceIterator
        formfield.widget.choices = formfield.choices  # the widget took Django's iterator already
    return formfield


# --- inlines ------------------------------------------------------------------------


class KnownLabelAutocompleteSelect(NamedAutocompleteSelect):
    """The Select2 box of an inline row that shows the selected object the row already
    loaded (select_related) instead of asking the database once per row."""

    known: dict[str, Any] = {}  # replaced per form, never mutated

    def optgroups(self, name: str, value: Any, attr: Any = None) -> Any:
        field = self.choices.field  # type: ignore[attr-defined]
        selected = {str(v) for v in value if str(v) not in field.empty_values}
        if not selected or not selected <= self.known.keys():
            return super().optgroups(name, value, attr)
        options: list[Any] = []
        if not self.is_required:
            options.append(self.create_option(name, "", "", False, 0))
        for key in sorted(selected):
            obj = self.known[key]
            options.append(self.create_option(name, key, field.label_from_instance(obj), True, len(options)))
        return [(None, options, 0)]


class KnownLabelRawIdWidget(ForeignKeyRawIdWidget):
    """A raw-id box whose label comes from the object the row already loaded."""

    known: dict[str, Any] = {}  # replaced per form, never mutated

    def label_and_url_for_value(self, value: Any) -> tuple[str, str]:
        obj = self.known.get(str(value))
        if obj is None:
            return super().label_and_url_for_value(value)
        try:
            url = reverse(
                f"{self.admin_site.name}:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk]
            )
        except NoReverseMatch:
            url = ""
        return Truncator(obj).words(14), url


QUICK_WIDGETS = QuickWidgetRenderer()
KNOWN_LABEL_WIDGETS: dict[type, type] = {
    NamedAutocompleteSelect: KnownLabelAutocompleteSelect,
    ForeignKeyRawIdWidget: KnownLabelRawIdWidget,
}


class PreloadedInline(LabelledTabularInline):
    """An inline whose rows cost no query each: the related objects shown (readonly
    names, str() of the row, selected option of a Select2 or raw-id box) come with
    the rows (`select_related`), so the case page needs as many queries for 50 rows
    as for one."""

    select_related: tuple[str, ...] = ()

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return super().get_queryset(request).select_related(*self.select_related)

    def formfield_for_dbfield(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None and isinstance(formfield.widget, RelatedFieldWidgetWrapper):
            # No edit/add/delete/view icons under the municipality or programme of every
            # row: the rows stay one line high, and the catalogue is edited on its own pages
            # (a grant's full page keeps them). The wrapper was a tenth of the page's time.
            formfield.widget = formfield.widget.widget
        if formfield is not None:
            widget: Any = getattr(formfield.widget, "widget", formfield.widget)
            if type(widget) in KNOWN_LABEL_WIDGETS:
                widget.__class__ = KNOWN_LABEL_WIDGETS[type(widget)]
        return formfield

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        base = super().get_formset(request, obj, **kwargs)

        class KnownLabelsFormSet(base):  # type: ignore[valid-type,misc]
            renderer = QUICK_WIDGETS  # the rows' plain widgets without a template each

            @cached_property
            def empty_form(self) -> Any:  # built once, not for each of the admin's three reads
                return super().empty_form

            def add_fields(self, form: Any, index: Any) -> None:
                super().add_fields(form, index)
                instance = form.instance
                for name, field in form.fields.items():
                    widget = getattr(field.widget, "widget", field.widget)
                    if not isinstance(widget, (KnownLabelAutocompleteSelect, KnownLabelRawIdWidget)):
                        continue
                    model_field = instance._meta.get_field(name)
                    related = model_field.get_cached_value(instance, None)
                    if related is not None:
                        widget.known = {str(related.pk): related}

        return KnownLabelsFormSet


class NewestRowsInline(PreloadedInline):
    """An inline that grows for as long as a case lives (activities, messages, documents,
    history): the case page shows only its newest rows and, under them, a link to the
    list of all rows of this case. Every row shown is a form, and the page's time grew
    with them (about 2 ms per activity row nationwide, issue #6).

    The window is `pk IN (newest n)`, never a slice: the formset filters its queryset
    again when it saves. A posted page also keeps the rows it showed, so an edit to the
    oldest row still saves when a colleague added a newer one in between; the rows
    outside the window are not in the form and stay as they are."""

    newest = 10
    newest_first: tuple[str, ...] = ("-created_at", "-pk")
    older_one = ""  # "1 {older_one} – alle anzeigen"
    older_many = ""  # "12 {older_many} – alle anzeigen"
    template = "admin/cooperations/cooperation/edit_inline/tabular_newest.html"

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        base = super().get_formset(request, obj, **kwargs)
        inline = self

        class NewestRowsFormSet(base):  # type: ignore[valid-type,misc]
            def get_queryset(self) -> QuerySet[Any]:
                if not hasattr(self, "_queryset"):
                    rows = super().get_queryset()  # this case's rows in the inline's order
                    window = Q(pk__in=rows.order_by(*inline.newest_first).values("pk")[: inline.newest])
                    if self.is_bound:
                        window |= Q(pk__in=self.posted_pks())
                    # The count of all rows comes with each row: no query of its own.
                    all_rows = (
                        self.model._default_manager.filter(**{self.fk.name: OuterRef(self.fk.name)})
                        .order_by()
                        .values(self.fk.name)
                        .annotate(n=Count("pk"))
                        .values("n")
                    )
                    self._queryset = rows.filter(window).annotate(
                        rows_of_case=Subquery(all_rows, output_field=IntegerField())
                    )
                return self._queryset

            def posted_pks(self) -> list[int]:
                pk_name = self.model._meta.pk.name
                posted = (
                    self.data.get(f"{self.add_prefix(i)}-{pk_name}") for i in range(self.initial_form_count())
                )
                return [int(pk) for pk in posted if pk and str(pk).isdigit()]

            def older(self) -> dict[str, Any] | None:
                shown = self.get_queryset()
                if self.instance.pk is None or not shown:
                    return None
                hidden = shown[0].rows_of_case - len(shown)
                if hidden <= 0:
                    return None
                opts = self.model._meta
                return {
                    "text": f"{hidden} {inline.older_one if hidden == 1 else inline.older_many} – alle anzeigen",
                    "url": reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
                    + f"?{self.fk.name}__id__exact={self.instance.pk}",
                }

        return NewestRowsFormSet


class ReadOnlyRowsInline(NewestRowsInline):
    """A record shown, never edited here (messages, history): its rows as a plain table
    of their values, without a form each. The formset posts no rows (0 of 0), so saving
    the case page cannot touch them. Row forms and the admin's read-only cells cost
    about 3,700 Python calls per row, the table a tenth of that."""

    can_delete = False
    template = "admin/cooperations/cooperation/edit_inline/readonly_rows.html"

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_formset(self, request: HttpRequest, obj: Any = None, **kwargs: Any) -> Any:
        base = super().get_formset(request, obj, **kwargs)
        names = [str(name) for name in self.fields or ()]

        class ReadOnlyRowsFormSet(base):  # type: ignore[valid-type,misc]
            def initial_form_count(self) -> int:
                return super().initial_form_count() if self.is_bound else 0

            def columns(self) -> list[tuple[str, str]]:
                return [(name, capfirst(self.model._meta.get_field(name).verbose_name)) for name in names]

            def rows(self) -> list[list[tuple[str, str]]]:
                return [[(name, cell(obj, name)) for name in names] for obj in self.get_queryset()]

        return ReadOnlyRowsFormSet


def cell(obj: Any, name: str) -> str:
    """A value as the admin's read-only fields show it, booleans as ja/nein."""
    field = obj._meta.get_field(name)
    value = getattr(obj, name)
    if value is None or value == "":
        return "–"
    if isinstance(field, BooleanField):
        return "ja" if value else "nein"
    if isinstance(field, TextField):
        return linebreaksbr(value, autoescape=True)
    return display_for_field(value, field, "–")


class ParticipationInline(PreloadedInline):
    model = Participation
    extra = 0
    autocomplete_fields = ["municipality"]
    fields = ["municipality", "role", "joined_on", "left_on", "council_resolution_on", "council_resolution"]
    raw_id_fields = ["council_resolution"]
    select_related = ("municipality", "council_resolution")


class ActivityInline(NewestRowsInline):
    model = Activity
    extra = 0
    ordering = ("-date", "-pk")
    newest_first = ordering
    older_one = "ältere Aktivität"
    older_many = "ältere Aktivitäten"
    fields = ["kind", "date", "participants", "notes", "follow_up_due", "created_by"]
    readonly_fields = ["created_by"]
    select_related = ("created_by",)


class GrantInline(PreloadedInline):
    model = Grant
    extra = 0
    fields = [
        "programme",
        "budget_year",
        "applied_amount",
        "approved_amount",
        "status",
        "decision_date",
        "file_number",
    ]
    # 5,000 programmes nationwide: a Select2 box that searches, not a <select> of all of them per row.
    autocomplete_fields = ["programme"]
    show_change_link = True
    select_related = ("programme",)


class DocumentInline(NewestRowsInline):
    model = Document
    extra = 0
    ordering = ("-created_at", "-pk")
    older_one = "älteres Dokument"
    older_many = "ältere Dokumente"
    fields = ["file", "kind", "visible_to_municipality", "original_name", "size", "uploaded_by", "created_at"]
    readonly_fields = ["original_name", "size", "uploaded_by", "created_at"]
    select_related = ("uploaded_by",)


class MessageInline(ReadOnlyRowsInline):
    """Read-only: messages are written with the form above the case (message_send mails them)."""

    model = Message
    extra = 0
    ordering = ("created_at", "pk")  # a conversation: the newest at the bottom
    older_one = "ältere Nachricht"
    older_many = "ältere Nachrichten"
    select_related = ("author",)
    fields = ("created_at", "author", "from_municipality", "body", "read_at")
    readonly_fields = fields


class CaseEventInline(ReadOnlyRowsInline):
    """The status history: read-only, never deleted."""

    model = CaseEvent
    extra = 0
    ordering = ("created_at", "pk")
    older_one = "älterer Eintrag im Verlauf"
    older_many = "ältere Einträge im Verlauf"
    select_related = ("actor",)
    verbose_name_plural = "Verlauf (Statuswechsel und Vermerke)"
    fields = ("created_at", "actor", "kind", "old_status", "new_status", "note")
    readonly_fields = fields

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


# --- forms of the intermediate pages ----------------------------------------------------


class TransitionForm(forms.Form):
    to = forms.ChoiceField(label="neuer Status", choices=Status.choices)
    reason = forms.CharField(
        label="Begründung",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text="Pflicht bei „zurückgezogen“ und „ruhend“; erscheint im Verlauf.",
    )


class AssignForm(forms.Form):
    adviser = forms.ModelChoiceField(
        label="Beraterin / Berater", queryset=User.objects.none(), required=False, empty_label="niemand"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["adviser"].queryset = staff_advisers()  # type: ignore[attr-defined]


class NextStepForm(forms.Form):
    due = forms.DateField(
        label="nächster Schritt fällig am",
        input_formats=["%d.%m.%Y", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    step = forms.CharField(label="nächster Schritt", max_length=200, required=False)


class MessageForm(forms.Form):
    body = forms.CharField(
        label="Nachricht an die Kommune",
        widget=forms.Textarea(attrs={"rows": 5, "cols": 70}),
        max_length=services.MESSAGE_LIMIT,
        help_text="Die Kommune sieht die Nachricht in „Meine Vorgänge“ und bekommt eine E-Mail mit Link.",
    )


class MergeForm(forms.Form):
    into = forms.ModelChoiceField(
        label="übernehmen in",
        queryset=Cooperation.objects.none(),
        required=False,
        widget=forms.RadioSelect,
        empty_label=None,
    )
    reference = forms.CharField(label="oder Aktenzeichen", required=False, max_length=20)

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
        label="Antwort", widget=forms.Textarea(attrs={"rows": 8, "cols": 70}), max_length=10_000
    )
    referred_office = forms.CharField(label="verwiesen an (Stelle)", required=False, max_length=250)


# --- the case admin ------------------------------------------------------------------


class CaseForm(forms.ModelForm):
    """The case's own fields through the quick renderer as well: the selects of
    advisers and fields of action write their options in Python."""

    default_renderer = QUICK_WIDGETS


@admin.register(Cooperation)
class CooperationAdmin(ExportActionMixin, AuditedAdmin):
    paginator = EstimatedCountPaginator
    resource_classes = [CooperationResource]
    formats = FORMATS
    list_display = [
        "reference",
        "title",
        "lead_municipality",
        "partners_count",
        "field_of_action",
        "status",
        "adviser",
        "next_step_due_display",
        "last_activity",
    ]
    list_display_links = ["reference", "title"]
    list_filter = [
        "status",
        "field_of_action",
        "legal_form",
        DistrictFilter,
        AdviserFilter,
        YearFilter,
        OverdueFilter,
    ]
    search_fields = ["reference"]  # the real search is search_cases(); this only shows the box
    search_help_text = "Aktenzeichen, Titel, Kommune oder AGS"
    list_select_related = ["lead_municipality", "field_of_action", "adviser"]
    autocomplete_fields = ["lead_municipality"]
    readonly_fields = [
        "reference",
        "status",
        "submitted_at",
        "submitted_by",
        "created_at",
        "updated_at",
        "funding_rules",
        "checklist_display",
    ]
    inlines = [
        ParticipationInline,
        ActivityInline,
        GrantInline,
        DocumentInline,
        MessageInline,
        CaseEventInline,
    ]
    show_full_result_count = False
    list_per_page = 50
    actions = ["assign_adviser", "set_next_step"]
    change_form_template = "admin/cooperations/cooperation/change_form.html"
    form = CaseForm
    fieldsets = [
        (None, {"fields": ["reference", "status", "title", "description"]}),
        ("Einordnung", {"fields": ["field_of_action", "further_fields", "legal_form", "stage"]}),
        ("Beteiligte", {"fields": ["lead_municipality", "other_partners"]}),
        ("Bearbeitung", {"fields": ["adviser", "next_step", "next_step_due"]}),
        (
            "Förderregeln",
            {
                "fields": [
                    "funding_rules",
                    "planned_duration_years",
                    "expected_savings_eur",
                    "expected_savings_pct",
                    "started_on",
                ]
            },
        ),
        ("Kooperationsatlas", {"fields": ["is_published", "publish_funding"]}),
        (
            "Eingang",
            {"fields": ["submitted_at", "submitted_by", "checklist_display", "created_at", "updated_at"]},
        ),
    ]

    # --- list ---

    def get_queryset(self, request: HttpRequest) -> QuerySet[Cooperation]:
        # Correlated subqueries: PostgreSQL evaluates them only for the 50 rows of the page.
        partners = (
            Participation.objects.filter(cooperation=OuterRef("pk"), left_on__isnull=True)
            .order_by()
            .values("cooperation")
            .annotate(n=Count("pk"))
            .values("n")
        )
        last = Activity.objects.filter(cooperation=OuterRef("pk")).order_by("-date").values("date")[:1]
        return (
            super()
            .get_queryset(request)
            .annotate(
                partners_count=Coalesce(Subquery(partners, output_field=IntegerField()), Value(0)),
                last_activity_on=Subquery(last),
            )
        )

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Cooperation], search_term: str
    ) -> tuple[QuerySet[Cooperation], bool]:
        if not search_term.strip():
            return queryset, False
        return search_cases(queryset, search_term), False

    @admin.display(description="Selbsteinschätzung der Kommune")
    def checklist_display(self, obj: Cooperation | None) -> str:
        """The answers of the inquiry's checklist as a table (read-only: the municipality's words)."""
        if obj is None or not obj.checklist:
            return "–"
        chosen = obj.checklist.get("q1_fields") or []
        names = dict(FieldOfAction.objects.filter(pk__in=chosen).values_list("pk", "name")) if chosen else {}
        rows = format_html_join(
            "",
            '<tr><th scope="row">{}</th><td>{}</td><td>{}</td></tr>',
            checklist_answers(obj.checklist, names),
        )
        return format_html(
            '<table class="ikz-checklist"><thead><tr><th scope="col">Frage</th>'
            '<th scope="col">Antwort</th><th scope="col">Anmerkung</th></tr></thead>'
            "<tbody>{}</tbody></table>",
            rows,
        )

    @admin.display(description="Prüfung nach der Förderrichtlinie")
    def funding_rules(self, obj: Cooperation | None) -> str:
        from funding.admin import render_check
        from funding.rules import check_case

        if obj is None or obj.pk is None:
            return "Erscheint nach dem ersten Speichern."
        link = format_html(
            '<p><a href="{}?cooperation={}" class="addlink">Förderung mit diesem Vorschlag anlegen</a></p>',
            reverse("admin:funding_grant_add"),
            obj.pk,
        )
        return format_html("{}{}", render_check(check_case(obj)), link)

    @admin.display(description="Partner", ordering="partners_count")
    def partners_count(self, obj: Any) -> int:
        return obj.partners_count

    @admin.display(description="nächster Schritt fällig", ordering="next_step_due")
    def next_step_due_display(self, obj: Cooperation) -> str:
        if not obj.next_step_due:
            return "–"
        text = f"{obj.next_step_due:%d.%m.%Y}"
        if obj.status in OPEN_STATES and obj.next_step_due < timezone.localdate():
            return format_html('<span class="ikz-overdue">{} (überfällig)</span>', text)
        return text

    @admin.display(description="letzte Aktivität", ordering="last_activity_on")
    def last_activity(self, obj: Any) -> str:
        return f"{obj.last_activity_on:%d.%m.%Y}" if obj.last_activity_on else "–"

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "further_fields":  # a dozen fields: plain checkboxes
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return fetched_choices(super().formfield_for_manytomany(db_field, request, **kwargs))

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "adviser":
            kwargs["queryset"] = staff_advisers()
        return fetched_choices(super().formfield_for_foreignkey(db_field, request, **kwargs))

    # --- saving: new cases get a reference; adviser changes are recorded ---

    def save_model(self, request: HttpRequest, obj: Cooperation, form: Any, change: bool) -> None:
        if not change:
            obj.reference = services.next_reference()
            super().save_model(request, obj, form, change)
            Participation.objects.get_or_create(
                cooperation=obj,
                municipality=obj.lead_municipality,
                defaults={"role": Participation.Role.LEAD},
            )
            CaseEvent.objects.create(
                cooperation=obj,
                actor=acting_user(request),
                kind=CaseEvent.Kind.CREATED,
                new_status=obj.status,
            )
            return
        if "adviser" in form.changed_data:
            new_adviser = obj.adviser
            obj.adviser_id = form.initial.get("adviser")
            super().save_model(request, obj, form, change)
            services.case_assign(case=obj, adviser=new_adviser, actor=acting_user(request))
            obj.refresh_from_db()
            return
        super().save_model(request, obj, form, change)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        if formset.model is Activity:
            for f in formset.forms:
                if f.instance.pk is None and f.has_changed():
                    f.instance.created_by = acting_user(request)
        if formset.model is Document:
            self._save_documents(request, form.instance, formset)
            return
        formset.save()

    def _save_documents(self, request: HttpRequest, case: Cooperation, formset: Any) -> None:
        # New files go through document_add (checks size, extension and content).
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for f in formset.forms:
            if not f.has_changed() or f in formset.deleted_forms:
                continue
            if f.instance.pk is None:
                try:
                    document = services.document_add(
                        case=case,
                        upload=f.cleaned_data["file"],
                        actor=acting_user(request),
                        kind=f.cleaned_data.get("kind") or Document.Kind.OTHER,
                        visible_to_municipality=f.cleaned_data.get("visible_to_municipality", True),
                    )
                except ValidationError as exc:
                    messages.error(request, " ".join(exc.messages))
                else:
                    formset.new_objects.append(document)
            else:
                formset.changed_objects.append((f.save(), f.changed_data))
        for f in formset.deleted_forms:
            if f.instance.pk:
                formset.deleted_objects.append(f.instance)
                f.instance.delete()

    # --- change page: status buttons, message form ---

    def render_change_form(
        self,
        request: HttpRequest,
        context: dict[str, Any],
        add: bool = False,
        change: bool = False,
        form_url: str = "",
        obj: Cooperation | None = None,
    ) -> HttpResponse:
        # Here rather than in change_view: the case the page shows, not a second query for it.
        if change and obj is not None and self.has_change_permission(request, obj):
            context["transitions"] = [
                {"value": s.value, "label": s.label, "needs_reason": s in PAUSE_STATES}
                for s in services.allowed_transitions(obj)
            ]
            context["message_form"] = MessageForm()
            context["show_transitions"] = True
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_urls(self) -> list[Any]:
        wrap = self.admin_site.admin_view
        own = [
            path("eingang/", wrap(self.triage_view), name="cooperations_cooperation_triage"),
            path(
                "eingang/<int:pk>/uebernehmen/",
                wrap(self.take_over_view),
                name="cooperations_cooperation_take_over",
            ),
            path(
                "eingang/<int:pk>/zusammenfuehren/",
                wrap(self.merge_view),
                name="cooperations_cooperation_merge",
            ),
            path(
                "eingang/frage/<int:pk>/",
                wrap(self.question_view),
                name="cooperations_cooperation_question",
            ),
            path(
                "<path:object_id>/status/",
                wrap(self.transition_view),
                name="cooperations_cooperation_transition",
            ),
            path(
                "<path:object_id>/nachricht/",
                wrap(self.message_view),
                name="cooperations_cooperation_message",
            ),
        ]
        return own + super().get_urls()

    def _case_for_change(self, request: HttpRequest, object_id: str | int) -> Cooperation:
        case = self.get_object(request, str(object_id))
        if case is None:
            raise Http404
        if not self.has_change_permission(request, case):
            raise PermissionDenied
        return case

    def _change_url(self, case: Cooperation) -> str:
        return reverse("admin:cooperations_cooperation_change", args=[case.pk])

    def _render(
        self, request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
    ) -> TemplateResponse:
        ctx = {**self.admin_site.each_context(request), "opts": self.opts, **context}
        return TemplateResponse(request, template, ctx, status=status)

    def transition_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        case = self._case_for_change(request, object_id)
        form = TransitionForm(request.POST or None, initial={"to": request.GET.get("to")})
        if request.method == "POST" and form.is_valid():
            try:
                services.case_transition(
                    case=case,
                    to=form.cleaned_data["to"],
                    actor=acting_user(request),
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as exc:
                form.add_error("reason" if services.REASON_REQUIRED in exc.messages else None, exc)
            else:
                case.refresh_from_db()
                messages.success(
                    request, STATUS_CHANGED.format(reference=case.reference, status=case.get_status_display())
                )
                return HttpResponseRedirect(self._change_url(case))
        return self._render(
            request,
            "admin/cooperations/cooperation/transition.html",
            {
                "title": f"Status ändern: {case.reference}",
                "case": case,
                "form": form,
                "allowed": services.allowed_transitions(case),
            },
            status=422 if form.errors else 200,
        )

    def message_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        case = self._case_for_change(request, object_id)
        form = MessageForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.message_send(case=case, author=acting_user(request), body=form.cleaned_data["body"])
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                if case.adviser_id is None:
                    services.case_assign(case=case, adviser=acting_user(request), actor=acting_user(request))
                messages.success(request, ANSWER_SENT.format(to=case.lead_municipality.name))
                return HttpResponseRedirect(request.POST.get("next") or self._change_url(case))
        return self._render(
            request,
            "admin/cooperations/cooperation/message.html",
            {"title": f"Nachricht zu {case.reference}", "case": case, "form": form},
            status=422 if form.errors else 200,
        )

    # --- triage ---

    def triage_view(self, request: HttpRequest) -> HttpResponse:
        """New work, oldest first: cooperation inquiries, Förderlotse questions and
        budget consultation requests, each for those whose role handles it."""
        from budget_advice.models import Consultation

        user = request.user
        sees_cases = self.has_view_permission(request)
        sees_consultations = user.has_perm("budget_advice.change_consultation")
        if not (sees_cases or sees_consultations):
            raise PermissionDenied
        inquiries = (
            Cooperation.objects.filter(status=Status.RECEIVED, adviser__isnull=True)
            .select_related("lead_municipality", "field_of_action", "submitted_by")
            .annotate(n_messages=Count("messages"))
            .order_by(Coalesce("submitted_at", "created_at"), "pk")[:100]
            if sees_cases
            else None
        )
        questions = (
            FunderQuestion.objects.filter(
                status__in=[FunderQuestion.Status.NEW, FunderQuestion.Status.IN_PROGRESS]
            )
            .select_related("area", "assigned_to")
            .order_by("created_at", "pk")[:100]
            if user.has_perm("funding.view_funderquestion")
            else None
        )
        consultations = (
            Consultation.objects.filter(status=Consultation.Status.REQUESTED)
            .select_related("municipality", "requested_by")
            .order_by("created_at", "pk")[:100]
            if sees_consultations
            else None
        )
        return self._render(
            request,
            "admin/cooperations/cooperation/triage.html",
            {
                "title": "Eingang: neue Anfragen und Fragen",
                "inquiries": inquiries,
                "questions": questions,
                "consultations": consultations,
                "can_change": self.has_change_permission(request),
                "message_form": MessageForm(),
            },
        )

    def take_over_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        if request.method != "POST":
            return HttpResponseRedirect(reverse("admin:cooperations_cooperation_triage"))
        case = self._case_for_change(request, pk)
        services.case_assign(case=case, adviser=acting_user(request), actor=acting_user(request))
        messages.success(request, TAKEN_OVER.format(what=case.reference))
        return HttpResponseRedirect(request.POST.get("next") or self._change_url(case))

    def merge_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        duplicate = self._case_for_change(request, pk)
        municipalities = duplicate.participations.values("municipality_id")
        candidates = (
            Cooperation.objects.exclude(pk=duplicate.pk)
            .exclude(status__in=FINAL_STATES)
            .filter(
                Q(lead_municipality_id__in=municipalities)
                | Exists(
                    Participation.objects.filter(
                        cooperation=OuterRef("pk"), municipality_id__in=municipalities
                    )
                )
            )
            .select_related("lead_municipality")
            .order_by("-created_at")[:20]
        )
        candidate_qs = Cooperation.objects.filter(pk__in=[c.pk for c in candidates])
        form = MergeForm(request.POST or None, candidates=candidate_qs)
        if request.method == "POST" and form.is_valid():
            into = form.cleaned_data["into"]
            try:
                services.case_merge(duplicate=duplicate, into=into, actor=acting_user(request))
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, MERGED.format(duplicate=duplicate.reference, into=into.reference))
                return HttpResponseRedirect(self._change_url(into))
        return self._render(
            request,
            "admin/cooperations/cooperation/merge.html",
            {
                "title": f"Doppelte Anfrage {duplicate.reference} zusammenführen",
                "case": duplicate,
                "form": form,
                "candidates": candidates,
            },
            status=422 if form.errors else 200,
        )

    def question_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        from funding import services as funding_services

        question = get_object_or_404(FunderQuestion.objects.select_related("area"), pk=pk)
        if not request.user.has_perm("funding.change_funderquestion"):
            raise PermissionDenied
        form = QuestionAnswerForm(request.POST or None, initial={"answer": question.answer})
        if request.method == "POST" and "take_over" in request.POST:
            funding_services.question_take_over(question=question, actor=acting_user(request))
            messages.success(request, TAKEN_OVER.format(what=f"die Frage von {question.name}"))
            return HttpResponseRedirect(reverse("admin:cooperations_cooperation_question", args=[pk]))
        if request.method == "POST" and form.is_valid():
            funding_services.question_answer(
                question=question,
                answer=form.cleaned_data["answer"],
                referred_office=form.cleaned_data["referred_office"],
                actor=acting_user(request),
            )
            messages.success(request, ANSWER_SENT.format(to=question.email))
            return HttpResponseRedirect(reverse("admin:cooperations_cooperation_triage"))
        return self._render(
            request,
            "admin/cooperations/cooperation/question.html",
            {"title": f"Frage an den Förderlotsen von {question.name}", "question": question, "form": form},
            status=422 if form.errors else 200,
        )

    # --- bulk actions ---

    def _selected(self, request: HttpRequest, queryset: QuerySet[Cooperation]) -> list[str]:
        return [str(pk) for pk in queryset.values_list("pk", flat=True)]

    @admin.action(description="Beraterin/Berater zuweisen", permissions=["change"])
    def assign_adviser(self, request: HttpRequest, queryset: QuerySet[Cooperation]) -> HttpResponse | None:
        form = AssignForm(request.POST if "apply" in request.POST else None)
        if "apply" in request.POST and form.is_valid():
            adviser = form.cleaned_data["adviser"]
            cases = list(queryset.order_by("pk"))
            for case in cases:
                services.case_assign(case=case, adviser=adviser, actor=acting_user(request))
            name = (adviser.get_full_name() or adviser.email) if adviser else "niemandem"
            self.message_user(request, ASSIGNED.format(count=len(cases), name=name), messages.SUCCESS)
            return None
        return self._render(
            request,
            "admin/cooperations/cooperation/bulk_action.html",
            {
                "title": "Beraterin/Berater zuweisen",
                "form": form,
                "action": "assign_adviser",
                "selected": self._selected(request, queryset),
                "cases": queryset[:50],
                "action_checkbox_name": ACTION_CHECKBOX_NAME,
            },
        )

    @admin.action(description="Nächsten Schritt setzen", permissions=["change"])
    def set_next_step(self, request: HttpRequest, queryset: QuerySet[Cooperation]) -> HttpResponse | None:
        form = NextStepForm(request.POST if "apply" in request.POST else None)
        if "apply" in request.POST and form.is_valid():
            cases = list(queryset.order_by("pk"))
            for case in cases:
                services.case_set_next_step(
                    case=case,
                    due=form.cleaned_data["due"],
                    step=form.cleaned_data["step"],
                    actor=acting_user(request),
                )
            self.message_user(
                request,
                NEXT_STEP_SET.format(count=len(cases), date=f"{form.cleaned_data['due']:%d.%m.%Y}"),
                messages.SUCCESS,
            )
            return None
        return self._render(
            request,
            "admin/cooperations/cooperation/bulk_action.html",
            {
                "title": "Nächsten Schritt setzen",
                "form": form,
                "action": "set_next_step",
                "selected": self._selected(request, queryset),
                "cases": queryset[:50],
                "action_checkbox_name": ACTION_CHECKBOX_NAME,
            },
            status=422 if form.errors else 200,
        )


@admin.register(FieldOfAction)
class FieldOfActionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class CaseRowsAdmin(admin.ModelAdmin):
    """The list behind „12 ältere Aktivitäten – alle anzeigen“ on the case page
    (`?cooperation__id__exact=<pk>`, see NewestRowsInline): titled with its case and
    linked back to it. The view permission of the model decides who sees it."""

    change_list_template = "admin/cooperations/case_rows_change_list.html"

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        extra_context = extra_context or {}
        pk = request.GET.get("cooperation__id__exact", "")
        if pk.isdigit() and self.has_view_or_change_permission(request):
            case = Cooperation.objects.filter(pk=pk).only("reference", "title").first()
            if case is not None:
                extra_context["title"] = f"{self.opts.verbose_name_plural} zum Vorgang {case.reference}"
                extra_context["case"] = case
        return super().changelist_view(request, extra_context)


@admin.register(Activity)
class ActivityAdmin(CaseRowsAdmin):
    list_display = ["cooperation", "kind", "date", "notes_start", "follow_up_due", "created_by"]
    list_filter = ["kind", ("date", admin.DateFieldListFilter)]
    search_fields = ["cooperation__reference", "cooperation__title", "notes"]
    list_select_related = ["cooperation", "created_by"]
    raw_id_fields = ["cooperation"]
    readonly_fields = ["created_by"]
    show_full_result_count = False

    @admin.display(description="Notizen")
    def notes_start(self, obj: Activity) -> str:
        return Truncator(obj.notes).words(12)

    def save_model(self, request: HttpRequest, obj: Activity, form: Any, change: bool) -> None:
        if not change:
            obj.created_by = acting_user(request)
        super().save_model(request, obj, form, change)


@admin.register(Message)
class MessageAdmin(CaseRowsAdmin):
    """Messages are part of the file: shown, never edited (write one on the case page)."""

    list_display = ["cooperation", "author", "from_municipality", "created_at"]
    list_filter = ["from_municipality"]
    search_fields = ["cooperation__reference", "body"]
    list_select_related = ["cooperation", "author"]
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Document)
class DocumentAdmin(CaseRowsAdmin):
    list_display = ["original_name", "cooperation", "kind", "size", "visible_to_municipality", "created_at"]
    list_filter = ["kind", "visible_to_municipality"]
    search_fields = ["original_name", "cooperation__reference"]
    list_select_related = ["cooperation"]
    raw_id_fields = ["cooperation"]
    readonly_fields = ["file", "original_name", "content_type", "size", "uploaded_by"]
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        # New documents are uploaded on the case page (checked by document_add).
        return False


@admin.register(CaseEvent)
class CaseEventAdmin(CaseRowsAdmin, ReadOnlyModelAdmin):
    """The audit trail of the case workflow: visible, never editable."""

    list_display = ["created_at", "cooperation", "kind", "old_status", "new_status", "actor"]
    list_filter = ["kind", "new_status"]
    search_fields = ["cooperation__reference", "note"]
    list_select_related = ["cooperation", "actor"]
    show_full_result_count = False
