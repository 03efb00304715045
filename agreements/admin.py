"""The template texts of the draft agreements in the back office: the KIKZ edits the two
texts (created by the migration, never deleted); every save goes through the service
and lands in the history."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from accounts.access import acting_user
from backoffice.admins import AuditedAdmin

from . import services
from .drafts import PLACEHOLDERS
from .models import AgreementTemplate

PLACEHOLDER_HELP = (
    "Platzhalter, die der Entwurf aus dem Vorgang füllt: "
    + ", ".join(f"{{{{ {name} }}}}" for name in PLACEHOLDERS)
    + ". Beteiligte, Kostentabelle, Gremienbeschlüsse und der Hinweis „Vorlage, keine Rechtsberatung“ "
    "setzt der Entwurf selbst ein."
)


@admin.register(AgreementTemplate)
class AgreementTemplateAdmin(AuditedAdmin):
    list_display = ["__str__", "title", "updated_at"]
    readonly_fields = ["kind", "updated_at"]
    fieldsets = [
        (None, {"fields": ["kind", "title", "preamble"], "description": PLACEHOLDER_HELP}),
        (
            "Abschnitte",
            {
                "fields": [
                    "subject_heading",
                    "subject_text",
                    "duration_heading",
                    "duration_text",
                    "termination_heading",
                    "termination_text",
                    "costs_heading",
                    "costs_text",
                    "final_heading",
                    "final_text",
                    "resolutions_text",
                ]
            },
        ),
        ("Stand", {"fields": ["updated_at"]}),
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # one text per kind, created by the migration

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: AgreementTemplate, form: Any, change: bool) -> None:
        services.agreement_template_save(template=obj, actor=acting_user(request))
