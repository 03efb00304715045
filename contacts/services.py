"""Writes of the contacts app: the records of the back office (municipalities, people,
organisations, memberships), mergers and membership decisions here; the import of the
Gemeindeverzeichnis lives in `contacts.register` and is re-exported below, the GDPR
writes (anonymise, retention) in `contacts.gdpr`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from core.records import record_delete, record_save

from .models import Membership, Municipality, Organisation, Person, RegisterImport
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

# --- The records as the back office edits them: validated, history with the adviser ---


def municipality_save(*, municipality: Municipality, actor: User | None) -> Municipality:
    """A municipality typed in the admin (the register import has its own service)."""
    return record_save(record=municipality, actor=actor)


def municipality_delete(*, municipality: Municipality, actor: User | None) -> None:
    """Only a municipality nothing points at; a retired one stays (see municipality_merge)."""
    record_delete(record=municipality, actor=actor)


def person_save(*, person: Person, actor: User | None) -> Person:
    return record_save(record=person, actor=actor)


def person_delete(*, person: Person, actor: User | None) -> None:
    record_delete(record=person, actor=actor)


def organisation_save(*, organisation: Organisation, actor: User | None) -> Organisation:
    return record_save(record=organisation, actor=actor)


def organisation_delete(*, organisation: Organisation, actor: User | None) -> None:
    record_delete(record=organisation, actor=actor)


def membership_save(*, membership: Membership, actor: User | None) -> Membership:
    """Function and note of a membership; its status changes only by membership_confirm
    or membership_reject (they mail the user)."""
    return record_save(record=membership, actor=actor)


def membership_delete(*, membership: Membership, actor: User | None) -> None:
    record_delete(record=membership, actor=actor)


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
    for m in olds:
        # One by one, not a queryset update: the history names the adviser for each.
        m.valid_until, m.successor = on - dt.timedelta(days=1), new
        m._history_user = actor  # type: ignore[attr-defined]
        m.save(update_fields=["valid_until", "successor", "updated_at"])
    if new.valid_from is None or new.valid_from > on:
        new.valid_from = on
        new._history_user = actor  # type: ignore[attr-defined]
        new.save(update_fields=["valid_from", "updated_at"])
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
    from accounts.selectors import kikz_recipients
    from core.emails import send_templated_mail

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
    from core.emails import send_templated_mail

    membership, changed = _membership_decide(
        membership=membership, actor=actor, to=Membership.Status.CONFIRMED
    )
    if changed:
        send_templated_mail("membership_confirmed", [membership.user.email], {"membership": membership})
    return membership


@transaction.atomic
def membership_reject(*, membership: Membership, actor: User, reason: str = "") -> Membership:
    """Reject a request, or revoke a confirmed membership."""
    from core.emails import send_templated_mail

    membership, changed = _membership_decide(
        membership=membership, actor=actor, to=Membership.Status.REJECTED
    )
    if changed:
        send_templated_mail(
            "membership_rejected", [membership.user.email], {"membership": membership, "reason": reason}
        )
    return membership


@transaction.atomic
def membership_grant(*, user: User, municipality: Municipality, actor: User | None) -> Membership:
    """An administrator creates a municipal account in the back office: its municipality
    is confirmed at once by that administrator (no request, so no mail to the office)."""
    if municipality.valid_until is not None:
        raise ValidationError(MEMBERSHIP_RETIRED.format(name=municipality.name))
    membership = Membership(
        user=user,
        municipality=municipality,
        status=Membership.Status.CONFIRMED,
        decided_by=actor,
        decided_at=timezone.now(),
    )
    return record_save(record=membership, actor=actor)


# --- The register import's job row, as the Celery task moves it --------------------


def register_job_claim(*, pk: int, max_attempts: int, stale_after: dt.timedelta) -> RegisterImport | None:
    """Take the job for this worker: a requested one, or one left "running" by a killed
    worker for longer than `stale_after` (the import is one transaction, so a crashed
    run changed nothing). One UPDATE, so a redelivered message finds nothing to claim.
    None: not claimable (done, running elsewhere, or out of attempts)."""
    now = timezone.now()
    claimable = Q(status=RegisterImport.Status.REQUESTED) | Q(
        status=RegisterImport.Status.RUNNING, started_at__lt=now - stale_after
    )
    claimed = RegisterImport.objects.filter(claimable, pk=pk, attempts__lt=max_attempts).update(
        status=RegisterImport.Status.RUNNING, attempts=F("attempts") + 1, started_at=now, updated_at=now
    )
    if not claimed:
        return None
    return RegisterImport.objects.select_related("uploaded_by", "confirmed_by").get(pk=pk)


def register_job_out_of_attempts(*, pk: int, max_attempts: int, stale_after: dt.timedelta) -> bool:
    """A job that would be claimable but has used up its attempts (it crashed each time)."""
    now = timezone.now()
    claimable = Q(status=RegisterImport.Status.REQUESTED) | Q(
        status=RegisterImport.Status.RUNNING, started_at__lt=now - stale_after
    )
    return RegisterImport.objects.filter(claimable, pk=pk, attempts__gte=max_attempts).exists()


def register_job_fail(*, pk: int, message: str) -> None:
    """The job ended without changing the register; `message` (German) says why."""
    now = timezone.now()
    RegisterImport.objects.filter(pk=pk).update(
        status=RegisterImport.Status.FAILED, result=message, finished_at=now, updated_at=now
    )
