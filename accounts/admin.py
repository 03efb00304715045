"""The back office's user accounts and security events. Every write of an account goes
through accounts.services (rules, one transaction, one audit row per role change); the
forms show the same rules beside the fields first, so nothing typed is lost."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from backoffice.admins import ReadOnlyModelAdmin, ServiceWritesMixin
from backoffice.widgets import NamedAutocompleteSelect
from contacts.models import Membership, Municipality

from . import roles, services
from .access import acting_user
from .audit import audit_summary
from .models import AuditEvent, User

DEACTIVATED = "{count} Konto/Konten deaktiviert."


class RoleRulesMixin(forms.ModelForm):
    """The services' rules as form errors. `actor` is set on a per-request subclass
    (UserAdmin.get_form): a ModelAdmin instance serves every thread and keeps no request."""

    actor: User | None = None

    def clean_email(self) -> str:
        email = User.objects.normalize_email(self.cleaned_data.get("email") or "").strip().lower()
        if User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk).exists():
            raise ValidationError(services.EMAIL_TAKEN.format(email=email))
        return email

    def roles_after(self, before: services.Roles) -> services.Roles:
        data = self.cleaned_data
        groups = data.get("groups")
        permissions = data.get("user_permissions")
        return services.Roles(
            bool(data.get("is_active", before.is_active)),
            bool(data.get("is_staff", before.is_staff)),
            bool(data.get("is_superuser", before.is_superuser)),
            tuple(sorted(g.name for g in groups)) if groups is not None else before.groups,
            tuple(sorted(f"{p.content_type.app_label}.{p.codename}" for p in permissions))
            if permissions is not None
            else before.permissions,
        )


def municipality_search() -> NamedAutocompleteSelect:
    # The back office's named Select2 box (an empty one has no accessible name), fed by
    # the autocomplete of the membership's municipality (the admin checks who may ask).
    widget = NamedAutocompleteSelect(Membership._meta.get_field("municipality"), admin.site)
    widget.placeholder = "Kommune suchen …"
    return widget


class UserAddForm(RoleRulesMixin, AdminUserCreationForm):
    municipality = forms.ModelChoiceField(
        label=_("Kommune (für ein Konto einer Kommune)"),
        queryset=Municipality.objects.filter(valid_until__isnull=True),
        required=False,
        widget=municipality_search(),
        help_text=_(
            "Ein Konto ohne Gruppe handelt für eine Kommune und wird für sie gleich bestätigt. "
            "Konten der Beratung, des Ministeriums und der Administration bekommen stattdessen ihre Gruppe."
        ),
    )

    class Meta:
        model = User
        fields = ("email", "first_name", "last_name", "is_staff", "groups")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        after = self.roles_after(services.Roles(True, False, False, (), ()))
        if not after.any_role and not data.get("municipality"):
            self.add_error("municipality", services.MUNICIPAL_NEEDS_MUNICIPALITY)
        return data


class UserEditForm(RoleRulesMixin, UserChangeForm):
    class Meta:
        model = User
        fields = (
            "email",
            "password",
            "first_name",
            "last_name",
            "is_active",
            "is_staff",
            "is_superuser",
            "groups",
            "user_permissions",
            "last_login",
            "date_joined",
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.instance.pk is not None and not self.errors:
            stored = User.objects.get(pk=self.instance.pk)
            before = services.roles_of(stored)
            try:
                services.check_roles_change(
                    user=stored, before=before, after=self.roles_after(before), actor=self.actor
                )
            except ValidationError as exc:
                self.add_error(None, exc)
        return data


class PermissionChoiceField(forms.ModelMultipleChoiceField):
    """The single rights of an account, named in German, the history tables' too."""

    def label_from_instance(self, obj: Any) -> str:
        return roles.permission_label(obj)


@admin.register(User)
class UserAdmin(ServiceWritesMixin, BaseUserAdmin):
    form = UserEditForm
    add_form = UserAddForm
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_staff", "is_active"]
    list_filter = ["is_staff", "is_active", "groups"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("first_name", "last_name")}),
        (_("Rechte"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Daten"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "usable_password", "password1", "password2")}),
        (_("Person"), {"fields": ("first_name", "last_name")}),
        (_("Rolle"), {"fields": ("groups", "is_staff", "municipality")}),
    )
    actions = ["deactivate"]

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name == "user_permissions":
            kwargs["form_class"] = PermissionChoiceField
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    class Media:
        js = ["js/select-filter-names.js"]

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        # A subclass per request carries the acting user into the form's rule check.
        return type(form.__name__, (form,), {"actor": acting_user(request)})

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        data = form.cleaned_data
        if change:
            services.user_update(
                user=obj,
                actor=acting_user(request),
                groups=data.get("groups"),
                permissions=data.get("user_permissions"),
            )
            return
        created = services.user_create(
            email=data["email"],
            password=data.get("password1") if data.get("set_usable_password") else None,
            actor=acting_user(request),
            first_name=data.get("first_name", ""),
            last_name=data.get("last_name", ""),
            is_staff=bool(data.get("is_staff")),
            groups=data.get("groups") or (),
            municipality=data.get("municipality"),
        )
        # The admin goes on with its own (unsaved) instance: give it the new row's identity.
        obj.pk, obj.password, obj.email = created.pk, created.password, created.email
        obj._state.adding = False

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        # Groups and single permissions were set by the service in save_model (audited);
        # form.save_m2m() would set them a second time, unchecked.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def delete_model(self, request: HttpRequest, obj: User) -> None:
        services.user_delete(user=obj, actor=acting_user(request))

    @admin.action(description=_("Ausgewählte Konten deaktivieren"), permissions=["change"])
    def deactivate(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        users = list(queryset.filter(is_active=True))
        with transaction.atomic():  # all or none: one refused account stops the others too
            for user in users:
                services.user_deactivate(user=user, actor=acting_user(request))
        self.message_user(request, DEACTIVATED.format(count=len(users)), messages.SUCCESS)


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyModelAdmin):
    list_display = ["created_at", "kind", "actor", "summary", "ip", "path"]
    list_filter = ["kind"]
    search_fields = ["actor__email", "path"]
    list_select_related = ["actor"]
    fields = ["created_at", "kind", "actor", "summary", "ip", "path", "detail"]
    readonly_fields = ["summary"]

    @admin.display(description=_("Was geschah"))
    def summary(self, obj: AuditEvent) -> str:
        return audit_summary(obj)
