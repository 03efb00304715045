"""The plain save and delete of a record that has no rule beyond its model: reference
data (fields of action, funding areas), contacts. The apps' services call these under
their own names, so every write still goes through a service: the model's validation
(full_clean, German messages), the acting user in the history, one transaction, and a
refused delete as a German ValidationError instead of a ProtectedError (a 500)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import ProtectedError, RestrictedError

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser as User

IN_USE = "„{record}“ kann nicht gelöscht werden, weil es noch verwendet wird: {uses}."


def record_save[M: models.Model](*, record: M, actor: User | None) -> M:
    """Validate and save a new or changed record; the history names `actor`."""
    with transaction.atomic():
        record.full_clean()
        # django-simple-history reads the user from here outside a request (commands, tasks).
        record._history_user = actor  # type: ignore[attr-defined]
        record.save()
    return record


def record_delete(*, record: models.Model, actor: User | None) -> None:
    """Delete a record; one still referenced elsewhere is refused with a German message
    that names what uses it (the admin shows it instead of a server error)."""
    try:
        with transaction.atomic():
            record._history_user = actor  # type: ignore[attr-defined]
            record.delete()
    except (ProtectedError, RestrictedError) as exc:
        used = exc.protected_objects if isinstance(exc, ProtectedError) else exc.restricted_objects
        kinds = sorted({str(obj._meta.verbose_name_plural) for obj in used})
        raise ValidationError(IN_USE.format(record=record, uses=", ".join(kinds))) from None
