"""The German import/export of the back office, in one place: formats, widgets and the
base resource every `*/resources.py` builds on, and the spreadsheet-safe text cell that
the statistics CSVs use too.

- CSV: `;`-separated, UTF-8 with BOM, German numbers (1.234,56 €) and dates (31.12.2026),
  as German Excel opens it by a double click. Imports accept `;` or `,`.
- XLSX: amounts are numbers with a € format, dates are dates, text is always a text
  cell – never a formula, whatever it begins with.
- Formula injection (OWASP „CSV Injection“): a text cell that begins with = + - @, a tab
  or a carriage return is prefixed with ' in CSV, so a spreadsheet shows it instead of
  running it. Numbers and dates are not text and are never prefixed.

The resources export native values (`GermanModelResource.export_resource`); the formats
decide how a value is written. Widgets still render German text where
django-import-export shows values itself (the import preview)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from typing import Any

import tablib
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from import_export import fields, resources, widgets
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import SelectableFieldsExportForm

from core.formats import number

from .money import euro_text, parse_euro

BAD_DATE = "„{value}“ ist kein Datum; bitte TT.MM.JJJJ angeben."
BAD_AMOUNT = "„{value}“ ist kein Betrag; bitte z. B. 1.234,56 angeben."
BAD_INTEGER = "„{value}“ ist keine ganze Zahl; bitte nur Ziffern 0–9 angeben."
BAD_CHOICE = "„{value}“ ist kein erlaubter Wert; erlaubt: {allowed}."
NOT_FOUND = "„{value}“ wurde nicht gefunden."
TOO_MANY_CELLS = "Zeile {line} hat mehr Spalten als die Kopfzeile."

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
XLSX_EURO = '#,##0.00 "€"'
XLSX_DECIMAL = "#,##0.00"
XLSX_INTEGER = "#,##0"
XLSX_DATE = "DD.MM.YYYY"
XLSX_DATETIME = "DD.MM.YYYY HH:MM"


class Euro(Decimal):
    """An amount of money: the formats write it as „1.234,56 €“ or as a € number cell."""

    __slots__ = ()


def spreadsheet_text(text: str) -> str:
    """A text cell a spreadsheet shows and never evaluates."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def german_decimal(value: Decimal | int, places: int = 2) -> str:
    return number(value, places)


def parse_german_decimal(value: Any) -> Decimal | None:
    """An amount from a file, read like every money field (backoffice.money); an
    import-export widget reports a bad cell as ValueError."""
    try:
        return parse_euro(value)
    except ValidationError as exc:
        raise ValueError(BAD_AMOUNT.format(value=value)) from exc


def _local(value: dt.datetime) -> dt.datetime:
    return timezone.localtime(value) if timezone.is_aware(value) else value


# --- Widgets: German text on screen, native values for the formats ---------------------


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

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> Any:
        if kwargs.get("force_native_type"):
            # Spreadsheets know no time zones: the Berlin wall-clock time, without tzinfo.
            return _local(value).replace(tzinfo=None) if isinstance(value, dt.datetime) else value or None
        if not value:
            return ""
        if isinstance(value, dt.datetime):
            return f"{_local(value):%d.%m.%Y %H:%M}"
        return f"{value:%d.%m.%Y}"


class EuroWidget(widgets.Widget):
    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> Decimal | None:
        return parse_german_decimal(value)

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> Any:
        if kwargs.get("force_native_type"):
            return None if value is None else Euro(value)
        return euro_text(value)


class GermanDecimalWidget(EuroWidget):
    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> Any:
        if kwargs.get("force_native_type"):
            return None if value is None else Decimal(value)
        return "" if value is None else german_decimal(value)


class GermanIntegerWidget(widgets.Widget):
    """Counts and years: a number cell; on import ASCII digits only (and 1.234)."""

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> int | None:
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, int) or (isinstance(value, float) and value.is_integer()):
            return int(value)
        text = str(value).strip().replace(".", "")
        if not (text.isascii() and text.isdigit()):
            raise ValueError(BAD_INTEGER.format(value=value))
        return int(text)

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> Any:
        if kwargs.get("force_native_type"):
            return value
        return "" if value is None else str(value)


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


# --- Resources ---------------------------------------------------------------------------


class GermanModelResource(resources.ModelResource):
    """The base of every back-office resource: exports hand native values (numbers,
    dates, text) to the format, which writes them for German Excel (see above)."""

    def export_resource(self, instance: Any, selected_fields: Any = None, **kwargs: Any) -> list[Any]:
        # django-import-export asks for native values for XLSX only; CSV needs them too,
        # to tell a negative amount from a text that begins with "-".
        kwargs["force_native_type"] = True
        return super().export_resource(instance, selected_fields, **kwargs)


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


# --- Formats -----------------------------------------------------------------------------


