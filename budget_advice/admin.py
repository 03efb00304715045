"""Budget advice (Haushaltsberatung) for the budget advisers: consultations with
meetings, advisers, questionnaire, key figures and a comparison sheet against the
municipalities of the same size class; recommendations followed up after 12 months."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import Aggregate, FloatField, Q, QuerySet
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from accounts import roles
from accounts.access import acting_user
from accounts.export_admin import ExportMixin
from accounts.models import User
from backoffice.admins import AuditedAdmin, EstimatedCountPaginator
from backoffice.inlines import LabelledTabularInline
from backoffice.money import MoneyFieldsMixin
from contacts.models import SizeClass
from contacts.resources import FORMATS, euro_text
from core.formats import percent

from . import services
from .models import BudgetFigures, Consultation, Meeting, Recommendation
from .resources import ConsultationResource, RecommendationResource

# (field, label, unit) of the comparison sheet.
METRICS = [
    ("tax_rate_property_b", "Hebesatz Grundsteuer B", "%"),
    ("tax_rate_trade", "Hebesatz Gewerbesteuer", "%"),
    ("personnel_costs_per_inhabitant", "Personalkosten je Einwohner", "€"),
    ("debt_per_inhabitant", "Schulden je Einwohner", "€"),
    ("deficit", "Defizit", "€"),
]


class PercentileCont(Aggregate):
    """PostgreSQL's ordered-set aggregate percentile_cont(f) WITHIN GROUP (ORDER BY x)."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def __init__(self, expression: str, fraction: float, **extra: Any) -> None:
        super().__init__(expression, fraction=str(float(fraction)), **extra)


MIN_PEERS = 5
TOO_FEW_PEERS = (
    "Kein Vergleich: Für {label} gibt es Werte von weniger als {min} anderen Kommunen dieser "
    "Größenklasse ({n}). Quartile aus so wenigen Werten ließen auf die Zahlen einzelner "
    "Kommunen schließen."
)


def comparison(consultation: Consultation) -> list[dict[str, Any]]:
    """Quartiles of each key figure over the consultations of other municipalities
    in the same size class (the class on their consultation date). A figure with values of
    fewer than MIN_PEERS other municipalities gets no quartiles but a note: with one
    value, all three quartiles would be that municipality's own figure."""
    from django.db.models import Count

    figures = getattr(consultation, "figures", None)
    peers = BudgetFigures.objects.filter(consultation__size_class=consultation.size_class).exclude(
        consultation__municipality_id=consultation.municipality_id
    )
    aggregates: dict[str, Any] = {}
    for name, _label, _unit in METRICS:
        present = Q(**{f"{name}__isnull": False})
        aggregates[f"{name}__q1"] = PercentileCont(name, 0.25, filter=present)
        aggregates[f"{name}__median"] = PercentileCont(name, 0.5, filter=present)
        aggregates[f"{name}__q3"] = PercentileCont(name, 0.75, filter=present)
        aggregates[f"{name}__n"] = Count("consultation__municipality", filter=present, distinct=True)
    result = peers.aggregate(**aggregates)
    rows: list[dict[str, Any]] = []
    for name, label, unit in METRICS:
        own = getattr(figures, name, None) if figures else None
        n = result.get(f"{name}__n") or 0
        enough = n >= MIN_PEERS
        rows.append(
            {
                "label": label,
                "unit": unit,
                "own": own,
                "q1": result.get(f"{name}__q1") if enough else None,
                "median": result.get(f"{name}__median") if enough else None,
                "q3": result.get(f"{name}__q3") if enough else None,
                "n": n,
                "note": "" if enough else TOO_FEW_PEERS.format(label=label, min=MIN_PEERS, n=n),
            }
        )
    return rows


def _fmt(value: Any, unit: str) -> str:
    if value is None:
        return "–"
    # Quartiles come from PostgreSQL's percentile_cont as double precision: read through
    # their text, so 1234.5 stays 1234.5 (Decimal(float) would carry the binary error).
    amount = value if isinstance(value, Decimal | int) else Decimal(str(value))
    if unit == "€":
        return euro_text(amount)
    return percent(amount, 0)


class MeetingInline(LabelledTabularInline):
    model = Meeting
    extra = 0


class BudgetFiguresInline(MoneyFieldsMixin, admin.StackedInline):
    model = BudgetFigures
    extra = 0
    max_num = 1


class RecommendationInline(MoneyFieldsMixin, admin.StackedInline):
    model = Recommendation
    extra = 0
    fields = [("area", "estimated_effect"), "text", ("implemented", "follow_up_due", "followed_up_on")]


