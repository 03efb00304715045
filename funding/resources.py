"""Import and export of programmes and grants (CSV/XLSX, German headers and
formats). Imports run as a dry run with a preview first and are all-or-nothing:
django-import-export wraps them in one transaction and offers "Bestätigen" only
when no row has an error."""

from __future__ import annotations

from typing import Any

from import_export import fields

from backoffice.exports import (
    ChoiceLabelWidget,
    EuroWidget,
    GermanBooleanWidget,
    GermanDateWidget,
    GermanDecimalWidget,
    GermanErrorsMixin,
    GermanForeignKeyWidget,
    GermanIntegerWidget,
    GermanModelResource,
)
from backoffice.imports import ServiceImportResource
from cooperations.models import Cooperation

from . import services
from .models import AidKind, Disbursement, FunderLevel, FunderQuestion, Grant, Programme

FILE_NUMBER_MISSING = "Das Aktenzeichen des Bescheids fehlt; es kennzeichnet die Förderung."
NAME_MISSING = "Der Name des Programms fehlt."


class ProgrammeResource(ServiceImportResource, GermanErrorsMixin, GermanModelResource):
    name = fields.Field(attribute="name", column_name="Name")
    short_name = fields.Field(attribute="short_name", column_name="Kurzname")
    funder_level = fields.Field(
        attribute="funder_level", column_name="Fördergeber", widget=ChoiceLabelWidget(FunderLevel)
    )
    funder = fields.Field(attribute="funder", column_name="Fördergeber (Stelle)")
    region = fields.Field(attribute="region", column_name="Fördergebiet")
    aid_kind = fields.Field(attribute="aid_kind", column_name="Förderart", widget=ChoiceLabelWidget(AidKind))
    rate_pct = fields.Field(attribute="rate_pct", column_name="Fördersatz (%)", widget=GermanDecimalWidget())
    ceiling = fields.Field(attribute="ceiling", column_name="Höchstbetrag", widget=EuroWidget())
    deadline = fields.Field(attribute="deadline", column_name="Antragsfrist", widget=GermanDateWidget())
    url = fields.Field(attribute="url", column_name="Link")
    summary = fields.Field(attribute="summary", column_name="Kurzbeschreibung")
    is_active = fields.Field(attribute="is_active", column_name="aktiv", widget=GermanBooleanWidget())

    class Meta:
        model = Programme
        fields = (
            "name",
            "short_name",
            "funder_level",
            "funder",
            "region",
            "aid_kind",
            "rate_pct",
            "ceiling",
            "deadline",
            "url",
            "summary",
            "is_active",
        )
        export_order = fields
        import_id_fields = ("name",)
        clean_model_instances = True
        use_transactions = True

    def before_import_row(self, row: Any, **kwargs: Any) -> None:
        if not str(row.get("Name") or "").strip():
            raise ValueError(NAME_MISSING)

    def save_with_service(self, instance: Programme, is_create: bool, actor: Any) -> None:
        services.programme_save(programme=instance, actor=actor)


class GrantResource(ServiceImportResource, GermanErrorsMixin, GermanModelResource):
    cooperation = fields.Field(
        attribute="cooperation",
        column_name="Vorgang (Aktenzeichen)",
        widget=GermanForeignKeyWidget(Cooperation, field="reference"),
    )
    title = fields.Field(attribute="cooperation__title", column_name="Kooperation", readonly=True)
    programme = fields.Field(
        attribute="programme",
        column_name="Förderprogramm",
        widget=GermanForeignKeyWidget(Programme, field="name"),
    )
    file_number = fields.Field(attribute="file_number", column_name="Aktenzeichen (Bescheid)")
    budget_year = fields.Field(
        attribute="budget_year", column_name="Haushaltsjahr", widget=GermanIntegerWidget()
    )
    applied_amount = fields.Field(attribute="applied_amount", column_name="beantragt", widget=EuroWidget())
    approved_amount = fields.Field(attribute="approved_amount", column_name="bewilligt", widget=EuroWidget())
    status = fields.Field(attribute="status", column_name="Status", widget=ChoiceLabelWidget(Grant.Status))
    applied_on = fields.Field(attribute="applied_on", column_name="Antrag vom", widget=GermanDateWidget())
    decision_date = fields.Field(
        attribute="decision_date", column_name="Bescheid vom", widget=GermanDateWidget()
    )
    proof_of_use_due = fields.Field(
        attribute="proof_of_use_due", column_name="Verwendungsnachweis fällig", widget=GermanDateWidget()
    )
    purpose = fields.Field(attribute="purpose", column_name="Zweck")

    class Meta:
        model = Grant
        fields = (
            "cooperation",
            "title",
            "programme",
            "file_number",
            "budget_year",
            "applied_amount",
            "approved_amount",
            "status",
            "applied_on",
            "decision_date",
            "proof_of_use_due",
            "purpose",
        )
        export_order = fields
        import_id_fields = ("file_number",)
        clean_model_instances = True
        use_transactions = True

    def before_import_row(self, row: Any, **kwargs: Any) -> None:
        if not str(row.get("Aktenzeichen (Bescheid)") or "").strip():
            raise ValueError(FILE_NUMBER_MISSING)

    def save_with_service(self, instance: Grant, is_create: bool, actor: Any) -> None:
        # The same rules as the grant page: approved ≥ paid, guideline pinned, history.
        (services.grant_create if is_create else services.grant_update)(grant=instance, actor=actor)


class DisbursementResource(GermanModelResource):
    grant = fields.Field(attribute="grant__file_number", column_name="Förderung (Aktenzeichen)")
    case = fields.Field(attribute="grant__cooperation__reference", column_name="Vorgang")
    date = fields.Field(attribute="date", column_name="Datum", widget=GermanDateWidget())
    amount = fields.Field(attribute="amount", column_name="Betrag", widget=EuroWidget())
    note = fields.Field(attribute="note", column_name="Vermerk")

    class Meta:
        model = Disbursement
        fields = ("grant", "case", "date", "amount", "note")
        export_order = fields


class FunderQuestionResource(GermanModelResource):
    created_at = fields.Field(attribute="created_at", column_name="Eingang", widget=GermanDateWidget())
    asker_kind = fields.Field(
        attribute="asker_kind", column_name="Wer fragt", widget=ChoiceLabelWidget(FunderQuestion.AskerKind)
    )
    area = fields.Field(attribute="area__name", column_name="Thema")
    status = fields.Field(
        attribute="status", column_name="Status", widget=ChoiceLabelWidget(FunderQuestion.Status)
    )
    referred_office = fields.Field(attribute="referred_office", column_name="verwiesen an")

    class Meta:
        model = FunderQuestion
        # No names or addresses: the export is for statistics.
        fields = ("created_at", "asker_kind", "area", "status", "referred_office")
        export_order = fields
