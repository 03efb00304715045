"""Contacts in the back office: municipalities (register upload, mergers), people
(GDPR: anonymise, export), organisations, membership decisions."""

from __future__ import annotations

import json
from typing import Any, cast

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.views.main import ORDER_VAR
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.access import acting_user
from accounts.export_admin import ExportMixin
from backoffice.admins import AuditedAdmin, EstimatedCountPaginator, ReadOnlyModelAdmin, ServiceWritesMixin

from . import gdpr, register_admin, services
from .demography_admin import population_view_html
from .models import Membership, Municipality, MunicipalityQuerySet, Organisation, Person, RegisterImport
from .resources import FORMATS, MunicipalityResource, OrganisationResource, PersonResource

MERGED = "Zusammenschluss gespeichert: {old} → {new} zum {date}."
ANONYMISED = "{count} Person(en) anonymisiert."
CONFIRMED = "{count} Zuordnung(en) bestätigt."
REJECTED = "{count} Zuordnung(en) abgelehnt."


class MergerForm(forms.Form):
    new = forms.ModelChoiceField(
        label=_("neue Kommune (Nachfolgerin)"),
        queryset=Municipality.objects.all(),
        widget=forms.TextInput(attrs={"size": 10}),
        help_text=_(
            "Amtlicher Gemeindeschlüssel der neuen Kommune (8 Ziffern); sie muss schon im Verzeichnis stehen."
        ),
        to_field_name="ags",
    )
    on = forms.DateField(
        label=_("wirksam ab"),
        input_formats=["%d.%m.%Y", "%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


@admin.register(Municipality)
class MunicipalityAdmin(ExportMixin, AuditedAdmin):
    paginator = EstimatedCountPaginator
    resource_classes = [MunicipalityResource]
    formats = FORMATS
    list_display = ["name", "ags", "kind", "district", "population", "valid_until", "successor"]
    list_filter = ["kind", "regierungsbezirk", ("valid_until", admin.EmptyFieldListFilter)]
    search_fields = ["name", "ags"]
    list_select_related = ["district", "successor"]
    autocomplete_fields = ["district", "successor"]
    show_full_result_count = False
    list_per_page = 100
    actions = ["record_merger"]
    change_list_template = "admin/contacts/municipality/change_list.html"
    readonly_fields = ["population_editions"]

    def save_model(self, request: HttpRequest, obj: Municipality, form: Any, change: bool) -> None:
        services.municipality_save(municipality=obj, actor=acting_user(request))

    def delete_model(self, request: HttpRequest, obj: Municipality) -> None:
        services.municipality_delete(municipality=obj, actor=acting_user(request))

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Municipality], search_term: str
    ) -> tuple[QuerySet[Municipality], bool]:
        # Name (folded, typos, every word) or AGS, as every municipality picker finds them
        # (core.search); the autocomplete boxes of other admins come here too.
        if not search_term.strip():
            return queryset, False
        found = cast(MunicipalityQuerySet, queryset).search(search_term)
        if ORDER_VAR in request.GET:  # a column the adviser clicked orders the hits
            return found, False
        return found.order_by(F("search_rank"), *(queryset.query.order_by or ["name", "pk"])), False

    @admin.display(description=_("Einwohnerzahl je Gebietsstand"))
    def population_editions(self, obj: Municipality) -> str:
        return population_view_html(obj)

    @admin.action(description=_("Zusammenschluss (Fusion) erfassen"), permissions=["change"])
    def record_merger(self, request: HttpRequest, queryset: QuerySet[Municipality]) -> HttpResponse | None:
        form = MergerForm(request.POST if "apply" in request.POST else None)
        if "apply" in request.POST and form.is_valid():
            old = list(queryset)
            try:
                services.municipality_merge(
                    old=old,
                    new=form.cleaned_data["new"],
                    on=form.cleaned_data["on"],
                    actor=acting_user(request),
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                self.message_user(
                    request,
                    MERGED.format(
                        old=", ".join(m.name for m in old),
                        new=form.cleaned_data["new"].name,
                        date=f"{form.cleaned_data['on']:%d.%m.%Y}",
                    ),
                    messages.SUCCESS,
                )
                return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Zusammenschluss (Fusion) erfassen",
            "form": form,
            "objects": queryset,
            "selected": [str(pk) for pk in queryset.values_list("pk", flat=True)],
            "action": "record_merger",
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(
            request, "admin/contacts/municipality/merger.html", context, status=422 if form.errors else 200
        )

    def get_urls(self) -> list[Any]:
        own = [
            path(
                "verzeichnis-hochladen/",
                self.admin_site.admin_view(self.register_upload_view),
                name="contacts_municipality_register_upload",
            ),
            path(
                "verzeichnis-hochladen/<int:pk>/",
                self.admin_site.admin_view(self.register_preview_view),
                name="contacts_municipality_register_preview",
            ),
        ]
        return own + super().get_urls()

    def register_upload_view(self, request: HttpRequest) -> HttpResponse:
        return register_admin.upload_view(self, request)

    def register_preview_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        return register_admin.preview_view(self, request, pk)


@admin.register(Organisation)
class OrganisationAdmin(ServiceWritesMixin, ExportMixin, admin.ModelAdmin):
    resource_classes = [OrganisationResource]
    formats = FORMATS
    list_display = ["name", "kind", "email", "phone"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name"]
    show_full_result_count = False

    def save_model(self, request: HttpRequest, obj: Organisation, form: Any, change: bool) -> None:
        services.organisation_save(organisation=obj, actor=acting_user(request))

    def delete_model(self, request: HttpRequest, obj: Organisation) -> None:
        services.organisation_delete(organisation=obj, actor=acting_user(request))


@admin.register(Person)
class PersonAdmin(ExportMixin, AuditedAdmin):
    paginator = EstimatedCountPaginator
    resource_classes = [PersonResource]
    formats = FORMATS
    list_display = [
        "last_name",
        "first_name",
        "function",
        "organisation",
        "municipality",
        "is_public",
        "anonymised_at",
    ]
    list_filter = [
        "is_public",
        "legal_basis",
        "organisation__kind",
        ("anonymised_at", admin.EmptyFieldListFilter),
    ]
    search_fields = ["last_name", "first_name", "email", "municipality__name"]
    list_select_related = ["organisation", "municipality"]
    autocomplete_fields = ["organisation", "municipality", "user"]
    readonly_fields = ["anonymised_at"]
    show_full_result_count = False
    actions = ["anonymise", "export_personal_data"]

    def save_model(self, request: HttpRequest, obj: Person, form: Any, change: bool) -> None:
        services.person_save(person=obj, actor=acting_user(request))

    def delete_model(self, request: HttpRequest, obj: Person) -> None:
        services.person_delete(person=obj, actor=acting_user(request))

    @admin.action(description=_("Anonymisieren (DSGVO Art. 17)"), permissions=["change"])
    def anonymise(self, request: HttpRequest, queryset: QuerySet[Person]) -> HttpResponse | None:
        if "apply" not in request.POST:
            context = {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "title": "Personen anonymisieren",
                "objects": queryset,
                "selected": [str(pk) for pk in queryset.values_list("pk", flat=True)],
                "action": "anonymise",
                "action_checkbox_name": ACTION_CHECKBOX_NAME,
            }
            return TemplateResponse(request, "admin/contacts/person/anonymise.html", context)
        count = 0
        for person in queryset:
            if person.anonymised_at is None:
                gdpr.person_anonymise(person=person, actor=acting_user(request))
                count += 1
        self.message_user(request, ANONYMISED.format(count=count), messages.SUCCESS)
        return None

    def has_auskunft_permission(self, request: HttpRequest) -> bool:
        # The file holds the person's case messages: people and messages both readable.
        user = request.user
        return user.has_perm("contacts.view_person") and user.has_perm("cooperations.view_message")

    @admin.action(
        description=_("Auskunft: alle gespeicherten Daten (DSGVO Art. 15)"), permissions=["auskunft"]
    )
    def export_personal_data(self, request: HttpRequest, queryset: QuerySet[Person]) -> HttpResponse:
        people = list(queryset[:50])
        data = [gdpr.person_export(person=p, actor=acting_user(request)) for p in people]
        body = json.dumps(data if len(data) != 1 else data[0], ensure_ascii=False, indent=2, default=str)
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        stamp = timezone.localdate().strftime("%Y-%m-%d")
        name = f"auskunft-{people[0].pk}-{stamp}.json" if len(people) == 1 else f"auskunft-{stamp}.json"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    def get_urls(self) -> list[Any]:
        own = [
            path(
                "<int:pk>/auskunft/",
                self.admin_site.admin_view(self.export_view),
                name="contacts_person_auskunft",
            )
        ]
        return own + super().get_urls()

    def export_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not self.has_auskunft_permission(request):
            raise PermissionDenied
        person = get_object_or_404(Person, pk=pk)
        return self.export_personal_data(request, Person.objects.filter(pk=person.pk))


@admin.register(Membership)
class MembershipAdmin(ServiceWritesMixin, admin.ModelAdmin):
    list_display = ["user", "municipality", "status", "function", "created_at", "decided_by"]
    list_filter = ["status"]
    search_fields = ["user__email", "municipality__name", "municipality__ags"]
    list_select_related = ["user", "municipality", "decided_by"]
    autocomplete_fields = ["user", "municipality"]
    readonly_fields = ["status", "decided_by", "decided_at"]
    actions = ["confirm", "reject"]
    ordering = ["status", "created_at"]
    show_full_result_count = False

    def save_model(self, request: HttpRequest, obj: Membership, form: Any, change: bool) -> None:
        services.membership_save(membership=obj, actor=acting_user(request))

    def delete_model(self, request: HttpRequest, obj: Membership) -> None:
        services.membership_delete(membership=obj, actor=acting_user(request))

    @admin.action(description=_("Bestätigen"), permissions=["change"])
    def confirm(self, request: HttpRequest, queryset: QuerySet[Membership]) -> None:
        items = list(queryset)
        for membership in items:
            services.membership_confirm(membership=membership, actor=acting_user(request))
        self.message_user(request, CONFIRMED.format(count=len(items)), messages.SUCCESS)

    @admin.action(description=_("Ablehnen"), permissions=["change"])
    def reject(self, request: HttpRequest, queryset: QuerySet[Membership]) -> None:
        items = list(queryset)
        for membership in items:
            services.membership_reject(membership=membership, actor=acting_user(request))
        self.message_user(request, REJECTED.format(count=len(items)), messages.SUCCESS)


@admin.register(RegisterImport)
class RegisterImportAdmin(ReadOnlyModelAdmin):
    """The import log of the Gemeindeverzeichnis: read only. Uploads go through
    MunicipalityAdmin.register_upload_view, the command line through import_gv100ad."""

    list_display = [
        "created_at",
        "file_name",
        "gebietsstand",
        "status",
        "created_count",
        "updated_count",
        "retired_count",
        "uploaded_by",
    ]
    list_filter = ["status"]
    search_fields = ["file_name", "result"]
    list_select_related = ["uploaded_by"]
    show_full_result_count = False
    readonly_fields = [f.name for f in RegisterImport._meta.fields]

    # Read-only: the log is the record of how the register came about; it is not tidied away.