@admin.register(Consultation)
class ConsultationAdmin(ExportMixin, AuditedAdmin):
    paginator = EstimatedCountPaginator
    resource_classes = [ConsultationResource]
    formats = FORMATS
    list_display = ["municipality", "date", "status", "size_class", "population", "n_recommendations"]
    list_filter = ["status", "size_class", ("date", admin.DateFieldListFilter)]
    search_fields = ["municipality__name", "municipality__ags"]
    list_select_related = ["municipality"]
    autocomplete_fields = ["municipality"]
    readonly_fields = ["running_number_display", "population", "size_class", "comparison_sheet"]
    inlines = [MeetingInline, BudgetFiguresInline, RecommendationInline]
    show_full_result_count = False
    list_per_page = 50
    fieldsets = [
        (None, {"fields": ["municipality", "date", "status", "running_number_display", "advisers"]}),
        ("Am Beratungstag", {"fields": ["population", "size_class"]}),
        (
            "Anfrage und Fragebogen",
            {"fields": ["topics", "preferred_dates", "requested_by", "questionnaire", "notes"]},
        ),
        ("Vergleich mit Kommunen derselben Größenklasse", {"fields": ["comparison_sheet"]}),
    ]
    raw_id_fields = ["requested_by"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Consultation]:
        from django.db.models import Count

        return super().get_queryset(request).annotate(recommendation_count=Count("recommendations"))

    @admin.display(description=_("Empfehlungen"), ordering="recommendation_count")
    def n_recommendations(self, obj: Any) -> int:
        return obj.recommendation_count

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "advisers":
            kwargs["widget"] = forms.CheckboxSelectMultiple  # a handful of budget advisers
            kwargs["queryset"] = (
                User.objects.filter(is_staff=True, is_active=True)
                .filter(Q(groups__name__in=[roles.BUDGET, roles.ADMINISTRATION]) | Q(is_superuser=True))
                .distinct()
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def formfield_for_dbfield(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "questionnaire" and formfield is not None:
            # The "change file" input of ClearableFileInput has no <label> of its own.
            formfield.widget.attrs["aria-label"] = str(db_field.verbose_name)
        return formfield

    @admin.display(description=_("Laufende Nummer"))
    def running_number_display(self, obj: Consultation | None) -> str:
        number = obj.get_running_number() if obj is not None else None
        if number is None:
            return "–" if obj is not None and obj.pk else "Erscheint nach dem Speichern."
        suffix = (
            "" if obj is not None and obj.status in Consultation.HELD_STATES else " (sobald durchgeführt)"
        )
        return f"{number}. Beratung dieser Kommune{suffix}"

    @admin.display(description=_("Vergleichsbogen"))
    def comparison_sheet(self, obj: Consultation | None) -> str:
        if obj is None or obj.pk is None:
            return "Erscheint nach dem Speichern mit Kennzahlen."
        rows = comparison(obj)
        size = SizeClass(obj.size_class).label if obj.size_class else "unbekannt"
        body = format_html_join(
            "",
            '<tr><th scope="row">{}</th><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td>'
            '<td class="num">{}</td><td class="num">{}</td></tr>',
            (
                (
                    r["label"],
                    _fmt(r["own"], r["unit"]),
                    _fmt(r["q1"], r["unit"]),
                    _fmt(r["median"], r["unit"]),
                    _fmt(r["q3"], r["unit"]),
                    r["n"],
                )
                for r in rows
            ),
        )
        return format_html(
            '<table class="ikz-table"><caption>Größenklasse: {}</caption><thead><tr><th scope="col">Kennzahl</th>'
            '<th scope="col" class="num">diese Kommune</th><th scope="col" class="num">unteres Quartil</th>'
            '<th scope="col" class="num">Median</th><th scope="col" class="num">oberes Quartil</th>'
            '<th scope="col" class="num">Vergleichskommunen</th></tr></thead><tbody>{}</tbody></table>{}',
            size,
            body,
            format_html_join("", "<p>{}</p>", ((r["note"],) for r in rows if r["note"])),
        )

    def delete_model(self, request: HttpRequest, obj: Consultation) -> None:
        services.consultation_delete(consultation=obj, actor=acting_user(request))

    def save_model(self, request: HttpRequest, obj: Consultation, form: Any, change: bool) -> None:
        if change:
            services.consultation_update(consultation=obj, actor=acting_user(request))
            return
        # A new consultation keeps the population and size class of its date (consultation_create).
        own = {f.name for f in Consultation._meta.concrete_fields}
        fields = {
            k: v for k, v in form.cleaned_data.items() if k in own and k not in {"municipality", "date"}
        }
        created = services.consultation_create(
            municipality=obj.municipality, date=obj.date, actor=acting_user(request), **fields
        )
        obj.pk, obj._state.adding = created.pk, False
        obj.population, obj.size_class = created.population, created.size_class
        obj.created_at, obj.updated_at = created.created_at, created.updated_at

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        actor = acting_user(request)
        instances = formset.save(commit=False)  # builds the rows; the service writes them
        for obj in formset.deleted_objects:
            services.consultation_row_delete(row=obj, actor=actor)
        for obj in instances:
            services.consultation_row_save(row=obj, actor=actor)


class FollowUpFilter(admin.SimpleListFilter):
    title = "Nachverfolgung"
    parameter_name = "nachverfolgung"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("faellig", "fällig, noch offen"), ("erledigt", "nachverfolgt")]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Recommendation]) -> QuerySet[Recommendation]:
        from django.utils import timezone

        if self.value() == "faellig":
            return queryset.filter(follow_up_due__lte=timezone.localdate(), followed_up_on__isnull=True)
        if self.value() == "erledigt":
            return queryset.filter(followed_up_on__isnull=False)
        return queryset


@admin.register(Recommendation)
class RecommendationAdmin(ExportMixin, AuditedAdmin):
    resource_classes = [RecommendationResource]
    formats = FORMATS
    list_display = [
        "consultation",
        "area",
        "effect_display",
        "implemented",
        "follow_up_due",
        "followed_up_on",
    ]
    list_filter = ["area", "implemented", FollowUpFilter]
    search_fields = ["consultation__municipality__name", "text"]
    list_select_related = ["consultation__municipality"]
    raw_id_fields = ["consultation"]
    show_full_result_count = False

    @admin.display(description=_("Wirkung pro Jahr"), ordering="estimated_effect")
    def effect_display(self, obj: Recommendation) -> str:
        return euro_text(obj.estimated_effect) or "–"

    def save_model(self, request: HttpRequest, obj: Recommendation, form: Any, change: bool) -> None:
        services.consultation_row_save(row=obj, actor=acting_user(request))

    def delete_model(self, request: HttpRequest, obj: Recommendation) -> None:
        services.consultation_row_delete(row=obj, actor=acting_user(request))
