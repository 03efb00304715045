"""The staff roles are Django groups whose permissions are declared here and
synced after every `migrate`, so a new model's permissions reach the groups
without a hand-written data migration each time."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group, Permission

KIKZ = "KIKZ-Beratung"
BUDGET = "Haushaltsberatung"
MINISTRY = "Ministerium"
ADMINISTRATION = "Administration"

ALL = ("add", "change", "delete", "view")
VIEW = ("view",)

# group -> {app_label: {model: actions}}; "*" means every model of the app
# (including the django-simple-history tables, which the admin shows read-only).
# Apps that do not exist (yet) are simply skipped by `sync_groups`.
ROLE_PERMISSIONS: dict[str, dict[str, dict[str, tuple[str, ...]]]] = {
    # Cases, contacts and funding; sees budget consultations only to link them.
    KIKZ: {
        "contacts": {"*": ALL},
        "cooperations": {"*": ALL},
        "funding": {"*": ALL},
        "agreements": {"*": ALL},
        "budget_advice": {"consultation": VIEW},
        "knowledge": {"*": ALL},
        "events": {"*": ALL},
        "savings": {"*": ALL},
        "dossier": {"*": ALL},
    },
    # Budget consultations; reads contacts to pick the municipality and the people.
    BUDGET: {
        "budget_advice": {"*": ALL},
        "contacts": {"municipality": VIEW, "organisation": VIEW, "person": VIEW},
    },
    # Statistics only (reports app, checked by accounts.permissions.is_ministry):
    # no admin model at all, so no personal data.
    MINISTRY: {},
    ADMINISTRATION: {
        "accounts": {"*": ALL},
        "auth": {"group": VIEW},
        "contacts": {"*": ALL},
        "cooperations": {"*": ALL},
        "funding": {"*": ALL},
        "agreements": {"*": ALL},
        "budget_advice": {"*": ALL},
        "reports": {"*": ALL},
        "knowledge": {"*": ALL},
        "events": {"*": ALL},
        "savings": {"*": ALL},
        "dossier": {"*": ALL},
        # The mail outbox: what went out, what did not and why (read-only admin).
        "ikz_portal": {"outboxmail": VIEW},
        # Reset a lost second factor of a colleague (delete the authenticator).
        "mfa": {"authenticator": ("view", "delete")},
    },
}


def sync_groups(**kwargs: Any) -> None:
    # post_migrate of `accounts` runs before the permissions of the apps listed
    # after it exist on a fresh database: create them all first.
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions
    from django.db import DEFAULT_DB_ALIAS

    using = kwargs.get("using", DEFAULT_DB_ALIAS)
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    german_permission_names(using)
    for name, apps in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.using(using).get_or_create(name=name)
        wanted: list[Permission] = []
        for app_label, models in apps.items():
            perms = Permission.objects.filter(content_type__app_label=app_label).select_related(
                "content_type"
            )
            for perm in perms:
                model = perm.content_type.model
                actions = models.get(model, models.get("*", ()))
                if perm.codename.split("_", 1)[0] in actions:
                    wanted.append(perm)
        group.permissions.set(wanted)


# Django names the permissions it creates in English („Can view Kooperation“) and stores
# the names; the back office shows them on every account's and role's page.
GERMAN_ACTIONS = {"add": "anlegen", "change": "ändern", "delete": "löschen", "view": "ansehen"}


def model_label(model: type[Any]) -> str:
    """A model's German name; django-simple-history names its tables „historical
    <Modell>“, untranslated: „Verlauf von <Modell>“."""
    tracked = getattr(model, "instance_type", None)
    return f"Verlauf von {tracked._meta.verbose_name}" if tracked else str(model._meta.verbose_name)


def permission_label(perm: Permission) -> str:
    """A permission as the account page lists it: „Bereich | Modell | Darf …“."""
    model = perm.content_type.model_class()
    if model is None:
        return str(perm)
    return f"{model._meta.app_config.verbose_name} | {model_label(model)} | {perm.name}"


def german_permission_names(using: str) -> int:
    """Renames the default permissions of every model „Darf <Modell> <Tätigkeit>“ (after
    each migrate, so new models' permissions follow). Returns how many changed."""
    from django.utils import translation

    changed = []
    with translation.override("de"):
        for perm in Permission.objects.using(using).select_related("content_type"):
            action, _, _model = perm.codename.partition("_")
            model = perm.content_type.model_class()
            if (
                action not in GERMAN_ACTIONS
                or model is None
                or perm.codename != f"{action}_{model._meta.model_name}"
            ):
                continue  # a permission of its own (Meta.permissions) has its own German name
            name = f"Darf {model_label(model)} {GERMAN_ACTIONS[action]}"[:255]
            if perm.name != name:
                perm.name = name
                changed.append(perm)
    Permission.objects.using(using).bulk_update(changed, ["name"])
    return len(changed)
