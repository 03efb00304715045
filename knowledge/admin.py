"""Back office of the knowledge base: entries with history, a new version beside the old."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.access import acting_user
from backoffice.admins import AuditedAdmin

from . import services
from .forms import EntryAdminForm, NewVersionForm
from .models import Entry

NEW_VERSION_MADE = "Die Fassung {version} ist angelegt; die bisherige bleibt als ersetzt erreichbar."


@admin.register(Entry)
class EntryAdmin(AuditedAdmin):
    form = EntryAdminForm
    list_display = ["title", "kind", "version", "valid_from", "is_published", "is_current", "downloads"]
    list_filter = ["kind", "is_published", "fields_of_action"]
    search_fields = ["title", "summary"]
    filter_horizontal = ["fields_of_action", "programmes"]
    readonly_fields = ["file_link", "downloads", "superseded_by", "changed_by"]
    list_select_related = ["superseded_by"]

    @admin.display(boolean=True, description=_("aktuelle Fassung"))
    def is_current(self, obj: Entry) -> bool:
        return obj.superseded_by_id is None

    @admin.display(description=_("Datei"))
    def file_link(self, obj: Entry) -> str:
        if not obj.pk or not obj.file:
            return "–"
        return format_html(
            '<a href="{}">{}</a> ({} Bytes)',
            reverse("knowledge:download", args=[obj.pk]),
            obj.original_name,
            obj.size,
        )

    def save_model(self, request: HttpRequest, obj: Entry, form: Any, change: bool) -> None:
        # The form checked the file and "file or text" already (the same checks as the service).
        services.entry_save(
            entry=obj,
            actor=acting_user(request),
            upload=form.cleaned_data.get("upload"),
            fields_of_action=form.cleaned_data.get("fields_of_action"),
            programmes=form.cleaned_data.get("programmes"),
        )

    def delete_model(self, request: HttpRequest, obj: Entry) -> None:
        services.entry_delete(entry=obj, actor=acting_user(request))

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        # The service set the many-to-many fields already.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def get_urls(self) -> list[Any]:
        own = [
            path(
                "<int:pk>/neue-fassung/",
                self.admin_site.admin_view(self.new_version_view),
                name="knowledge_entry_new_version",
            )
        ]
        return own + super().get_urls()

    def new_version_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not self.has_change_permission(request):
            raise PermissionDenied
        entry = get_object_or_404(Entry, pk=pk)
        form = NewVersionForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                new = services.entry_new_version(
                    entry=entry,
                    actor=acting_user(request),
                    version=form.cleaned_data["version"],
                    valid_from=form.cleaned_data["valid_from"],
                    upload=form.cleaned_data.get("upload"),
                    summary=form.cleaned_data.get("summary") or None,
                )
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    for field, errors in exc.message_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, exc)
            else:
                messages.success(request, NEW_VERSION_MADE.format(version=new.version))
                return HttpResponseRedirect(reverse("admin:knowledge_entry_change", args=[new.pk]))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Neue Fassung von „{entry.title}“ (bisher {entry.version})",
            "form": form,
            "entry": entry,
        }
        return TemplateResponse(
            request, "admin/knowledge/new_version.html", context, status=422 if form.errors else 200
        )
