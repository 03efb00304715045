"""The rows of the case page: partners, activities, grants, documents (forms), and
messages and the status history (read-only tables)."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpRequest

from backoffice.inlines import NewestRowsInline, PreloadedInline, ReadOnlyRowsInline
from backoffice.widgets import DocumentFileInput
from funding.forms import GrantForm
from funding.models import Grant

from ..models import Activity, CaseEvent, Document, Message, Participation


class ParticipationInline(PreloadedInline):
    model = Participation
    extra = 0
    autocomplete_fields = ["municipality"]
    fields = ["municipality", "role", "joined_on", "left_on", "council_resolution_on", "council_resolution"]
    raw_id_fields = ["council_resolution"]
    select_related = ("municipality", "council_resolution")


class ActivityInline(NewestRowsInline):
    model = Activity
    extra = 0
    ordering = ("-date", "-pk")
    newest_first = ordering
    older_one = "ältere Aktivität"
    older_many = "ältere Aktivitäten"
    fields = ["kind", "date", "participants", "notes", "follow_up_due", "created_by"]
    readonly_fields = ["created_by"]
    select_related = ("created_by",)


class GrantInline(PreloadedInline):
    """Grants of the case, saved by funding.services like the grant page (the case
    admin's save_formset): guideline pinned, rules checked and warned about."""

    model = Grant
    form = GrantForm
    extra = 0
    fields = [
        "programme",
        "budget_year",
        "applied_amount",
        "approved_amount",
        "status",
        "decision_date",
        "file_number",
    ]
    # 5,000 programmes nationwide: a Select2 box that searches, not a <select> of all of them per row.
    autocomplete_fields = ["programme"]
    show_change_link = True
    select_related = ("programme",)


class DocumentInline(NewestRowsInline):
    model = Document
    extra = 0
    ordering = ("-created_at", "-pk")
    older_one = "älteres Dokument"
    older_many = "ältere Dokumente"
    fields = ["file", "kind", "visible_to_municipality", "original_name", "size", "uploaded_by", "created_at"]
    readonly_fields = ["original_name", "size", "uploaded_by", "created_at"]
    select_related = ("uploaded_by",)
    formfield_overrides = {models.FileField: {"widget": DocumentFileInput}}


class MessageInline(ReadOnlyRowsInline):
    """Read-only: messages are written with the form above the case (message_send mails them)."""

    model = Message
    extra = 0
    ordering = ("created_at", "pk")  # a conversation: the newest at the bottom
    older_one = "ältere Nachricht"
    older_many = "ältere Nachrichten"
    select_related = ("author",)
    fields = ("created_at", "author", "from_municipality", "body", "read_at")
    readonly_fields = fields


class CaseEventInline(ReadOnlyRowsInline):
    """The status history: read-only, never deleted."""

    model = CaseEvent
    extra = 0
    ordering = ("created_at", "pk")
    older_one = "älterer Eintrag im Verlauf"
    older_many = "ältere Einträge im Verlauf"
    select_related = ("actor",)
    verbose_name_plural = "Verlauf (Statuswechsel und Vermerke)"
    fields = ("created_at", "actor", "kind", "old_status", "new_status", "note")
    readonly_fields = fields

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


# --- forms of the intermediate pages ----------------------------------------------------
