from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import BudgetFigures, Consultation, Meeting, Recommendation


class MeetingInline(admin.TabularInline):
    model = Meeting
    extra = 0


class BudgetFiguresInline(admin.StackedInline):
    model = BudgetFigures
    extra = 0


class RecommendationInline(admin.StackedInline):
    model = Recommendation
    extra = 0


@admin.register(Consultation)
class ConsultationAdmin(SimpleHistoryAdmin):
    list_display = ["municipality", "date", "status", "size_class", "population"]
    list_filter = ["status", "size_class"]
    search_fields = ["municipality__name", "municipality__ags"]
    list_select_related = ["municipality"]
    autocomplete_fields = ["municipality"]
    filter_horizontal = ["advisers"]
    readonly_fields = ["population", "size_class"]
    inlines = [MeetingInline, BudgetFiguresInline, RecommendationInline]
    show_full_result_count = False


@admin.register(Recommendation)
class RecommendationAdmin(SimpleHistoryAdmin):
    list_display = ["consultation", "area", "estimated_effect", "implemented", "follow_up_due"]
    list_filter = ["area", "implemented"]
    search_fields = ["consultation__municipality__name", "text"]
    list_select_related = ["consultation__municipality"]
    raw_id_fields = ["consultation"]
