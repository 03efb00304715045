from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Disbursement, Eligibility, FunderQuestion, FundingArea, FundingGuideline, Grant, Programme


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "funder_level", "aid_kind", "deadline", "is_active"]
    list_filter = ["funder_level", "aid_kind", "is_active", "eligible", "areas"]
    search_fields = ["name", "short_name", "summary"]
    filter_horizontal = ["eligible", "areas"]


@admin.register(Eligibility, FundingArea)
class LookupAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(FundingGuideline)
class FundingGuidelineAdmin(admin.ModelAdmin):
    list_display = ["name", "land", "valid_from", "valid_until"]
    list_filter = ["land"]
    search_fields = ["name"]


class DisbursementInline(admin.TabularInline):
    model = Disbursement
    extra = 0


@admin.register(Grant)
class GrantAdmin(SimpleHistoryAdmin):
    list_display = [
        "file_number",
        "cooperation",
        "budget_year",
        "status",
        "applied_amount",
        "approved_amount",
    ]
    list_filter = ["status", "budget_year", "programme"]
    search_fields = ["file_number", "cooperation__reference", "cooperation__title"]
    list_select_related = ["cooperation", "programme"]
    raw_id_fields = ["cooperation"]
    inlines = [DisbursementInline]
    show_full_result_count = False


@admin.register(Disbursement)
class DisbursementAdmin(SimpleHistoryAdmin):
    list_display = ["grant", "date", "amount"]
    search_fields = ["grant__file_number", "grant__cooperation__reference"]
    list_select_related = ["grant"]
    raw_id_fields = ["grant"]


@admin.register(FunderQuestion)
class FunderQuestionAdmin(admin.ModelAdmin):
    list_display = ["name", "asker_kind", "area", "status", "created_at"]
    list_filter = ["status", "asker_kind", "area"]
    search_fields = ["name", "email", "organisation_name", "text"]
    list_select_related = ["area"]
    raw_id_fields = ["municipality", "assigned_to"]
    filter_horizontal = ["referred_programmes"]
