"""django-import-export resources for contacts. The German widgets and formats every
back-office export shares live in backoffice/exports.py (re-exported here for the
admins that import them from this module)."""

from __future__ import annotations

from import_export import fields

from backoffice.exports import (  # noqa: F401 - re-exported
    FORMATS,
    ChoiceLabelWidget,
    EuroWidget,
    GermanBooleanWidget,
    GermanDateWidget,
    GermanDecimalWidget,
    GermanErrorsMixin,
    GermanForeignKeyWidget,
    GermanIntegerWidget,
    GermanModelResource,
    euro_text,
    parse_german_decimal,
)

from .models import Municipality, Organisation, Person


class MunicipalityResource(GermanModelResource):
    ags = fields.Field(attribute="ags", column_name="AGS")
    name = fields.Field(attribute="name", column_name="Name")
    kind = fields.Field(attribute="kind", column_name="Art", widget=ChoiceLabelWidget(Municipality.Kind))
    district = fields.Field(attribute="district__name", column_name="Kreis", readonly=True)
    population = fields.Field(attribute="population", column_name="Einwohner", widget=GermanIntegerWidget())
    population_date = fields.Field(
        attribute="population_date", column_name="Stand", widget=GermanDateWidget()
    )
    valid_until = fields.Field(attribute="valid_until", column_name="gültig bis", widget=GermanDateWidget())
    successor = fields.Field(attribute="successor__name", column_name="Nachfolgerin", readonly=True)

    class Meta:
        model = Municipality
        fields = (
            "ags",
            "name",
            "kind",
            "district",
            "population",
            "population_date",
            "valid_until",
            "successor",
        )
        import_id_fields = ("ags",)


class OrganisationResource(GermanModelResource):
    name = fields.Field(attribute="name", column_name="Name")
    kind = fields.Field(attribute="kind", column_name="Art", widget=ChoiceLabelWidget(Organisation.Kind))
    email = fields.Field(attribute="email", column_name="E-Mail")
    phone = fields.Field(attribute="phone", column_name="Telefon")

    class Meta:
        model = Organisation
        fields = ("name", "kind", "email", "phone")


class PersonResource(GermanModelResource):
    last_name = fields.Field(attribute="last_name", column_name="Nachname")
    first_name = fields.Field(attribute="first_name", column_name="Vorname")
    function = fields.Field(attribute="function", column_name="Funktion")
    organisation = fields.Field(attribute="organisation__name", column_name="Organisation", readonly=True)
    municipality = fields.Field(attribute="municipality__name", column_name="Kommune", readonly=True)
    email = fields.Field(attribute="email", column_name="E-Mail")
    phone = fields.Field(attribute="phone", column_name="Telefon")

    class Meta:
        model = Person
        fields = ("last_name", "first_name", "function", "organisation", "municipality", "email", "phone")
