"""The register upload in the back office: upload → dry-run preview → confirm → worker.

Kept beside `MunicipalityAdmin`, which hands its two URLs to these views; every
write is a service of `contacts.register`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.access import acting_user

from . import register
from .models import RegisterImport

if TYPE_CHECKING:
    from django.contrib.admin import ModelAdmin

PREVIEWED = (
    "Die Datei „{name}“ wurde geprüft. Bitte sehen Sie sich die Vorschau an und bestätigen Sie den Import."
)
UPLOADED = "Die Datei „{name}“ wird im Hintergrund eingelesen; das Ergebnis steht gleich im Import-Protokoll."
DISCARDED = "Die Vorschau von „{name}“ wurde verworfen; nichts wurde eingelesen."
UPLOAD_URL = "admin:contacts_municipality_register_upload"
PREVIEW_URL = "admin:contacts_municipality_register_preview"


class RegisterUploadForm(forms.Form):
    file = forms.FileField(label=_("GV100AD-Datei (Festbreitenformat von Destatis)"))


class RegisterConfirmForm(forms.Form):
    accept_warnings = forms.BooleanField(
        label=_("Ich habe die Hinweise geprüft und möchte die Datei trotzdem einlesen."), required=False
    )


def _check(model_admin: ModelAdmin[Any], request: HttpRequest) -> None:
    # The one access decision of both views: who may change Kommunen may import them.
    if not model_admin.has_change_permission(request):
        raise PermissionDenied


def upload_view(model_admin: ModelAdmin[Any], request: HttpRequest) -> HttpResponse:
    _check(model_admin, request)
    form = RegisterUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = register.register_import_request(file=upload, actor=acting_user(request))
        except ValidationError as exc:
            form.add_error("file", exc)
        else:
            messages.info(request, PREVIEWED.format(name=job.file_name))
            return HttpResponseRedirect(reverse(PREVIEW_URL, args=[job.pk]))
    jobs = RegisterImport.objects.select_related("uploaded_by").order_by("-created_at")[:10]
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": "Gemeindeverzeichnis (GV100AD) hochladen",
        "form": form,
        "jobs": jobs,
        "highlight": request.GET.get("job", ""),
    }
    return TemplateResponse(
        request,
        "admin/contacts/municipality/register_upload.html",
        context,
        status=422 if form.errors else 200,
    )


def preview_view(model_admin: ModelAdmin[Any], request: HttpRequest, pk: int) -> HttpResponse:
    _check(model_admin, request)
    job = get_object_or_404(RegisterImport.objects.select_related("uploaded_by"), pk=pk)
    if job.status != RegisterImport.Status.PREVIEW:
        return HttpResponseRedirect(reverse(UPLOAD_URL) + f"?job={job.pk}")
    form = RegisterConfirmForm(request.POST or None)
    if request.method == "POST" and "discard" in request.POST:
        register.register_import_discard(job=job, actor=acting_user(request))
        messages.info(request, DISCARDED.format(name=job.file_name))
        return HttpResponseRedirect(reverse(UPLOAD_URL) + f"?job={job.pk}")
    if request.method == "POST" and form.is_valid():
        try:
            register.register_import_confirm(
                job=job, actor=acting_user(request), accept_warnings=form.cleaned_data["accept_warnings"]
            )
        except ValidationError as exc:
            form.add_error("accept_warnings" if job.warnings else None, exc)
        else:
            messages.success(request, UPLOADED.format(name=job.file_name))
            return HttpResponseRedirect(reverse(UPLOAD_URL) + f"?job={job.pk}")
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": f"Vorschau: {job.file_name}",
        "job": job,
        "form": form if job.warnings else None,
        "warnings": job.warnings.splitlines(),
        # The summary without the warnings (shown on their own) and the dry-run note (said above).
        "lines": [
            line
            for line in job.result.splitlines()
            if not line.startswith("Achtung: ") and line != register.REGISTER_DRY_RUN
        ],
    }
    return TemplateResponse(
        request,
        "admin/contacts/municipality/register_preview.html",
        context,
        status=422 if form.errors else 200,
    )
