"""Every URL the resolver knows has an entry in the permission matrix, and every URL
answers every role, with GET and with POST, as the matrix says: allowed is never a
login redirect, 401, 403, 404 or 500; refused is exactly the declared refusal."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import transaction
from django.test import Client, RequestFactory
from django.urls import reverse

from accounts.permission_matrix import (
    EXPORT_PERMISSION_CODE,
    IMPORT_PERMISSION_CODE,
    Refusal,
    Role,
    RoleSubject,
    decide,
    matrix,
)

from .conftest import ACTOR_LABELS, Actor, World
from .urls import Url, build, dummy_values, world_values

pytestmark = pytest.mark.django_db


def unlisted(urls: Iterable[Url], entries: dict[str, Any]) -> list[str]:
    return sorted({u.view_name for u in urls if u.view_name not in entries})


def test_every_url_the_resolver_knows_has_an_entry() -> None:
    urls = list(build(dummy_values))
    assert len(urls) > 200  # the admin's generated URLs are part of the walk
    assert unlisted(urls, matrix()[0]) == []


def test_a_url_without_an_entry_is_found_by_the_walk_and_refused() -> None:
    entries = dict(matrix()[0])
    del entries["admin:funding_grant_import"]
    assert unlisted(build(dummy_values), entries) == ["admin:funding_grant_import"]
    # Deny by default, even for the superuser.
    assert decide("admin:nicht-eingetragen", "GET", RoleSubject(Role.SUPERUSER)) == Refusal.FORBIDDEN


def test_no_url_name_is_used_twice() -> None:
    # The matrix is keyed by name: two URLs under one name would share one entry.
    names = Counter(u.name for u in build(dummy_values) if u.name is not None)
    assert [n for n, count in names.items() if count > 1] == []


def test_import_export_asks_for_the_matrix_permission_codes() -> None:
    assert settings.IMPORT_EXPORT_EXPORT_PERMISSION_CODE == EXPORT_PERMISSION_CODE
    assert settings.IMPORT_EXPORT_IMPORT_PERMISSION_CODE == IMPORT_PERMISSION_CODE


def test_every_changelist_action_has_an_entry(admin_user: Any) -> None:
    from django.contrib.admin.options import ActionLocation

    from accounts.permission_matrix import action_need

    request = RequestFactory().get("/admin/")
    request.user = admin_user
    missing = [
        f"{model._meta.label_lower}: {action}"
        for model, model_admin in admin.site._registry.items()
        for action in {
            *model_admin.get_actions(request),
            *_action_names(model_admin, ActionLocation.CHANGE_FORM),
        }
        if action_need(model._meta.label_lower, action) is None
    ]
    assert missing == []


def test_every_export_is_audited() -> None:
    from import_export.admin import ExportMixin

    from accounts.export_admin import AuditedExportMixin

    unaudited = [
        type(ma).__name__
        for ma in admin.site._registry.values()
        if isinstance(ma, ExportMixin) and not isinstance(ma, AuditedExportMixin)
    ]
    assert unaudited == []


def _action_names(model_admin: Any, location: Any = None) -> set[str]:
    from django.contrib.admin.options import ActionLocation

    return {a.name for a in model_admin._get_base_actions(location or ActionLocation.CHANGE_LIST)}


# --- the walk ------------------------------------------------------------------------


LOGIN_PATHS = ("/konto/login/", "/admin/login/")
REFUSED = {Refusal.LOGIN, Refusal.MEMBERSHIPS, "401", "403", "404", "405"}


def observed(response: Any) -> str:
    location = response.get("Location", "")
    if response.status_code == 302 and location.startswith(LOGIN_PATHS):
        return Refusal.LOGIN
    if response.status_code == 302 and location.startswith(reverse("accounts:memberships")):
        return Refusal.MEMBERSHIPS
    return str(response.status_code)


def expected(url: Url, method: str, actor: Actor, actions: list[str]) -> str | None:
    refusal = decide(url.view_name, method, RoleSubject(actor.role), url.kwargs, actions)
    if refusal is None and actor.other_municipality and matrix()[0][url.view_name].scoped:
        return Refusal.NOT_FOUND  # the view's own check: another municipality's object
    return refusal


def agrees(url: Url, actor: Actor, want: str | None, got: str) -> bool:
    if got == "500":
        return False
    if want is not None:
        return got == want
    if got == Refusal.LOGIN and matrix()[0][url.view_name].login_flow:
        return True  # a login step without a login in progress goes back to the login
    if got == Refusal.MEMBERSHIPS and actor.role != Role.MUNICIPAL:
        return True  # where a signed-up user lands (after a login page, say), no refusal
    return got not in REFUSED


def _answer(client: Client, method: str, path: str, data: dict[str, Any]) -> Any:
    if method == "GET":
        return client.get(path)
    # A POST in a savepoint rolled back afterwards: one that deletes or changes the shared
    # objects leaves them for the next request.
    with transaction.atomic():
        response = client.post(path, data)
        transaction.set_rollback(True)
    return response


def _requests(
    url: Url, method: str, actor: Actor, actionable: dict[str, tuple[str, str]]
) -> list[tuple[list[str], dict]]:
    """The plain request, and on a changelist's POST one more for each of its actions
    (for whoever may post to the list at all; the others are refused before any action)."""
    plain: list[tuple[list[str], dict]] = [([], {})]
    if method != "POST" or not url.view_name.endswith("_changelist") or url.view_name not in actionable:
        return plain
    if expected(url, method, actor, []) is not None:
        return plain
    model_admin = admin.site._registry[apps.get_model(actionable[url.view_name][0])]
    names = _action_names(model_admin) | {"delete_selected", "export_admin_action"}
    pk = str(model_admin.model._default_manager.order_by("pk").values_list("pk", flat=True).first())
    return plain + [([a], {"action": a, ACTION_CHECKBOX_NAME: [pk], "index": "0"}) for a in sorted(names)]


def walk(client: Client, actor: Actor, urls: list[Url]) -> list[str]:
    wrong = []
    actionable = matrix()[1]
    for url in urls:
        for method in ("GET", "POST"):
            for actions, data in _requests(url, method, actor, actionable):
                want = expected(url, method, actor, actions)
                got = observed(_answer(client, method, url.path, data))
                if not agrees(url, actor, want, got):
                    wrong.append(f"{method} {url.path} {actions or ''}: {got}, Matrix: {want or 'erlaubt'}")
                if method == "POST" and actor.user is not None and "_auth_user_id" not in client.session:
                    client.force_login(actor.user)  # the walk logged out
    return wrong


@pytest.fixture
def decisions_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """The walk checks who gets through, not what the pages show (their own tests do):
    templates are looked up but not rendered, and the case file is not typeset, which
    takes the walk from minutes to seconds. A view's own refusal or error still shows."""
    from django.template.backends.django import Template

    from agreements import views as agreement_views
    from events import exports as event_exports
    from reports import casefile

    monkeypatch.setattr(Template, "render", lambda self, context=None, request=None: "")
    monkeypatch.setattr(casefile, "case_file_pdf", lambda case: b"%PDF-1.4")
    monkeypatch.setattr(event_exports, "signin_sheet_pdf", lambda event: b"%PDF-1.4")
    monkeypatch.setattr(agreement_views, "draft_pdf", lambda case, key: b"%PDF-1.4")


def test_every_url_answers_every_role_as_the_matrix_says(
    cast: dict[str, Actor], world: World, empty_cache: None, decisions_only: None
) -> None:
    # One test over all roles: one set of objects, made once (the walk's cost is requests).
    urls = list(build(world_values(world)))
    wrong = []
    for label in ACTOR_LABELS:
        actor = cast[label]
        client = Client(raise_request_exception=False)
        if actor.user is not None:
            client.force_login(actor.user)
        wrong += [f"{label}: {line}" for line in walk(client, actor, urls)]
    assert not wrong, f"{len(wrong)} Abweichungen von accounts/permission_matrix.py:\n" + "\n".join(wrong)
