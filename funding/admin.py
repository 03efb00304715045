"""Funding in the back office: programmes (import/export), guidelines (the rules as
data), grants with the rule check and the standard amount proposed, disbursements
only through funding.services.disbursement_create."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import DecimalField, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.text import smart_split, unescape_string_literal

from accounts.access import acting_user
from backoffice.admins import AuditedAdmin, EstimatedCountPaginator, ServiceWritesMixin, formset_saved
from backoffice.export_admin import ExportActionMixin, ExportMixin, ImportExportMixin
from backoffice.imports import ServiceImportMixin
from backoffice.inlines import LabelledTabularInline
from backoffice.money import MoneyFieldsMixin, euro_text
from contacts.resources import FORMATS
from ikz_portal.parse import parse_id

from . import rules, services
from .forms import DisbursementForm, DisbursementFormSet, GrantForm, PaymentRowForm, add_errors
from .models import (
    Disbursement,
    Eligibility,
    FunderQuestion,
    FundingArea,
    FundingGuideline,
    Grant,
    Programme,
)
from .resources import DisbursementResource, FunderQuestionResource, GrantResource, ProgrammeResource

ANSWER_MAILED = "Die Antwort ist gespeichert und geht per E-Mail an {to}."
AMOUNTS_FORMAT = 'Bitte als Liste angeben, z. B. [{"partners": 2, "amount": "50000.00"}, {"partners": 3, "amount": "75000.00"}].'
AMOUNTS_ROW = "Zeile {n}: „partners“ muss eine ganze Zahl ≥ 1 und „amount“ ein Betrag ≥ 0 sein."
AMOUNTS_DUPLICATE = "Die Partnerzahl {partners} steht mehrfach in der Tabelle."


@admin.register(Programme)
class ProgrammeAdmin(
    ServiceWritesMixin, ServiceImportMixin, ImportExportMixin, MoneyFieldsMixin, admin.ModelAdmin
):
    resource_classes = [ProgrammeResource]
    formats = FORMATS
    list_display = ["name", "funder_level", "aid_kind", "region", "deadline", "is_active"]
    list_filter = ["funder_level", "aid_kind", "is_active", "is_ikz", "eligible", "areas"]
    search_fields = ["name", "short_name", "summary"]
    filter_horizontal = ["eligible", "areas"]
    show_full_result_count = False

    def save_model(self, request: HttpRequest, obj: Programme, form: Any, change: bool) -> None:
        services.programme_save(programme=obj, actor=acting_user(request))

    def delete_model(self, request: HttpRequest, obj: Programme) -> None:
        services.programme_delete(programme=obj, actor=acting_user(request))


@admin.register(Eligibility, FundingArea)
class LookupAdmin(ServiceWritesMixin, admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def save_model(
        self, request: HttpRequest, obj: Eligibility | FundingArea, form: Any, change: bool
    ) -> None:
        services.lookup_save(lookup=obj, actor=acting_user(request))

    def delete_model(self, request: HttpRequest, obj: Eligibility | FundingArea) -> None:
        services.lookup_delete(lookup=obj, actor=acting_user(request))


class GuidelineForm(forms.ModelForm):
    class Meta:
        model = FundingGuideline
        fields = [
            "land",
            "name",
            "valid_from",
            "valid_until",
            "min_partners",
            "exception_min_partners",
            "min_duration_years",
            "min_savings_pct",
            "amounts",
            "per_additional_partner",
            "per_gvv_member",
            "per_fire_brigade",
            "max_rate_pct",
        ]
        help_texts = {
            "amounts": "Regelzuwendung je Partnerzahl: die Zeile mit der größten Partnerzahl ≤ der Zahl der "
            "Partner gilt; über die letzte Zeile hinaus kommt der Zuschlag je weiterem Partner hinzu. "
            + AMOUNTS_FORMAT
        }

    def clean_amounts(self) -> list[dict[str, Any]]:
        rows = self.cleaned_data.get("amounts") or []
        if not isinstance(rows, list):
            raise ValidationError(AMOUNTS_FORMAT)
        seen: set[int] = set()
        clean: list[dict[str, Any]] = []
        for n, row in enumerate(rows, start=1):
            try:
                partners = int(row["partners"])
                amount = Decimal(str(row["amount"]))
            except (KeyError, TypeError, ValueError, InvalidOperation):
                raise ValidationError(AMOUNTS_ROW.format(n=n)) from None
            if partners < 1 or amount < 0:
                raise ValidationError(AMOUNTS_ROW.format(n=n))
            if partners in seen:
                raise ValidationError(AMOUNTS_DUPLICATE.format(partners=partners))
            seen.add(partners)
            clean.append({"partners": partners, "amount": f"{amount:.2f}"})
        return sorted(clean, key=lambda r: r["partners"])


@admin.register(FundingGuideline)
class FundingGuidelineAdmin(ServiceWritesMixin, MoneyFieldsMixin, admin.ModelAdmin):
    form = GuidelineForm
    list_display = ["name", "land", "valid_from", "valid_until", "min_partners", "amount_table"]
    list_filter = ["land"]
    search_fields = ["name"]
    fieldsets = [
        (None, {"fields": ["land", "name", "valid_from", "valid_until"]}),
        (
            "Voraussetzungen",
            {"fields": ["min_partners", "exception_min_partners", "min_duration_years", "min_savings_pct"]},
        ),
        (
            "Beträge",
            {
                "fields": [
                    "amounts",
                    "per_additional_partner",
                    "per_gvv_member",
                    "per_fire_brigade",
                    "max_rate_pct",
                ]
            },
        ),
    ]

    def save_model(self, request: HttpRequest, obj: FundingGuideline, form: Any, change: bool) -> None:
        services.guideline_save(guideline=obj, actor=acting_user(request))

    def delete_model(self, request: HttpRequest, obj: FundingGuideline) -> None:
        services.guideline_delete(guideline=obj, actor=acting_user(request))

    @admin.display(description="Regelzuwendung")
    def amount_table(self, obj: FundingGuideline) -> str:
        rows = [(r["partners"], euro_text(Decimal(str(r["amount"])))) for r in obj.amounts or []]
        return format_html_join(", ", "{} Partner: {}", rows) or "–"


class DisbursementInline(LabelledTabularInline):
    """The payments of a grant: booked ones shown, new ones added (all new rows of one
    save together through funding.services.disbursements_record)."""

    model = Disbursement
    form = PaymentRowForm
    formset = DisbursementFormSet
    extra = 0
    fields = ["date", "betrag", "note"]

    @admin.display(description="Betrag (€)")
    def betrag(self, obj: Disbursement) -> str:
        return euro_text(obj.amount)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Booked disbursements are not edited; a correction is a new booking.
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def render_check(check: rules.RuleCheck) -> str:
    """The proposal and the warnings as HTML (grant form and case page)."""
    proposal = (
        format_html(
            "<p>Vorschlag nach „{}“: <strong>{}</strong> ({}; {} Partner)</p>",
            check.guideline,
            euro_text(check.amount),
            check.basis,
            check.partners,
        )
        if check.guideline and check.amount is not None
        else ""
    )
    warnings = format_html_join("", '<p class="ikz-warning">{}</p>', ((w,) for w in check.warnings))
    ok = (
        format_html('<p class="ikz-ok">{}</p>', "Alle Regeln der Richtlinie sind erfüllt.")
        if not check.warnings
        else ""
    )
    return format_html("{}{}{}", proposal, warnings, ok)


class BudgetYearFilter(admin.AllValuesFieldListFilter):
    """Django's filter by every budget year that occurs, but the years are read as a skip
    scan over the index grant_year_created – one probe per year – instead of
    SELECT DISTINCT over all grants (nationwide 200,000 rows, 30 ms per list view)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        table = connection.ops.quote_name(Grant._meta.db_table)
        # The table name is the model's own, quoted; no user input goes into the text.
        sql = (
            "WITH RECURSIVE years (y) AS ("  # noqa: S608
            f" SELECT MIN(budget_year) FROM {table}"
            f" UNION ALL SELECT (SELECT MIN(budget_year) FROM {table} WHERE budget_year > y)"
            " FROM years WHERE y IS NOT NULL"
            ") SELECT y FROM years WHERE y IS NOT NULL ORDER BY y"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql)
            self.lookup_choices = [row[0] for row in cursor.fetchall()]  # type: ignore[assignment]


