"""django-import-export resources for contacts, and the German widgets every
back-office export shares: dates as 31.12.2026, money as 1.234,56 €, choices by
their German label. The same widgets parse these formats on import."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import models
from import_export import fields, resources, widgets
from import_export.formats.base_formats import CSV, XLSX

from backoffice.money import euro_text

from .models import Municipality, Organisation, Person

# CSV and XLSX only: what the advisers open in a spreadsheet.
FORMATS = [CSV, XLSX]

BAD_DATE = "„{value}“ ist kein Datum; bitte TT.MM.JJJJ angeben."
BAD_AMOUNT = "„{value}“ ist kein Betrag; bitte z. B. 1.234,56 angeben."
BAD_CHOICE = "„{value}“ ist kein erlaubter Wert; erlaubt: {allowed}."
NOT_FOUND = "„{value}“ wurde nicht gefunden."


def parse_german_decimal(value: Any) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, (int, float, Decimal)):
        return Decimal(str(value))
    text = str(value).replace("€", "").replace("\xa0", "").replace(" ", "").strip()
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    try:
        return Decimal(text)
    except InvalidOperation:
        raise ValueError(BAD_AMOUNT.format(value=value)) from None


class GermanDateWidget(widgets.Widget):
    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> dt.date | None:
        if value in (None, ""):
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        text = str(value).strip()
        for fmt in ("%d.%m.%Y", "%Y-%m-%d"):
            try:
                return dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a calendar date, no time
            except ValueError:
                continue
        raise ValueError(BAD_DATE.format(value=value))

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        if not value:
            return ""
        if isinstance(value, dt.datetime):
            from django.utils import timezone

            value = timezone.localtime(value) if timezone.is_aware(value) else value
            return f"{value:%d.%m.%Y %H:%M}"
        return f"{value:%d.%m.%Y}"


class EuroWidget(widgets.Widget):
    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Decimal | None:
        return parse_german_decimal(value)

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        return euro_text(value)


class GermanDecimalWidget(EuroWidget):
    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        return euro_text(value).removesuffix(" €")


class ChoiceLabelWidget(widgets.Widget):
    """Shows the German label; accepts label or stored value on import."""

    def __init__(self, choices: type[models.TextChoices], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.choices = choices

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> str:
        text = str(value or "").strip()
        for choice in self.choices:
            if text.casefold() in (str(choice.label).casefold(), choice.value.casefold()):
                return choice.value
        allowed = ", ".join(str(c.label) for c in self.choices)
        raise ValueError(BAD_CHOICE.format(value=text, allowed=allowed))

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        try:
            return str(self.choices(value).label)
        except ValueError:
            return str(value or "")


class GermanBooleanWidget(widgets.Widget):
    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> bool:
        text = str(value if value is not None else "").strip().casefold()
        if text in ("ja", "j", "1", "true", "wahr", "x"):
            return True
        if text in ("nein", "n", "0", "false", "falsch", ""):
            return False
        raise ValueError(BAD_CHOICE.format(value=value, allowed="ja, nein"))

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        return "ja" if value else "nein"


class GermanForeignKeyWidget(widgets.ForeignKeyWidget):
    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Any:
        try:
            return super().clean(value, row, **kwargs)
        except self.model.DoesNotExist:
            raise ValueError(NOT_FOUND.format(value=value)) from None


class GermanErrorsMixin:
    """Row errors of an import are keyed by the German column (or the model field's
    German name) instead of the attribute, so the report reads „beantragt: …“."""

    fields: dict[str, fields.Field]
    _meta: Any

    def validate_instance(
        self,
        instance: Any,
        import_validation_errors: dict[str, Any] | None = None,
        validate_unique: bool = True,
    ) -> None:
        from django.core.exceptions import FieldDoesNotExist, ValidationError

        try:
            super().validate_instance(instance, import_validation_errors, validate_unique)  # type: ignore[misc]
        except ValidationError as exc:
            columns = {f.attribute: f.column_name for f in self.fields.values() if f.attribute}
            german: dict[str, Any] = {}
            for key, errors in exc.message_dict.items():
                label = columns.get(key)
                if label is None:
                    try:
                        label = str(self._meta.model._meta.get_field(key).verbose_name)
                    except FieldDoesNotExist:
                        label = key
                german.setdefault(label, []).extend(errors)
            raise ValidationError(german) from None


class MunicipalityResource(resources.ModelResource):
    ags = fields.Field(attribute="ags", column_name="AGS")
    name = fields.Field(attribute="name", column_name="Name")
    kind = fields.Field(attribute="kind", column_name="Art", widget=ChoiceLabelWidget(Municipality.Kind))
    district = fields.Field(attribute="district__name", column_name="Kreis", readonly=True)
    population = fields.Field(attribute="population", column_name="Einwohner")
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


class OrganisationResource(resources.ModelResource):
    name = fields.Field(attribute="name", column_name="Name")
    kind = fields.Field(attribute="kind", column_name="Art", widget=ChoiceLabelWidget(Organisation.Kind))
    email = fields.Field(attribute="email", column_name="E-Mail")
    phone = fields.Field(attribute="phone", column_name="Telefon")

    class Meta:
        model = Organisation
        fields = ("name", "kind", "email", "phone")


class PersonResource(resources.ModelResource):
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
