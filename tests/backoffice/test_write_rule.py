"""The rule „every change goes through a service“, made hard to break: every model
admin registered on the back office that lets anyone add, change or delete has its own
save_model/delete_model (and save_formset where it has editable inlines), and the
code of the admin classes writes nothing itself. A new admin that saves with the
ModelAdmin's bare obj.save() or queryset.delete() fails this test until it calls a
service – or is named below with the reason why not."""

from __future__ import annotations

import inspect
import re
from typing import Any

import pytest
from django.contrib import admin
from django.contrib.admin.options import InlineModelAdmin
from django.test import RequestFactory

from accounts.models import User

# Admins that may keep a write of Django's own, each with the reason.
EXCEPTIONS: dict[str, str] = {
    # allauth's own admins and Django's group editor: groups and their permissions are
    # set up by migrations (accounts.roles.sync_groups); a user's groups are changed on
    # the user's page, through accounts.services.
    "auth.Group": "Django's group editor; groups and permissions are set up by migrations",
    "account.EmailAddress": "allauth's own admin for verified addresses",
    "mfa.Authenticator": "allauth's second factors",
    "usersessions.UserSession": "allauth's sessions",
}

# A direct write in the code of an admin class: obj.save(), qs.update(), qs.delete() …
# (`form.save(commit=False)` only builds the instance and is allowed).
BARE_WRITE = re.compile(
    r"\.(save|delete|update|create|get_or_create|update_or_create|bulk_create|bulk_update)\((?!commit=False)"
)


def label(model: Any) -> str:
    return f"{model._meta.app_label}.{model._meta.object_name}"


def is_own(cls: type) -> bool:
    """A class of this project (not Django's, simple-history's or import-export's)."""
    return not cls.__module__.startswith(("django.", "simple_history", "import_export", "allauth"))


def defines(model_admin: admin.ModelAdmin[Any], name: str) -> bool:
    """The method is the project's own (defined on a class of this project in the MRO)."""
    for cls in type(model_admin).__mro__:
        if name in vars(cls):
            return is_own(cls)
    return False


@pytest.fixture
def request_of_superuser() -> Any:
    request = RequestFactory().get("/admin/")
    request.user = User(email="root@example.org", is_superuser=True, is_staff=True, is_active=True)
    return request


def writable_admins(request: Any) -> list[tuple[str, admin.ModelAdmin[Any]]]:
    found = []
    for model, model_admin in admin.site._registry.items():
        if label(model) in EXCEPTIONS:
            continue
        found.append((label(model), model_admin))
    return found


def editable_inlines(model_admin: admin.ModelAdmin[Any], request: Any) -> list[InlineModelAdmin[Any, Any]]:
    editable = []
    for inline in model_admin.get_inline_instances(request):
        fields = set(inline.get_fields(request)) - set(inline.get_readonly_fields(request))
        if inline.has_add_permission(request, None) or inline.can_delete or fields:
            editable.append(inline)
    return editable


@pytest.mark.django_db
def test_every_admin_that_writes_saves_and_deletes_through_its_own_methods(request_of_superuser: Any) -> None:
    request = request_of_superuser
    missing = []
    for name, model_admin in writable_admins(request):
        if model_admin.has_add_permission(request) or model_admin.has_change_permission(request):
            if not defines(model_admin, "save_model"):
                missing.append(f"{name}: save_model")
            if editable_inlines(model_admin, request) and not defines(model_admin, "save_formset"):
                missing.append(f"{name}: save_formset")
        if model_admin.has_delete_permission(request):
            for method in ("delete_model", "delete_queryset"):
                if not defines(model_admin, method):
                    missing.append(f"{name}: {method}")
    assert missing == [], "Diese Admins schreiben ohne Service: " + ", ".join(missing)


def test_the_admin_classes_write_nothing_themselves() -> None:
    """Actions and custom views call services; a bare .save()/.update()/.delete() in the
    source of an admin class of this project is a write that skips them."""
    offenders = []
    seen: set[type] = set()
    for model, model_admin in admin.site._registry.items():
        if label(model) in EXCEPTIONS:
            continue
        for cls in type(model_admin).__mro__:
            if cls in seen or not is_own(cls) or cls.__module__ in {"builtins"}:
                continue
            seen.add(cls)
            for number, line in enumerate(inspect.getsource(cls).splitlines(), start=1):
                code = line.split("#", 1)[0]
                if BARE_WRITE.search(code) and "services." not in code and "gdpr." not in code:
                    offenders.append(f"{cls.__module__}.{cls.__qualname__}:{number}: {line.strip()}")
    assert offenders == []


def test_the_rule_catches_an_admin_with_the_bare_save(request_of_superuser: Any) -> None:
    """The check above can fail: a plain ModelAdmin is reported."""
    from cooperations.models import FieldOfAction

    bare = admin.ModelAdmin(FieldOfAction, admin.site)
    assert not defines(bare, "save_model")
    assert not defines(bare, "delete_queryset")
    assert BARE_WRITE.search("obj.save()") and not BARE_WRITE.search("form.save(commit=False)")


def test_every_exception_names_a_registered_admin() -> None:
    """An exception for an admin that is gone would silently cover a new one of that name."""
    registered = {label(model) for model in admin.site._registry}
    assert sorted(set(EXCEPTIONS) - registered) == []