@admin.register(Grant)
class GrantAdmin(ServiceImportMixin, ImportExportMixin, ExportActionMixin, AuditedAdmin):
    form = GrantForm
    paginator = EstimatedCountPaginator
    resource_classes = [GrantResource]
    formats = FORMATS
    list_display = [
        "file_number",
        "cooperation",
        "budget_year",
        "status",
        "applied_display",
        "approved_display",
        "paid_display",
        "proof_of_use_due",
    ]
    list_filter = ["status", ("budget_year", BudgetYearFilter), "programme__funder_level", "guideline"]
    search_fields = ["file_number", "cooperation__reference", "cooperation__title"]
    list_select_related = ["cooperation"]
    autocomplete_fields = ["cooperation"]  # programmes: a short plain list
    inlines = [DisbursementInline]
    readonly_fields = ["rule_check"]
    show_full_result_count = False
    list_per_page = 50
    fieldsets = [
        (None, {"fields": ["cooperation", "programme", "guideline", "rule_check", "purpose"]}),
        (
            "Beträge",
            {"fields": ["applied_amount", "approved_amount", "budget_year", "status", "exception_reason"]},
        ),
        ("Daten", {"fields": ["applied_on", "decision_date", "file_number"]}),
        ("Verwendungsnachweis", {"fields": ["proof_of_use_due", "proof_of_use_received_on", "notes"]}),
        (
            "Rückforderung",
            {
                "fields": ["reclaimed_amount", "reclaimed_on"],
                "description": "Mit dem Status „zurückgefordert“: Betrag und Datum der Rückforderung.",
            },
        ),
    ]

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Grant], search_term: str
    ) -> tuple[QuerySet[Grant], bool]:
        """Every word (or "quoted phrase") must occur in the decision's file number or the
        case's reference or title, as in the default search. Each of the three is its own
        subquery served by a trigram index on UPPER(column) (funding 0004, cooperations
        0004) and the list takes their UNION: an OR over the join to the cases made
        PostgreSQL test every grant against every condition instead of using the indexes."""
        for bit in smart_split(search_term):
            if bit[:1] in ('"', "'") and bit[-1:] == bit[:1] and len(bit) > 1:
                bit = unescape_string_literal(bit)
            if not bit.strip():
                continue
            by_number = Grant.objects.filter(file_number__icontains=bit).values_list("pk").order_by()
            by_reference = (
                Grant.objects.filter(cooperation__reference__icontains=bit).values_list("pk").order_by()
            )
            by_title = Grant.objects.filter(cooperation__title__icontains=bit).values_list("pk").order_by()
            queryset = queryset.filter(pk__in=by_number.union(by_reference, by_title))
        return queryset, False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Grant]:
        paid = (
            Disbursement.objects.filter(grant=OuterRef("pk"))
            .order_by()
            .values("grant")
            .annotate(s=Sum("amount"))
            .values("s")
        )
        return (
            super()
            .get_queryset(request)
            .annotate(
                paid=Coalesce(
                    Subquery(paid, output_field=DecimalField(max_digits=12, decimal_places=2)), Decimal("0")
                )
            )
        )

    @admin.display(description="beantragt", ordering="applied_amount")
    def applied_display(self, obj: Grant) -> str:
        return euro_text(obj.applied_amount)

    @admin.display(description="bewilligt", ordering="approved_amount")
    def approved_display(self, obj: Grant) -> str:
        return euro_text(obj.approved_amount) or "–"

    @admin.display(description="ausgezahlt", ordering="paid")
    def paid_display(self, obj: Any) -> str:
        return euro_text(obj.paid)

    def _case_for(self, request: HttpRequest, obj: Grant | None) -> Any:
        from cooperations.models import Cooperation

        if obj is not None and obj.cooperation_id:
            return obj.cooperation
        pk = parse_id(request.GET.get("cooperation"))
        if pk is not None:
            return Cooperation.objects.filter(pk=pk).first()
        return None

    @admin.display(description="Förderregeln")
    def rule_check(self, obj: Grant | None) -> str:
        # A new grant offered for a case has the case on its instance (GrantForm): no
        # request state on this admin, which serves every thread.
        case = obj.cooperation if obj is not None and obj.cooperation_id else None
        if case is None:
            return "Vorschlag und Prüfung erscheinen, sobald der Vorgang gewählt und gespeichert ist."
        check = rules.check_case(
            case,
            exception_reason=(obj.exception_reason if obj else ""),
            guideline=(obj.guideline if obj is not None and obj.guideline_id else None),
        )
        return render_check(check)

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        initial = super().get_changeform_initial_data(request)
        case = self._case_for(request, None)
        initial.setdefault("budget_year", timezone.localdate().year)
        guideline = rules.guideline_in_force()
        if guideline is not None:
            initial.setdefault("guideline", guideline.pk)
        if case is not None:
            initial["cooperation"] = case.pk
            check = rules.check_case(case)
            if check.amount is not None:
                initial["applied_amount"] = check.amount
        return initial

    def get_inlines(self, request: HttpRequest, obj: Any) -> list[Any]:
        # Disbursements need an approved, saved grant.
        return [DisbursementInline] if obj is not None else []

    def save_model(self, request: HttpRequest, obj: Grant, form: Any, change: bool) -> None:
        write = services.grant_update if change else services.grant_create
        saved = write(grant=obj, actor=acting_user(request))
        for warning in saved.warnings:
            messages.warning(request, warning)

    def delete_model(self, request: HttpRequest, obj: Grant) -> None:
        services.grant_delete(grant=obj, actor=acting_user(request))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Grant]) -> None:
        for grant in queryset:
            services.grant_delete(grant=grant, actor=acting_user(request))

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        if formset.model is not Disbursement:
            raise NotImplementedError(formset.model)
        new = formset.new_payments()
        created = services.disbursements_record(
            grant=form.instance,
            payments=[
                services.Payment(
                    f.cleaned_data["date"], f.cleaned_data["amount"], f.cleaned_data.get("note", "")
                )
                for f in new
            ],
            actor=acting_user(request),
        )
        for f, disbursement in zip(new, created, strict=True):
            f.instance = disbursement
        formset_saved(formset, new=created, changed=[], deleted=[])


