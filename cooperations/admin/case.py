"""The case list and the case page of the back office: list with partner count and
last activity, search, status buttons with the allowed transitions, the message to
the municipality, and the bulk actions (assign, next step, export)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.views.main import ORDER_VAR
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from accounts.access import acting_user
from accounts.export_admin import ExportActionMixin
from accounts.selectors import staff_advisers
from agreements.selectors import office_case_section
from backoffice.admins import AuditedAdmin, EstimatedCountPaginator
from backoffice.widgets import fetched_choices
from contacts.resources import FORMATS
from core.redirects import redirect_next
from dossier.selectors import case_dossier
from savings.admin import BelowTargetFilter
from savings.selectors import case_savings

from .. import services
from ..forms import checklist_answers
from ..models import (
    OPEN_STATES,
    PAUSE_STATES,
    Activity,
    Cooperation,
    FieldOfAction,
    Participation,
)
from ..resources import CooperationResource
from ..search import search_cases
from .filters import AdviserFilter, DistrictFilter, OverdueFilter, YearFilter
from .forms import AssignForm, CaseForm, MessageForm, NextStepForm, TransitionForm
from .inlines import (
    ActivityInline,
    CaseEventInline,
    DocumentInline,
    GrantInline,
    MessageInline,
    ParticipationInline,
)
from .saving import CaseSavingMixin
from .sections import case_sections

STATUS_CHANGED = "Der Vorgang {reference} ist jetzt „{status}“."
ASSIGNED = "{count} Vorgänge sind jetzt {name} zugewiesen."
NEXT_STEP_SET = "Für {count} Vorgänge ist der nächste Schritt auf den {date} gesetzt."
ANSWER_SENT = "Die Antwort an {to} ist gespeichert und per E-Mail angekündigt."


@admin.register(Cooperation)
class CooperationAdmin(CaseSavingMixin, ExportActionMixin, AuditedAdmin):
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
        BelowTargetFilter,
    ]
    search_fields = ["reference"]  # the real search is search_cases(); this only shows the box
    search_help_text = _(
        "Aktenzeichen des Vorgangs oder der Förderung, Titel, Beschreibung, Kommune, AGS oder "
        "Handlungsfeld – jedes Wort muss vorkommen, die besten Treffer stehen oben."
    )
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
        found = search_cases(queryset, search_term)
        if ORDER_VAR in request.GET:  # a column the adviser clicked orders the hits
            found = found.order_by(*queryset.query.order_by)
        return found, False

    @admin.display(description=_("Selbsteinschätzung der Kommune"))
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

    @admin.display(description=_("Prüfung nach der Förderrichtlinie"))
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

    @admin.display(description=_("Partner"), ordering="partners_count")
    def partners_count(self, obj: Any) -> int:
        return obj.partners_count

    @admin.display(description=_("nächster Schritt fällig"), ordering="next_step_due")
    def next_step_due_display(self, obj: Cooperation) -> str:
        if not obj.next_step_due:
            return "–"
        text = f"{obj.next_step_due:%d.%m.%Y}"
        if obj.status in OPEN_STATES and obj.next_step_due < timezone.localdate():
            return format_html('<span class="ikz-overdue">{} (überfällig)</span>', text)
        return text

    @admin.display(description=_("letzte Aktivität"), ordering="last_activity_on")
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

    # --- saving: in CaseSavingMixin (saving.py), every row through the services ---

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
            message_form = MessageForm()
            # Its fields sit inside the case form's Nachrichten section but belong to
            # the message form after it (templates/admin/cooperations/cooperation/change_form.html).
            message_form.fields["body"].widget.attrs["form"] = "ikz-message-form"
            context["message_form"] = message_form
            context["show_transitions"] = True
        if change and obj is not None:
            context["case_sections"] = case_sections(
                context["adminform"], context.get("inline_admin_formsets", [])
            )
            context["savings"] = case_savings(obj, user=acting_user(request))
            # Who may change cases are the advisers whom reports.views.case_file serves (the
            # permission is cached already; is_adviser would ask for the groups once more).
            context["can_see_case_file"] = context.get("show_transitions", False)
            context["agreement"] = office_case_section(obj, request.user)
            context["dossier"] = case_dossier(request.user, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_urls(self) -> list[Any]:
        wrap = self.admin_site.admin_view
        own = [
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

    def case_for_change(self, request: HttpRequest, object_id: str | int) -> Cooperation:
        case = self.get_object(request, str(object_id))
        if case is None:
            raise Http404
        if not self.has_change_permission(request, case):
            raise PermissionDenied
        return case

    def change_url(self, case: Cooperation) -> str:
        return reverse("admin:cooperations_cooperation_change", args=[case.pk])

    def render_page(
        self, request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
    ) -> TemplateResponse:
        ctx = {**self.admin_site.each_context(request), "opts": self.opts, **context}
        return TemplateResponse(request, template, ctx, status=status)

    def transition_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        case = self.case_for_change(request, object_id)
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
                return HttpResponseRedirect(self.change_url(case))
        return self.render_page(
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
        case = self.case_for_change(request, object_id)
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
                return redirect_next(request, self.change_url(case))
        return self.render_page(
            request,
            "admin/cooperations/cooperation/message.html",
            {"title": f"Nachricht zu {case.reference}", "case": case, "form": form},
            status=422 if form.errors else 200,
        )

    # --- bulk actions ---

    def _selected(self, request: HttpRequest, queryset: QuerySet[Cooperation]) -> list[str]:
        return [str(pk) for pk in queryset.values_list("pk", flat=True)]

    @admin.action(description=_("Beraterin/Berater zuweisen"), permissions=["change"])
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
        return self.render_page(
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

    @admin.action(description=_("Nächsten Schritt setzen"), permissions=["change"])
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
        return self.render_page(
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
