"""The lists behind a case page's rows: activities, messages, documents and the
status history, each reachable filtered to one case; and the fields of action."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from accounts.access import acting_user
from accounts.audit import audit_access_denied, audit_event
from accounts.models import AuditEvent
from backoffice.admins import ReadOnlyModelAdmin, ServiceWritesMixin
from core.errors import open_media_or_404
from core.parse import parse_id

from .. import services
from ..models import Activity, CaseEvent, Cooperation, Document, FieldOfAction, Message

DOCUMENT_GONE = "Dieses Dokument gibt es nicht (mehr)."


@admin.register(FieldOfAction)
class FieldOfActionAdmin(ServiceWritesMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    # The list's editable positions are saved through save_model as well.
    def save_model(self, request: HttpRequest, obj: FieldOfAction, form: Any, change: bool) -> None:
        services.field_of_action_save(field=obj, actor=acting_user(request))

    def delete_model(self, request: HttpRequest, obj: FieldOfAction) -> None:
        services.field_of_action_delete(field=obj, actor=acting_user(request))


class CaseRowsAdmin(admin.ModelAdmin):
    """The list behind „12 ältere Aktivitäten – alle anzeigen“ on the case page
    (`?cooperation__id__exact=<pk>`, see NewestRowsInline): titled with its case and
    linked back to it. The view permission of the model decides who sees it."""

    change_list_template = "admin/cooperations/case_rows_change_list.html"

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        extra_context = extra_context or {}
        pk = parse_id(request.GET.get("cooperation__id__exact"))
        if pk is not None and self.has_view_or_change_permission(request):
            case = Cooperation.objects.filter(pk=pk).only("reference", "title").first()
            if case is not None:
                extra_context["title"] = f"{self.opts.verbose_name_plural} zum Vorgang {case.reference}"
                extra_context["case"] = case
        return super().changelist_view(request, extra_context)


@admin.register(Activity)
class ActivityAdmin(CaseRowsAdmin):
    list_display = ["cooperation", "kind", "date", "notes_start", "follow_up_due", "created_by"]
    list_filter = ["kind", ("date", admin.DateFieldListFilter)]
    search_fields = ["cooperation__reference", "cooperation__title", "notes"]
    list_select_related = ["cooperation", "created_by"]
    raw_id_fields = ["cooperation"]
    readonly_fields = ["created_by"]
    show_full_result_count = False

    @admin.display(description=_("Notizen"))
    def notes_start(self, obj: Activity) -> str:
        return Truncator(obj.notes).words(12)

    def save_model(self, request: HttpRequest, obj: Activity, form: Any, change: bool) -> None:
        services.activity_save(activity=obj, actor=acting_user(request))

    def delete_model(self, request: HttpRequest, obj: Activity) -> None:
        services.activity_delete(activity=obj, actor=acting_user(request))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Activity]) -> None:
        for activity in queryset:
            services.activity_delete(activity=activity, actor=acting_user(request))


@admin.register(Message)
class MessageAdmin(CaseRowsAdmin):
    """Messages are part of the file: shown, never edited (write one on the case page)."""

    list_display = ["cooperation", "author", "from_municipality", "created_at"]
    list_filter = ["from_municipality"]
    search_fields = ["cooperation__reference", "body"]
    list_select_related = ["cooperation", "author"]
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def delete_model(self, request: HttpRequest, obj: Message) -> None:
        services.message_delete(message=obj, actor=acting_user(request))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Message]) -> None:
        for message in queryset:
            services.message_delete(message=message, actor=acting_user(request))


@admin.register(Document)
class DocumentAdmin(CaseRowsAdmin):
    list_display = ["original_name", "cooperation", "kind", "size", "visible_to_municipality", "created_at"]
    list_filter = ["kind", "visible_to_municipality"]
    search_fields = ["original_name", "cooperation__reference"]
    list_select_related = ["cooperation"]
    raw_id_fields = ["cooperation"]
    fields = [
        "cooperation",
        "file_link",
        "kind",
        "visible_to_municipality",
        "original_name",
        "content_type",
        "size",
        "uploaded_by",
    ]
    readonly_fields = ["file_link", "original_name", "content_type", "size", "uploaded_by"]
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        # New documents are uploaded on the case page (checked by document_add).
        return False

    def save_model(self, request: HttpRequest, obj: Document, form: Any, change: bool) -> None:
        services.document_update(document=obj, actor=acting_user(request))

    def delete_model(self, request: HttpRequest, obj: Document) -> None:
        services.document_delete(document=obj, actor=acting_user(request))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Document]) -> None:
        for document in queryset:
            services.document_delete(document=document, actor=acting_user(request))

    @admin.display(description=_("Datei"))
    def file_link(self, obj: Document) -> str:
        return format_html('<a href="{}">{} herunterladen</a>', download_url(obj), obj.original_name)

    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view(self.download_view)
        own = [path("<path:object_id>/datei/", view, name="cooperations_document_download")]
        return own + super().get_urls()

    def download_view(self, request: HttpRequest, object_id: str) -> FileResponse:
        """The file a municipality uploaded, for who may view documents: the view
        permission decides, each download is audited (who, which file, which case)."""
        document = self.get_object(request, object_id)
        if document is None:
            raise Http404(DOCUMENT_GONE)
        if not self.has_view_permission(request, document):
            audit_access_denied(request, "document", document=document.pk)
            raise PermissionDenied
        handle = open_media_or_404(document.file)  # a missing file: logged, the German 404 page
        audit_event(
            AuditEvent.Kind.OTHER,
            request=request,
            what="document_download",
            document=document.pk,
            case=document.cooperation.reference,
            name=document.original_name,
        )
        response = FileResponse(handle, as_attachment=True, filename=document.original_name)
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response


def download_url(document: Document) -> str:
    return reverse("admin:cooperations_document_download", args=[document.pk])


@admin.register(CaseEvent)
class CaseEventAdmin(CaseRowsAdmin, ReadOnlyModelAdmin):
    """The audit trail of the case workflow: visible, never editable."""

    list_display = ["created_at", "cooperation", "kind", "old_status", "new_status", "actor"]
    list_filter = ["kind", "new_status"]
    search_fields = ["cooperation__reference", "note"]
    list_select_related = ["cooperation", "actor"]
    show_full_result_count = False