@admin.register(Disbursement)
class DisbursementAdmin(ExportMixin, AuditedAdmin):
    paginator = EstimatedCountPaginator
    resource_classes = [DisbursementResource]
    formats = FORMATS
    form = DisbursementForm
    list_display = ["grant", "date", "amount_display"]
    list_filter = [("date", admin.DateFieldListFilter)]
    search_fields = ["grant__file_number", "grant__cooperation__reference"]
    list_select_related = ["grant"]
    autocomplete_fields = ["grant"]
    show_full_result_count = False

    @admin.display(description="Betrag", ordering="amount")
    def amount_display(self, obj: Disbursement) -> str:
        return euro_text(obj.amount)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    def get_fields(self, request: HttpRequest, obj: Disbursement | None = None) -> Any:
        # A booked payment is shown read-only, its amount as 60.000,00 €.
        return (
            ["grant", "date", "amount_display", "note"]
            if obj is not None
            else super().get_fields(request, obj)
        )

    def get_readonly_fields(self, request: HttpRequest, obj: Disbursement | None = None) -> Any:
        # Declared read-only as well, so that every form the admin builds for a booked
        # payment (also the history's view of an old version) leaves the display out.
        return ["amount_display"] if obj is not None else []

    def delete_model(self, request: HttpRequest, obj: Disbursement) -> None:
        services.disbursement_delete(disbursement=obj, actor=acting_user(request))

    def save_model(self, request: HttpRequest, obj: Disbursement, form: Any, change: bool) -> None:
        created = services.disbursement_create(
            grant=obj.grant,
            date=obj.date,
            amount=obj.amount,
            note=obj.note,
            actor=acting_user(request),
        )
        obj.pk = created.pk


