from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Activity, CaseEvent, Cooperation, Document, FieldOfAction, Message, Participation


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 0
    autocomplete_fields = ["municipality"]
    raw_id_fields = ["council_resolution"]


class ActivityInline(admin.TabularInline):
    model = Activity
    extra = 0
    exclude = ["created_by"]


class CaseEventInline(admin.TabularInline):
    model = CaseEvent
    extra = 0
    can_delete = False
    fields = ("created_at", "actor", "kind", "old_status", "new_status", "note")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Cooperation)
class CooperationAdmin(SimpleHistoryAdmin):
    list_display = [
        "reference",
        "title",
        "lead_municipality",
        "field_of_action",
        "status",
        "adviser",
        "next_step_due",
    ]
    list_filter = ["status", "field_of_action", "legal_form", "is_published"]
    search_fields = ["reference", "title", "lead_municipality__name", "lead_municipality__ags"]
    list_select_related = ["lead_municipality", "field_of_action", "adviser"]
    autocomplete_fields = ["lead_municipality", "adviser"]
    readonly_fields = ["reference", "status"]
    inlines = [ParticipationInline, ActivityInline, CaseEventInline]
    show_full_result_count = False


@admin.register(FieldOfAction)
class FieldOfActionAdmin(admin.ModelAdmin):
    list_display = ["name", "position"]
    search_fields = ["name"]


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    list_display = ["cooperation", "kind", "date", "follow_up_due"]
    list_filter = ["kind"]
    search_fields = ["cooperation__reference", "cooperation__title", "notes"]
    list_select_related = ["cooperation"]
    raw_id_fields = ["cooperation"]


@admin.register(Message)
class MessageAdmin(admin.ModelAdmin):
    list_display = ["cooperation", "author", "from_municipality", "created_at"]
    list_filter = ["from_municipality"]
    search_fields = ["cooperation__reference", "body"]
    list_select_related = ["cooperation", "author"]
    raw_id_fields = ["cooperation", "author"]


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["original_name", "cooperation", "kind", "size", "created_at"]
    list_filter = ["kind", "visible_to_municipality"]
    search_fields = ["original_name", "cooperation__reference"]
    list_select_related = ["cooperation"]
    raw_id_fields = ["cooperation", "uploaded_by"]
