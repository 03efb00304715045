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

# group -> {app_label: {model: actions}}; "*" means every model of the app.
ROLE_PERMISSIONS: dict[str, dict[str, dict[str, tuple[str, ...]]]] = {
    KIKZ: {
        "contacts": {"*": ALL},
        "cooperations": {"*": ALL},
        "funding": {"*": ALL},
        "budget_advice": {"consultation": VIEW},
    },
    BUDGET: {
        "budget_advice": {"*": ALL},
        "contacts": {"municipality": VIEW, "organisation": VIEW, "person": VIEW},
    },
    MINISTRY: {},
    ADMINISTRATION: {
        "accounts": {"*": ALL},
        "auth": {"group": VIEW},
        "contacts": {"*": ALL},
        "cooperations": {"*": ALL},
        "funding": {"*": ALL},
        "budget_advice": {"*": ALL},
    },
}


def sync_groups(**kwargs: Any) -> None:
    for name, apps in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
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