class FunderQuestionForm(forms.ModelForm):
    """The question's own page: an answer typed here is sent to the asker by
    funding.services.question_answer, as from the Eingang – never saved silently."""

    class Meta:
        model = FunderQuestion
        exclude: list[str] = []  # the admin passes the fields of its fieldsets

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        answer = (data.get("answer") or "").strip()
        status = data.get("status")
        answered = (FunderQuestion.Status.ANSWERED, FunderQuestion.Status.REFERRED)
        if self.instance.pk is None:
            return data
        if "answer" in self.changed_data and self.instance.answered_at is not None:
            try:
                services.question_answerable(self.instance)
            except ValidationError as exc:
                add_errors(self, exc)
        elif status in answered and self.instance.answered_at is None and not answer:
            self.add_error("answer", services.ANSWER_EMPTY)
        return data

    def sends_answer(self) -> bool:
        """A new answer, or „beantwortet“/„weitergeleitet“ set with one: it goes out."""
        answer = (self.cleaned_data.get("answer") or "").strip()
        return (
            self.instance.answered_at is None
            and bool(answer)
            and (
                "answer" in self.changed_data
                or self.cleaned_data.get("status")
                in (FunderQuestion.Status.ANSWERED, FunderQuestion.Status.REFERRED)
            )
        )


