from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Membership, Municipality, Organisation, Person


@admin.register(Municipality)
class MunicipalityAdmin(SimpleHistoryAdmin):
    list_display = ["name", "ags", "kind", "district", "population", "valid_until"]
    list_filter = ["kind", "regierungsbezirk", "valid_until"]
    search_fields = ["name", "ags"]
    list_select_related = ["district"]
    autocomplete_fields = ["district", "successor"]
    show_full_result_count = False


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "email"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name"]


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["last_name", "first_name", "function", "organisation", "municipality", "is_public"]
    list_filter = ["is_public", "legal_basis", "organisation__kind"]
    search_fields = ["last_name", "first_name", "email"]
    list_select_related = ["organisation", "municipality"]
    autocomplete_fields = ["organisation", "municipality", "user"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "municipality", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["user__email", "municipality__name", "municipality__ags"]
    list_select_related = ["user", "municipality"]
    autocomplete_fields = ["user", "municipality"]
