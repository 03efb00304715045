"""Writes of the contacts app: mergers and memberships here; the import of the
Gemeindeverzeichnis lives in `contacts.register` and is re-exported below."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from .models import Membership, Municipality
from .register import (  # noqa: F401 - the register import's services, under their usual module
    REGISTER_DRY_RUN,
    REGISTER_FILE_TOO_LARGE,
    REGISTER_NO_MUNICIPALITIES,
    REGISTER_NOT_GV100AD,
    REGISTER_OLDER_EDITION,
    RegisterImportResult,
    register_import,
    register_import_confirm,
    register_import_discard,
    register_import_request,
)

if TYPE_CHECKING:
    from accounts.models import User

MERGER_NEEDS_TWO = "Ein Zusammenschluss braucht mindestens eine bisherige Kommune, die nicht die neue ist."
MERGER_INTO_ITSELF = (
    "{name} kann nicht in sich selbst aufgehen: Wählen Sie nur die bisherigen Kommunen aus, "
    "die im Zusammenschluss enden, und geben Sie die neue Kommune als Nachfolgerin an."
)
MERGER_ALREADY_RETIRED = "{name} ist seit {date} nicht mehr im Verzeichnis und kann nicht erneut fusionieren."


@transaction.atomic
def municipality_merge(
    *, old: Iterable[Municipality], new: Municipality, on: dt.date, actor: User | None = None
) -> list[Municipality]:
    """Record a Zusammenschluss: the old municipalities end the day before `on` and
    name `new` as successor. Nothing is deleted; old cases keep pointing at them."""
    chosen = list(old)
    if any(m.pk == new.pk for m in chosen):
        # Ending `new` the day before `on` while naming it its own successor would retire
        # a municipality that lives on (Fürth + Grasellenbach → AGS of Fürth).
        raise ValidationError(MERGER_INTO_ITSELF.format(name=new.name))
    olds = chosen
    if not olds:
        raise ValidationError(MERGER_NEEDS_TWO)
    for m in olds:
        if m.valid_until is not None and m.valid_until < on - dt.timedelta(days=1):
            raise ValidationError(
                MERGER_ALREADY_RETIRED.format(name=m.name, date=f"{m.valid_until:%d.%m.%Y}")
            )
    Municipality.objects.filter(pk__in=[m.pk for m in olds]).update(
        valid_until=on - dt.timedelta(days=1), successor=new
    )
    if new.valid_from is None or new.valid_from > on:
        new.valid_from = on
        new.save(update_fields=["valid_from", "updated_at"])
    for m in olds:
        m.refresh_from_db()
    return olds


# --- Membership: a portal user acts for a municipality once an adviser confirmed it ---

MEMBERSHIP_NONE_CHOSEN = "Wählen Sie mindestens eine Kommune aus."
MEMBERSHIP_RETIRED = "{name} ist nicht mehr im Gemeindeverzeichnis; bitte wählen Sie die Nachfolgerin."


@transaction.atomic
def membership_request(
    *,
    user: User,
    municipalities: Iterable[Municipality],
    function: str = "",
    note: str = "",
) -> list[Membership]:
    """Ask to be confirmed for municipalities. Asking again for a rejected one reopens
    the request; a pending or confirmed one stays as it is."""
    from ikz_portal.emails import kikz_recipients, send_templated_mail

    chosen = list({m.pk: m for m in municipalities}.values())
    if not chosen:
        raise ValidationError(MEMBERSHIP_NONE_CHOSEN)
    for m in chosen:
        if m.valid_until is not None:
            raise ValidationError(MEMBERSHIP_RETIRED.format(name=m.name))
    result: list[Membership] = []
    new: list[Membership] = []
    for m in chosen:
        membership, created = Membership.objects.select_for_update().get_or_create(
            user=user, municipality=m, defaults={"function": function, "note": note}
        )
        if not created and membership.status == Membership.Status.REJECTED:
            membership.status = Membership.Status.REQUESTED
            membership.function, membership.note = function, note
            membership.decided_by, membership.decided_at = None, None
            membership.save()
            created = True
        if created:
            new.append(membership)
        result.append(membership)
    if new:
        send_templated_mail("membership_requested", kikz_recipients(), {"user": user, "memberships": new})
    return result


def _membership_decide(*, membership: Membership, actor: User, to: str) -> tuple[Membership, bool]:
    locked = (
        Membership.objects.select_for_update().select_related("user", "municipality").get(pk=membership.pk)
    )
    if locked.status == to:
        return locked, False  # a double click decides once
    locked.status = to
    locked.decided_by = actor
    locked.decided_at = timezone.now()
    locked.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    return locked, True


@transaction.atomic
def membership_confirm(*, membership: Membership, actor: User) -> Membership:
    from ikz_portal.emails import send_templated_mail

    membership, changed = _membership_decide(
        membership=membership, actor=actor, to=Membership.Status.CONFIRMED
    )
    if changed:
        send_templated_mail("membership_confirmed", [membership.user.email], {"membership": membership})
    return membership


@transaction.atomic
def membership_reject(*, membership: Membership, actor: User, reason: str = "") -> Membership:
    """Reject a request, or revoke a confirmed membership."""
    from ikz_portal.emails import send_templated_mail

    membership, changed = _membership_decide(
        membership=membership, actor=actor, to=Membership.Status.REJECTED
    )
    if changed:
        send_templated_mail(
            "membership_rejected", [membership.user.email], {"membership": membership, "reason": reason}
        )
    return membership
