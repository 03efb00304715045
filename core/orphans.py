"""Media files that no row references: listed, and removed once the operator agrees.

Files are written before their row (a document's file, then its Document), so a crash
or a refused write between the two leaves a file nobody points to, and the same for a
report PDF whose row was deleted. `orphan_files` walks the storage (disk or S3) and
compares with every FileField of every model plus the attachments of inquiry drafts.
Files younger than IKZ_ORPHAN_MIN_AGE_HOURS are never touched: their row may be in a
transaction that has not committed yet.

The beat job (core.tasks.sweep_orphan_files) and `manage.py orphan_files` list
first (dry run, logged); files are only deleted with IKZ_ORPHAN_FILES_DELETE=True or
`--delete`, each one logged."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.core.files.storage import Storage, default_storage
from django.db import models
from django.utils import timezone

logger = logging.getLogger(__name__)


def referenced_names() -> set[str]:
    names: set[str] = set()
    for model in apps.get_models():
        if model.__name__.startswith("Historical"):
            # django-simple-history copies: the history never restores a file (SIMPLE_HISTORY_REVERT_DISABLED).
            continue
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField):
                values = model._default_manager.exclude(**{field.name: ""}).values_list(field.name, flat=True)
                names.update(str(v) for v in values.iterator() if v)
        # Files a model keeps outside a FileField (e.g. the inquiry wizard's attachments
        # in its JSON) are named by the model itself, so this module imports no app.
        extra = getattr(model, "referenced_file_names", None)
        if extra is not None:
            names.update(extra())
    return names


def walk(storage: Storage, path: str = "") -> Iterator[str]:
    try:
        directories, files = storage.listdir(path)
    except FileNotFoundError:
        return
    for name in files:
        yield f"{path}/{name}" if path else name
    for directory in directories:
        yield from walk(storage, f"{path}/{directory}" if path else directory)


@dataclass(frozen=True)
class Orphan:
    name: str
    size: int
    modified: dt.datetime


def orphan_files(*, storage: Storage | None = None, min_age: dt.timedelta | None = None) -> list[Orphan]:
    storage = storage or default_storage
    if min_age is None:
        min_age = dt.timedelta(hours=settings.IKZ_ORPHAN_MIN_AGE_HOURS)
    cutoff = timezone.now() - min_age
    referenced = referenced_names()
    found = []
    for name in walk(storage):
        if name in referenced:
            continue
        try:
            modified = storage.get_modified_time(name)
            size = storage.size(name)
        except FileNotFoundError:  # removed meanwhile
            continue
        if modified <= cutoff:
            found.append(Orphan(name=name, size=size, modified=modified))
    return sorted(found, key=lambda orphan: orphan.name)


def orphan_files_remove(
    *, delete: bool, storage: Storage | None = None, min_age: dt.timedelta | None = None
) -> list[Orphan]:
    """Lists (and with `delete` removes) the orphans; every one is logged."""
    storage = storage or default_storage
    orphans = orphan_files(storage=storage, min_age=min_age)
    # Asked again right before deleting: a row may have been written since the walk.
    still = referenced_names() if delete and orphans else set()
    handled = []
    for orphan in orphans:
        extra = {"file": orphan.name, "size": orphan.size, "modified": orphan.modified.isoformat()}
        if not delete:
            logger.warning("orphan file found (dry run, kept)", extra=extra)
        elif orphan.name in still:
            logger.info("orphan file is referenced now, kept", extra=extra)
            continue
        else:
            storage.delete(orphan.name)
            logger.warning("orphan file removed", extra=extra)
        handled.append(orphan)
    logger.info(
        "orphan files: %d %s",
        len(handled),
        "removed" if delete else "found (dry run)",
        extra={"count": len(handled)},
    )
    return handled
