"""Writes on events and registrations. Every seat is taken or given back under a lock
on the event row (SELECT … FOR UPDATE), so two people confirming for the last seat at
the same moment are served one after the other: one gets the seat, the other the
waiting list. Mails go through the outbox after the commit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from core.emails import Attachment, send_templated_mail

from .ics import event_ics
from .models import Event, Kind, Registration, new_nonce

if TYPE_CHECKING:
    from accounts.models import User
    from contacts.models import Organisation

Status = Registration.Status

REGISTRATION_CLOSED = "Die Anmeldefrist für diese Veranstaltung ist am {deadline} abgelaufen. Eine Anmeldung ist nicht mehr möglich."
NOT_PUBLISHED = "Zu dieser Veranstaltung ist keine Anmeldung möglich."
ALREADY_REGISTERED = (
    "Mit der E-Mail-Adresse {email} besteht schon eine Anmeldung zu dieser Veranstaltung. "
    "Den Link zum Bestätigen oder Abmelden finden Sie in Ihrer E-Mail."
)
EVENT_OVER = "Diese Veranstaltung hat schon stattgefunden."
LINK_INVALID = "Dieser Link ist ungültig. Bitte verwenden Sie den vollständigen Link aus Ihrer E-Mail."
LINK_EXPIRED = "Dieser Bestätigungslink ist abgelaufen. Bitte melden Sie sich noch einmal an."
LINK_USED = "Dieser Link wurde schon verwendet: Die Anmeldung ist bereits abgemeldet."
BROADCAST_EMPTY = "Geben Sie einen Betreff und einen Text ein."

CONFIRM = "bestaetigen"
CANCEL = "abmelden"
# A confirmation link is good for a week; a cancellation link as long as the registration lives.
CONFIRM_MAX_AGE = 7 * 24 * 3600


# --- links ---------------------------------------------------------------------------


def make_token(registration: Registration, action: str) -> str:
    return signing.dumps(
        {"r": registration.pk, "n": registration.nonce}, salt=f"events.{action}", compress=True
    )


def link(registration: Registration, action: str) -> str:
    name = "events:confirm" if action == CONFIRM else "events:cancel"
    return settings.SITE_URL.rstrip("/") + reverse(name, args=[make_token(registration, action)])


def registration_from_token(token: str, action: str) -> Registration:
    """The registration a link names; a forged or broken link is a clear German error."""
    try:
        payload = signing.loads(
            token, salt=f"events.{action}", max_age=CONFIRM_MAX_AGE if action == CONFIRM else None
        )
    except signing.SignatureExpired as exc:
        raise ValidationError(LINK_EXPIRED, code="expired") from exc
    except signing.BadSignature as exc:
        raise ValidationError(LINK_INVALID, code="invalid") from exc
    pk = payload.get("r") if isinstance(payload, dict) else None
    registration = (
        Registration.objects.select_related("event").filter(pk=pk).first() if isinstance(pk, int) else None
    )
    if registration is None:
        # Deleted after the retention period, or never there.
        raise ValidationError(LINK_INVALID, code="invalid")
    if registration.nonce != payload.get("n"):
        raise ValidationError(LINK_USED, code="used")
    return registration


# --- mails ---------------------------------------------------------------------------


def _ics_attachment(event: Event) -> Attachment:
    return {"filename": "veranstaltung.ics", "content_type": "text/calendar", "content": event_ics(event)}


def _mail(name: str, registration: Registration, *, with_ics: bool = False, **extra: Any) -> None:
    context = {
        "event": registration.event,
        "registration": registration,
        "cancel_url": link(registration, CANCEL),
        "event_url": settings.SITE_URL.rstrip("/") + registration.event.get_absolute_url(),
        **extra,
    }
    attachments = [_ics_attachment(registration.event)] if with_ics else []
    send_templated_mail(f"event_{name}", [registration.email], context, attachments=attachments)


# --- seats ---------------------------------------------------------------------------


def _lock(event: Event) -> Event:
    return Event.objects.select_for_update().get(pk=event.pk)


def _seats_taken(event: Event) -> int:
    return Registration.objects.filter(event=event, status=Status.CONFIRMED).count()


def waiting_position(registration: Registration) -> int:
    ahead = Registration.objects.filter(event_id=registration.event_id, status=Status.WAITING).filter(
        Q(queued_at__lt=registration.queued_at) | Q(queued_at=registration.queued_at, pk__lt=registration.pk)
    )
    return ahead.count() + 1


def _take_seat_or_queue(event: Event, registration: Registration) -> None:
    """Called with the event row locked."""
    now = timezone.now()
    registration.confirmed_at = registration.confirmed_at or now
    registration.event = event
    if _seats_taken(event) < event.capacity:
        registration.status = Status.CONFIRMED
        registration.seat_since = now
        registration.save(update_fields=["status", "confirmed_at", "seat_since", "updated_at"])
        _mail("registered", registration, with_ics=True)
    else:
        registration.status = Status.WAITING
        registration.queued_at = now
        registration.save(update_fields=["status", "confirmed_at", "queued_at", "updated_at"])
        _mail("waitlisted", registration, position=waiting_position(registration))


def _move_up(event: Event) -> list[Registration]:
    """Free seats go to the waiting list in its order; each gets a mail. Event locked."""
    moved: list[Registration] = []
    free = event.capacity - _seats_taken(event)
    if free <= 0:
        return moved
    waiting = Registration.objects.filter(event=event, status=Status.WAITING).order_by("queued_at", "pk")[
        :free
    ]
    for registration in waiting:
        registration.status = Status.CONFIRMED
        registration.seat_since = timezone.now()
        registration.save(update_fields=["status", "seat_since", "updated_at"])
        _mail("moved_up", registration, with_ics=True)
        moved.append(registration)
    return moved


# --- registrations ----------------------------------------------------------------------


@transaction.atomic
def registration_create(
    *,
    event: Event,
    name: str,
    email: str,
    organisation: str,
    role: str = "",
    accessibility_needs: str = "",
    user: User | None = None,
) -> Registration:
    """A new registration waits for its address to be confirmed (double opt-in). A
    signed-in person registering with the verified address of the account needs no
    second confirmation and takes a seat (or a waiting place) at once."""
    event = _lock(event)
    if not event.is_published:
        raise ValidationError(NOT_PUBLISHED)
    if event.is_past:
        raise ValidationError(EVENT_OVER)
    if not event.registration_open:
        deadline = timezone.localtime(event.registration_deadline)
        raise ValidationError(REGISTRATION_CLOSED.format(deadline=f"{deadline:%d.%m.%Y um %H:%M} Uhr"))
    email = email.strip()
    # A registration whose confirmation link expired unused must not block the address for good.
    expired = timezone.now() - dt.timedelta(seconds=CONFIRM_MAX_AGE)
    Registration.objects.filter(
        event=event, email__iexact=email, status=Status.PENDING, created_at__lt=expired
    ).update(status=Status.CANCELLED, cancelled_at=timezone.now(), nonce=new_nonce())
    if (
        Registration.objects.filter(event=event, email__iexact=email)
        .exclude(status=Status.CANCELLED)
        .exists()
    ):
        raise ValidationError({"email": ALREADY_REGISTERED.format(email=email)})
    registration = Registration(
        event=event,
        name=name.strip(),
        email=email,
        organisation=organisation.strip(),
        role=role.strip(),
        accessibility_needs=accessibility_needs.strip(),
        user=user if user is not None and user.is_authenticated else None,
    )
    registration.full_clean(exclude=["event", "user"], validate_constraints=False)
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError as exc:  # the unique index is the last word if two requests race
        raise ValidationError({"email": ALREADY_REGISTERED.format(email=email)}) from exc
    if registration.user is not None and _verified_address_of(registration.user, email):
        _take_seat_or_queue(event, registration)
    else:
        send_templated_mail(
            "event_confirm",
            [email],
            {"event": event, "registration": registration, "confirm_url": link(registration, CONFIRM)},
        )
    return registration


def _verified_address_of(user: User, email: str) -> bool:
    from allauth.account.models import EmailAddress

    return EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()


@transaction.atomic
def registration_confirm(*, token: str) -> tuple[Registration, bool]:
    """Double opt-in: the address is confirmed, the registration takes a seat or joins
    the waiting list. Returns (registration, whether this call confirmed it); a second
    click changes nothing."""
    registration = registration_from_token(token, CONFIRM)
    event = _lock(registration.event)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status != Status.PENDING:
        if registration.status == Status.CANCELLED:
            raise ValidationError(LINK_USED, code="used")
        return registration, False
    if event.is_past:
        raise ValidationError(EVENT_OVER)
    _take_seat_or_queue(event, registration)
    return registration, True


@transaction.atomic
def registration_cancel(*, registration: Registration, actor: User | None = None) -> Registration:
    """Cancel (by the person's link or in the back office). A freed seat goes to the
    first on the waiting list, who is told by mail. The link stops working."""
    event = _lock(registration.event)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == Status.CANCELLED:
        raise ValidationError(LINK_USED, code="used")
    had_seat = registration.status == Status.CONFIRMED
    registration.status = Status.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.nonce = new_nonce()  # single use: the signed link names the old nonce
    registration.save(update_fields=["status", "cancelled_at", "nonce", "updated_at"])
    registration.event = event
    send_templated_mail(
        "event_cancelled",
        [registration.email],
        {
            "event": event,
            "registration": registration,
            "event_url": settings.SITE_URL.rstrip("/") + event.get_absolute_url(),
        },
    )
    if had_seat and not event.is_past:
        _move_up(event)
    return registration


@transaction.atomic
def registration_cancel_by_token(*, token: str) -> Registration:
    return registration_cancel(registration=registration_from_token(token, CANCEL))


@transaction.atomic
def registrations_set_attendance(*, event: Event, attended_ids: Iterable[int], actor: User | None) -> int:
    """Attendance from the sign-in sheet: exactly the given registrations (with a seat) attended."""
    ids = set(attended_ids)
    seated = Registration.objects.filter(event=event, status=Status.CONFIRMED)
    seated.filter(pk__in=ids).update(attended=True, updated_at=timezone.now())
    seated.exclude(pk__in=ids).update(attended=False, updated_at=timezone.now())
    return seated.filter(attended=True).count()


# --- events ------------------------------------------------------------------------------

ACTIVITY_NOTE = "Veranstaltung „{title}“, {place}. Angemeldet: {registered} von {capacity} Plätzen."


@transaction.atomic
def event_save(*, event: Event, actor: User | None, partners: Iterable[Organisation] | None = None) -> Event:
    """Create or change an event. More seats go to the waiting list at once; an event
    that belongs to a case appears as an activity of that case (and stays in step)."""
    event.full_clean()
    if event.pk:
        _lock(event)
    event._history_user = actor  # type: ignore[attr-defined]
    event.save()
    if partners is not None:
        event.partners.set(partners)
    if not event.is_past:
        _move_up(event)
    event_sync_activity(event=event, actor=actor)
    return event


EVENT_HAS_REGISTRATIONS = (
    "Die Veranstaltung „{title}“ kann nicht gelöscht werden: {count} Person(en) sind angemeldet "
    "oder warten auf einen Platz. Melden Sie sie zuerst ab (sie erhalten dann eine E-Mail) oder "
    "nehmen Sie die Veranstaltung aus der Veröffentlichung."
)


@transaction.atomic
def event_delete(*, event: Event, actor: User | None) -> None:
    """Delete an event nobody is (or waits to be) registered for: people with a seat
    must hear of it by being cancelled first, not by a row that silently disappears.
    The activity it wrote on its case stays (it is part of the case's record)."""
    event = _lock(event)
    active = event.registrations.exclude(status=Registration.Status.CANCELLED).count()
    if active:
        raise ValidationError(EVENT_HAS_REGISTRATIONS.format(title=event.title, count=active))
    event._history_user = actor  # type: ignore[attr-defined]
    event.delete()


def event_sync_activity(*, event: Event, actor: User | None) -> None:
    """The case's activity for this event, written through the cooperations service."""
    from cooperations.models import Activity
    from cooperations.services import activity_record

    if event.cooperation_id is None or event.cooperation is None:
        return
    registered = _seats_taken(event)
    place = event.venue or "online"
    activity = activity_record(
        case=event.cooperation,
        kind=Activity.Kind.CITIZENS if event.kind == Kind.CITIZENS else Activity.Kind.INFO_EVENT,
        date=timezone.localtime(event.starts_at).date(),
        notes=ACTIVITY_NOTE.format(
            title=event.title, place=place, registered=registered, capacity=event.capacity
        ),
        participants=", ".join(
            Registration.objects.filter(event=event, attended=True)
            .order_by("name")
            .values_list("name", flat=True)
        ),
        actor=actor,
        activity=event.activity,
    )
    if event.activity_id != activity.pk:
        Event.objects.filter(pk=event.pk).update(activity=activity)
        event.activity = activity


@transaction.atomic
def event_mail_all(*, event: Event, subject: str, text: str, actor: User | None) -> int:
    """A mail from the back office to everyone with a seat, each with their own cancellation link."""
    if not subject.strip() or not text.strip():
        raise ValidationError(BROADCAST_EMPTY)
    recipients = list(
        Registration.objects.filter(event=event, status=Status.CONFIRMED).select_related("event")
    )
    for registration in recipients:
        _mail("broadcast", registration, subject=subject.strip(), text=text.strip())
    return len(recipients)


# --- scheduled: reminders and deletion ------------------------------------------------


def send_reminders(*, now: dt.datetime | None = None) -> int:
    """The day before: a reminder with the .ics to everyone with a seat. Each
    registration is claimed by a conditional update, so a second run sends nothing."""
    now = now or timezone.now()
    tomorrow = timezone.localtime(now).date() + dt.timedelta(days=1)
    sent = 0
    for event in Event.objects.filter(starts_at__date=tomorrow, is_published=True):
        with transaction.atomic():
            due = list(
                Registration.objects.filter(
                    event=event, status=Status.CONFIRMED, reminder_sent_at__isnull=True
                )
                .select_for_update(skip_locked=True)
                .select_related("event")
            )
            for registration in due:
                Registration.objects.filter(pk=registration.pk).update(reminder_sent_at=now)
                _mail("reminder", registration, with_ics=True)
                sent += 1
            Event.objects.filter(pk=event.pk).update(reminders_sent_at=now)
    return sent


def purge_registrations(*, now: dt.datetime | None = None, months: int | None = None) -> int:
    """GDPR: the registrations of an event that ended more than `months` months ago
    are deleted; the event keeps only its counts."""
    now = now or timezone.now()
    months = settings.IKZ_EVENT_RETENTION_MONTHS if months is None else months
    cutoff = now - dt.timedelta(days=round(months * 30.44))
    deleted = 0
    events = Event.objects.filter(ends_at__lt=cutoff, registrations__isnull=False).distinct()
    for event in events:
        with transaction.atomic():
            counts = Registration.objects.filter(event=event).aggregate(
                angemeldet=Count("pk", filter=Q(status=Status.CONFIRMED)),
                warteliste=Count("pk", filter=Q(status=Status.WAITING)),
                abgemeldet=Count("pk", filter=Q(status=Status.CANCELLED)),
                teilgenommen=Count("pk", filter=Q(attended=True)),
            )
            Event.objects.filter(pk=event.pk).update(archived_counts=counts)
            n, _ = Registration.objects.filter(event=event).delete()
            deleted += n
    return deleted
