"""Shared pieces of the back office's model admins."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest


class ReadOnlyModelAdmin(admin.ModelAdmin):
    """A record that is kept, not edited: the audit trails, the register imports, the
    mail outbox. Listed and viewed with the view permission; nobody adds, changes or
    deletes a row here (the services that write them are the only writers)."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
