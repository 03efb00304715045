"""Export of the case list (CSV/XLSX) with German headers and formats."""

from __future__ import annotations

from typing import Any

from import_export import fields

from backoffice.exports import (
    ChoiceLabelWidget,
    EuroWidget,
    GermanDateWidget,
    GermanDecimalWidget,
    GermanModelResource,
)

from .models import Cooperation, LegalForm, Stage, Status


class CooperationResource(GermanModelResource):
    reference = fields.Field(attribute="reference", column_name="Aktenzeichen")
    title = fields.Field(attribute="title", column_name="Titel")
    lead = fields.Field(attribute="lead_municipality__name", column_name="Federführende Kommune")
    lead_ags = fields.Field(attribute="lead_municipality__ags", column_name="AGS")
    partners = fields.Field(column_name="Partner (Anzahl)")
    field_of_action = fields.Field(attribute="field_of_action__name", column_name="Handlungsfeld")
    legal_form = fields.Field(
        attribute="legal_form", column_name="Rechtsform", widget=ChoiceLabelWidget(LegalForm)
    )
    stage = fields.Field(attribute="stage", column_name="Kooperationsstufe", widget=ChoiceLabelWidget(Stage))
    status = fields.Field(attribute="status", column_name="Status", widget=ChoiceLabelWidget(Status))
    adviser = fields.Field(column_name="Beraterin / Berater")
    next_step = fields.Field(attribute="next_step", column_name="Nächster Schritt")
    next_step_due = fields.Field(
        attribute="next_step_due", column_name="fällig am", widget=GermanDateWidget()
    )
    savings = fields.Field(
        attribute="expected_savings_eur", column_name="Erwartete Einsparung pro Jahr", widget=EuroWidget()
    )
    savings_pct = fields.Field(
        attribute="expected_savings_pct", column_name="Erwartete Einsparung (%)", widget=GermanDecimalWidget()
    )
    submitted_at = fields.Field(
        attribute="submitted_at", column_name="Eingegangen am", widget=GermanDateWidget()
    )
    created_at = fields.Field(attribute="created_at", column_name="Angelegt am", widget=GermanDateWidget())

    class Meta:
        model = Cooperation
        fields = (
            "reference",
            "title",
            "lead",
            "lead_ags",
            "partners",
            "field_of_action",
            "legal_form",
            "stage",
            "status",
            "adviser",
            "next_step",
            "next_step_due",
            "savings",
            "savings_pct",
            "submitted_at",
            "created_at",
        )
        export_order = fields

    def dehydrate_partners(self, obj: Any) -> int:
        count = getattr(obj, "partners_count", None)
        return count if count is not None else obj.participations.filter(left_on__isnull=True).count()

    def dehydrate_adviser(self, obj: Cooperation) -> str:
        if obj.adviser is None:
            return ""
        return obj.adviser.get_full_name() or obj.adviser.email
