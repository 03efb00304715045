"""Imports in the back office write through the apps' services, row by row.

django-import-export reads the file, fills one model instance per row and hands it to
`save_instance`; a resource with `ServiceImportResource` saves it with its service
instead (`save_with_service`), so an imported row meets the same rules as the form. A
service's ValidationError becomes that row's error in the preview (German, keyed by
the column). `ServiceImportMixin` on the ModelAdmin makes the confirmed import roll
back if a row fails then (another adviser changed something since the preview), so
nothing is written while any row is bad."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

IMPORT_REFUSED = (
    "Der Import wurde nicht ausgeführt, weil mindestens eine Zeile jetzt einen Fehler hat; "
    "es wurde nichts geändert. Bitte laden Sie die Datei erneut hoch, um die Fehler zu sehen."
)


class ServiceImportResource:
    """Mixin for a ModelResource: `save_with_service(instance, is_create, actor)` writes."""

    def save_with_service(self, instance: Any, is_create: bool, actor: Any) -> None:
        raise NotImplementedError

    def save_instance(self, instance: Any, is_create: bool, row: Any, **kwargs: Any) -> None:
        self.before_save_instance(instance, row, **kwargs)  # type: ignore[attr-defined]
        user = kwargs.get("user")
        actor = user if getattr(user, "is_authenticated", False) else None
        try:
            self.save_with_service(instance, is_create, actor)
        except ValidationError as exc:
            raise self.german(exc) from None
        self.after_save_instance(instance, row, **kwargs)  # type: ignore[attr-defined]

    def german(self, exc: ValidationError) -> ValidationError:
        """The service's errors keyed by the German column of the field (the preview
        prints the key beside the message)."""
        if not hasattr(exc, "error_dict"):
            return exc
        fields: dict[str, Any] = getattr(self, "fields", {})
        columns = {f.attribute: f.column_name for f in fields.values() if f.attribute}
        return ValidationError({columns.get(k, k): v for k, v in exc.message_dict.items()})


class ServiceImportMixin:
    """For an ImportMixin admin: the confirmed import rolls back on any row error too."""

    def get_import_data_kwargs(self, **kwargs: Any) -> dict[str, Any]:
        data: dict[str, Any] = super().get_import_data_kwargs(**kwargs)  # type: ignore[misc]
        data["rollback_on_validation_errors"] = True
        return data

    def process_result(self, result: Any, request: HttpRequest) -> HttpResponse:
        if result.has_errors() or result.has_validation_errors():
            messages.error(request, IMPORT_REFUSED)
            opts = self.model._meta  # type: ignore[attr-defined]
            return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_import"))
        return super().process_result(result, request)  # type: ignore[misc]
