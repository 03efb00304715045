"""The programme catalogue, its lookup lists and the funding guidelines in the back office."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from accounts.access import acting_user
from accounts.export_admin import ImportExportMixin
from backoffice.admins import ServiceWritesMixin
from backoffice.imports import ServiceImportMixin
from backoffice.money import MoneyFieldsMixin, euro_text
from contacts.resources import FORMATS

from .. import services
from ..models import (
    Eligibility,
    FundingArea,
    FundingGuideline,
    Programme,
)
from ..resources import ProgrammeResource

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

    @admin.display(description=_("Regelzuwendung"))
    def amount_table(self, obj: FundingGuideline) -> str:
        rows = [(r["partners"], euro_text(Decimal(str(r["amount"])))) for r in obj.amounts or []]
        return format_html_join(", ", "{} Partner: {}", rows) or "–"