@admin.register(FunderQuestion)
class FunderQuestionAdmin(ServiceWritesMixin, ExportMixin, admin.ModelAdmin):
    form = FunderQuestionForm
    resource_classes = [FunderQuestionResource]
    formats = FORMATS
    list_display = ["created_at", "name", "asker_kind", "area", "status", "assigned_to", "answer_link"]
    list_filter = ["status", "asker_kind", "area"]
    search_fields = ["name", "email", "organisation_name", "text"]
    list_select_related = ["area", "assigned_to"]
    raw_id_fields = ["municipality", "assigned_to", "programme"]
    filter_horizontal = ["referred_programmes"]
    readonly_fields = ["answered_at", "anonymised_at"]
    show_full_result_count = False
    ordering = ["created_at"]

    @admin.display(description="Antworten")
    def answer_link(self, obj: FunderQuestion) -> str:
        return format_html(
            '<a href="{}">beantworten</a>', reverse("admin:cooperations_cooperation_question", args=[obj.pk])
        )

    def delete_model(self, request: HttpRequest, obj: FunderQuestion) -> None:
        services.question_delete(question=obj, actor=acting_user(request))

    def save_model(self, request: HttpRequest, obj: FunderQuestion, form: Any, change: bool) -> None:
        if change and form.sends_answer():
            # The answer and the referral go out by mail; the other fields of the form first.
            answer, office = obj.answer, obj.referred_office
            obj.status = FunderQuestion.objects.values_list("status", flat=True).get(pk=obj.pk)
            services.question_update(question=obj, actor=acting_user(request))
            services.question_answer(
                question=obj, answer=answer, referred_office=office, actor=acting_user(request)
            )
            obj.refresh_from_db()
            messages.success(request, ANSWER_MAILED.format(to=obj.email))
            return
        services.question_update(question=obj, actor=acting_user(request))
