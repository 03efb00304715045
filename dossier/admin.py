"""The batch export in the back office: the list of a year's exports with their progress
and the download of a finished one, and the page that orders a new one. The rows are
written by dossier/services.py only (ordered here, built by the worker)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.access import acting_user
from backoffice.admins import ServiceWritesMixin

from . import services
from .forms import OrderForm
from .models import DossierExport

ORDERED = "Der Dossier-Export {year} wird erstellt. Den Fortschritt sehen Sie in dieser Liste."
ALREADY_RUNNING = "Für {year} läuft bereits ein Dossier-Export; er ist unten aufgeführt."


@admin.register(DossierExport)
class DossierExportAdmin(ServiceWritesMixin, admin.ModelAdmin):
    list_display = (
        "year_text",
        "status",
        "progress",
        "requested_by",
        "created_at",
        "finished_at",
        "download",
    )
    list_filter = ("status", "year")
    list_select_related = ("requested_by",)
    readonly_fields = (
        "year_text",
        "status",
        "progress",
        "attempts",
        "error",
        "size_text",
        "sha256",
        "requested_by",
        "created_at",
        "started_at",
        "finished_at",
        "download",
    )
    fields = readonly_fields
    show_full_result_count = False
    change_list_template = "admin/dossier/dossierexport/change_list.html"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def delete_model(self, request: HttpRequest, obj: DossierExport) -> None:
        services.dossier_export_delete(export=obj, actor=acting_user(request))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[DossierExport]) -> None:
        for export in queryset:
            self.delete_model(request, export)

    @admin.display(description=_("Jahr des Abschlusses"), ordering="year")
    def year_text(self, obj: DossierExport) -> str:
        return str(obj.year)  # a year, not a number: never „2.025“

    @admin.display(description=_("Fortschritt"))
    def progress(self, obj: DossierExport) -> str:
        if obj.status == DossierExport.Status.FAILED:
            return format_html('<span class="ikz-overdue">{}</span>', obj.error or obj.get_status_display())
        label = f"{obj.cases_done} von {obj.cases_total} Vorgängen"
        if obj.status in (DossierExport.Status.REQUESTED, DossierExport.Status.QUEUED):
            label = "wartet auf den Start"
        return format_html(
            '<progress max="100" value="{}" aria-label="Fortschritt Export {}">{} %</progress> {}',
            obj.percent,
            obj.year,
            obj.percent,
            label,
        )

    @admin.display(description=_("Größe"))
    def size_text(self, obj: DossierExport) -> str:
        if obj.size is None:
            return "–"
        return f"{obj.size / 1024 / 1024:.1f} MB".replace(".", ",")

    @admin.display(description=_("Datei"))
    def download(self, obj: DossierExport) -> str:
        if not obj.is_done:
            return "–"
        return format_html(
            '<a href="{}">ZIP herunterladen ({})</a>',
            reverse("admin:dossier_dossierexport_download", args=[obj.pk]),
            self.size_text(obj),
        )

    def get_urls(self) -> list[Any]:
        wrap = self.admin_site.admin_view
        own = [
            path("anfordern/", wrap(self.order_view), name="dossier_dossierexport_order"),
            path("<int:pk>/zip/", wrap(self.download_view), name="dossier_dossierexport_download"),
        ]
        return own + super().get_urls()

    def order_view(self, request: HttpRequest) -> HttpResponse:
        if not request.user.has_perm("dossier.add_dossierexport"):
            raise PermissionDenied
        form = OrderForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            year = form.cleaned_data["year"]
            before = DossierExport.objects.open().filter(year=year).exists()
            try:
                services.dossier_export_order(year=year, actor=acting_user(request))
            except ValidationError as exc:
                form.add_error("year", exc)
            else:
                text = ALREADY_RUNNING if before else ORDERED
                messages.success(request, text.format(year=year))
                return HttpResponseRedirect(reverse("admin:dossier_dossierexport_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Dossier-Export eines Jahres anfordern",
            "form": form,
        }
        return TemplateResponse(
            request, "admin/dossier/dossierexport/order.html", context, status=422 if form.errors else 200
        )

    def download_view(self, request: HttpRequest, pk: int) -> FileResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        export = get_object_or_404(DossierExport, pk=pk, status=DossierExport.Status.DONE)
        if not export.file:
            from django.http import Http404

            raise Http404
        handle = services.dossier_export_download(export=export, actor=acting_user(request), request=request)
        return FileResponse(
            handle, as_attachment=True, filename=export.filename, content_type="application/zip"
        )
