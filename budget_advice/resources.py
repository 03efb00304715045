"""Export of consultations and recommendations (CSV/XLSX, German headers and formats)."""

from __future__ import annotations

from import_export import fields

from backoffice.exports import (
    ChoiceLabelWidget,
    EuroWidget,
    GermanDateWidget,
    GermanIntegerWidget,
    GermanModelResource,
)
from contacts.models import SizeClass

from .models import Consultation, Recommendation


class ConsultationResource(GermanModelResource):
    municipality = fields.Field(attribute="municipality__name", column_name="Kommune")
    ags = fields.Field(attribute="municipality__ags", column_name="AGS")
    date = fields.Field(attribute="date", column_name="Datum", widget=GermanDateWidget())
    status = fields.Field(
        attribute="status", column_name="Status", widget=ChoiceLabelWidget(Consultation.Status)
    )
    population = fields.Field(
        attribute="population", column_name="Einwohner am Beratungstag", widget=GermanIntegerWidget()
    )
    size_class = fields.Field(
        attribute="size_class", column_name="Größenklasse", widget=ChoiceLabelWidget(SizeClass)
    )

    class Meta:
        model = Consultation
        fields = ("municipality", "ags", "date", "status", "population", "size_class")
        export_order = fields


class RecommendationResource(GermanModelResource):
    municipality = fields.Field(attribute="consultation__municipality__name", column_name="Kommune")
    date = fields.Field(attribute="consultation__date", column_name="Beratung vom", widget=GermanDateWidget())
    area = fields.Field(
        attribute="area", column_name="Bereich", widget=ChoiceLabelWidget(Recommendation.Area)
    )
    text = fields.Field(attribute="text", column_name="Empfehlung")
    effect = fields.Field(attribute="estimated_effect", column_name="Wirkung pro Jahr", widget=EuroWidget())
    implemented = fields.Field(
        attribute="implemented", column_name="Umsetzung", widget=ChoiceLabelWidget(Recommendation.Implemented)
    )
    follow_up_due = fields.Field(
        attribute="follow_up_due", column_name="Nachverfolgung fällig", widget=GermanDateWidget()
    )

    class Meta:
        model = Recommendation
        fields = ("municipality", "date", "area", "text", "effect", "implemented", "follow_up_due")
        export_order = fields
