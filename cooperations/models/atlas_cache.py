"""The atlas's cached choice lists and the signals that drop them."""

from __future__ import annotations

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from contacts.models import Municipality, RegisterImport

from .case import Cooperation

# The years of the atlas's "Beginn (Jahr)" box and the value and label of every Kreis of
# its Kreis box (cooperations.atlas), cached. Every saved or deleted case drops the
# years, every saved or deleted municipality and every finished register import
# (contacts.services.register_import writes in bulk, without signals) the Kreise – at
# once and again after the commit, so a request between the two cannot keep the old
# list; bulk updates that send no signal are caught up by the timeout.
ATLAS_YEARS = "jahre"
ATLAS_KREISE = "kreise"
ATLAS_CACHE_TIMEOUT = 600


def atlas_cache_key(kind: str) -> str:
    # The key names the database: one Redis may serve several (`make bench` measures a
    # Land and then the whole country with the same Redis).
    return f"ikz:atlas:{kind}:{connection.settings_dict['NAME']}"


def _forget(kind: str) -> None:
    key = atlas_cache_key(kind)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


@receiver([post_save, post_delete], sender=Cooperation, dispatch_uid="atlas_years_changed")
def _atlas_years_changed(sender: type[Cooperation], **kwargs: object) -> None:
    _forget(ATLAS_YEARS)


@receiver([post_save, post_delete], sender=Municipality, dispatch_uid="atlas_kreise_changed")
def _atlas_kreise_changed(sender: type[Municipality], **kwargs: object) -> None:
    _forget(ATLAS_KREISE)


@receiver(post_save, sender=RegisterImport, dispatch_uid="atlas_kreise_imported")
def _atlas_kreise_imported(sender: type[RegisterImport], instance: RegisterImport, **kwargs: object) -> None:
    if instance.status == RegisterImport.Status.DONE:
        _forget(ATLAS_KREISE)