def csv_cell(value: Any) -> str:
    """One value as German Excel reads it from a CSV file."""
    match value:
        case None:
            return ""
        case bool():
            return "ja" if value else "nein"
        case Euro():
            return euro_text(value)
        case Decimal():
            return german_decimal(value)
        case float():
            # A float reaches a cell only from a database aggregate (double precision):
            # through its text, so the cell shows what PostgreSQL computed.
            return german_decimal(Decimal(str(value)))
        case int():
            return str(value)
        case dt.datetime():
            return f"{_local(value):%d.%m.%Y %H:%M}"
        case dt.date():
            return f"{value:%d.%m.%Y}"
    return spreadsheet_text(str(value))


def _unescape(text: str) -> str:
    # A cell we exported as '=… comes back as the text it was.
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_STARTS) else text


class GermanCSV(CSV):
    def export_data(self, dataset: tablib.Dataset, **kwargs: Any) -> str:
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
        writer.writerow([spreadsheet_text(str(h)) for h in dataset.headers or []])
        writer.writerows([csv_cell(v) for v in row] for row in dataset)
        # The BOM makes Excel read UTF-8 (umlauts, €) instead of Windows-1252.
        return "\ufeff" + out.getvalue()

    def create_dataset(self, in_stream: Any, **kwargs: Any) -> tablib.Dataset:
        text = in_stream.decode(self.encoding or "utf-8-sig") if isinstance(in_stream, bytes) else in_stream
        text = text.removeprefix("\ufeff")
        header_line = text.split("\n", 1)[0]
        delimiter = ";" if header_line.count(";") >= header_line.count(",") else ","
        rows = [r for r in csv.reader(io.StringIO(text), delimiter=delimiter) if any(c.strip() for c in r)]
        if not rows:
            return tablib.Dataset()
        headers = [_unescape(h.strip()) for h in rows[0]]
        dataset = tablib.Dataset(headers=headers)
        for line, row in enumerate(rows[1:], start=2):
            if len(row) > len(headers) and any(c.strip() for c in row[len(headers) :]):
                raise ValueError(TOO_MANY_CELLS.format(line=line))
            cells = [_unescape(c) for c in row[: len(headers)]]
            dataset.append(cells + [""] * (len(headers) - len(cells)))
        return dataset


class GermanXLSX(XLSX):
    def export_data(self, dataset: tablib.Dataset, **kwargs: Any) -> bytes:
        from openpyxl import Workbook
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
        from openpyxl.styles import Font

        book = Workbook()
        sheet = book.active
        assert sheet is not None  # noqa: S101 - a new workbook always has one sheet
        sheet.title = "Export"

        def text_cell(row: int, column: int, text: str) -> None:
            cell = sheet.cell(row=row, column=column, value=ILLEGAL_CHARACTERS_RE.sub("\ufffd", text))
            # openpyxl makes every text beginning with "=" a formula: set it back to text.
            cell.data_type = "s"

        headers = [str(h) for h in dataset.headers or []]
        for column, header in enumerate(headers, start=1):
            text_cell(1, column, header)
            sheet.cell(row=1, column=column).font = Font(bold=True)
            sheet.column_dimensions[sheet.cell(row=1, column=column).column_letter].width = max(
                12, len(header) + 2
            )
        for row, values in enumerate(dataset, start=2):
            for column, value in enumerate(values, start=1):
                match value:
                    case None:
                        continue
                    case bool():
                        text_cell(row, column, "ja" if value else "nein")
                    case Euro():
                        sheet.cell(row=row, column=column, value=Decimal(value)).number_format = XLSX_EURO
                    case Decimal() | float():
                        sheet.cell(row=row, column=column, value=value).number_format = XLSX_DECIMAL
                    case int():
                        sheet.cell(row=row, column=column, value=value).number_format = XLSX_INTEGER
                    case dt.datetime():
                        cell = sheet.cell(row=row, column=column, value=_local(value).replace(tzinfo=None))
                        cell.number_format = XLSX_DATETIME
                    case dt.date():
                        sheet.cell(row=row, column=column, value=value).number_format = XLSX_DATE
                    case _:
                        text_cell(row, column, str(value))
        sheet.freeze_panes = "A2"
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()


# CSV and XLSX only: what the advisers open in a spreadsheet.
FORMATS = [GermanCSV, GermanXLSX]


# --- The field picker of the export page ---------------------------------------------------


class GermanExportForm(SelectableFieldsExportForm):
    """The export page's checkboxes named by the German column („Aktenzeichen“), not by
    the attribute („Reference (Aktenzeichen)“)."""

    def _get_field_label(self, resource: Any, field_name: str) -> str:
        field = resource.fields.get(field_name)
        return str(field.column_name) if field is not None and field.column_name else field_name


__all__ = [
    "FORMATS",
    "ChoiceLabelWidget",
    "Euro",
    "EuroWidget",
    "GermanBooleanWidget",
    "GermanDateWidget",
    "GermanDecimalWidget",
    "GermanErrorsMixin",
    "GermanExportForm",
    "GermanForeignKeyWidget",
    "GermanIntegerWidget",
    "GermanModelResource",
    "euro_text",
    "parse_german_decimal",
    "spreadsheet_text",
]
