"""django-import-export's admin mixins with every export audited: who, which model,
the filter of the list it came from, how many rows and which format. Every file an
export page or the export action produces passes `get_data_for_export`; the model
admins use these mixins instead of the library's (tests/access checks that they do).
Who may export at all is the permission matrix's and the library's permission codes'
business (accounts/permission_matrix.py, IMPORT_EXPORT_*_PERMISSION_CODE)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from import_export import admin as ie_admin

from backoffice.exports import GermanExportForm

from .access import acting_user
from .audit import audit_export


class AuditedExportMixin(ie_admin.ExportMixin):
    # The field picker in German, with the resources' column names (backoffice.exports).
    export_form_class = GermanExportForm

    def get_data_for_export(self, request: HttpRequest, queryset: Any, **kwargs: Any) -> Any:
        data = super().get_data_for_export(request, queryset, **kwargs)
        form = kwargs.get("export_form")
        file_format = ""
        if form is not None and getattr(form, "cleaned_data", None) and "format" in form.cleaned_data:
            file_format = self.get_export_formats()[int(form.cleaned_data["format"])]().get_title()
        audit_export(
            actor=acting_user(request),
            what=str(self.opts.label),
            count=data.height,
            request=request,
            file_format=file_format,
            # The list's filter and search as the adviser had them (the export page's query).
            filter=request.GET.urlencode(),
            selected=len(form.cleaned_data.get("export_items") or [])
            if form is not None and getattr(form, "cleaned_data", None)
            else 0,
        )
        return data


class ExportMixin(AuditedExportMixin):
    pass


class ExportActionMixin(AuditedExportMixin, ie_admin.ExportActionMixin):
    pass


class ImportExportMixin(ie_admin.ImportMixin, AuditedExportMixin):
    import_export_change_list_template = "admin/import_export/change_list_import_export.html"
