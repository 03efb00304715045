"""Reference lists written by data migrations: the Handlungsfelder and the
facets and guidelines of the Förderlotse.

``manage.py flush`` – and with it every transactional test – empties all tables
and then sends ``post_migrate``. The handler below writes the lists again when
their table is empty, so no code path meets a database without them. Where the
rows exist (every normal ``migrate``) it does nothing; the data migrations stay
the one place that defines the rows.
"""

from __future__ import annotations

import importlib
from typing import Any

from django.apps import AppConfig
from django.apps import apps as global_apps

# app label → (data migration module, model whose emptiness means "flushed")
DATA_MIGRATIONS = {
    "cooperations": ("cooperations.migrations.0002_fields_of_action", "FieldOfAction"),
    "funding": ("funding.migrations.0002_reference_data", "Eligibility"),
}


def restore_reference_data(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    module_name, model_name = DATA_MIGRATIONS[sender.label]
    # migrate passes the migration state's registry, flush none: then the global one.
    apps = kwargs.get("apps") or global_apps
    try:
        model = apps.get_model(sender.label, model_name)
    except LookupError:  # migrating backwards: the model is not there yet
        return
    if model._default_manager.using(using).exists():
        return
    importlib.import_module(module_name).create(apps, None)
