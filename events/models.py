"""Information events (Informationsveranstaltungen, Bürgerversammlungen, Workshops,
Online-Seminare) and their registrations with double opt-in and a waiting list.

A registration holds no seat until its e-mail address is confirmed; the confirmation
takes a seat under a lock on the event row, or a place on the waiting list."""

from __future__ import annotations

import secrets
from typing import Self

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import TimeStampedModel

CAPACITY_POSITIVE = "Die Zahl der Plätze muss mindestens 1 sein."
DEADLINE_BEFORE_START = "Der Anmeldeschluss muss vor dem Beginn der Veranstaltung liegen."
END_AFTER_START = "Das Ende muss nach dem Beginn liegen."
PLACE_OR_LINK = "Geben Sie einen Ort mit Anschrift oder einen Link zur Online-Veranstaltung an."


class Kind(models.TextChoices):
    INFO = "informationsveranstaltung", _("Informationsveranstaltung")
    CITIZENS = "buergerversammlung", _("Bürgerversammlung")
    WORKSHOP = "workshop", _("Workshop")
    ONLINE = "online_seminar", _("Online-Seminar")


class Audience(models.TextChoices):
    MAYORS = "buergermeister", _("Bürgermeisterinnen und Bürgermeister")
    COUNCILS = "gemeindevertretungen", _("Gemeindevertretungen")
    ADMINISTRATION = "verwaltung", _("Verwaltung")
    CITIZENS = "buerger", _("Bürgerinnen und Bürger")


def new_nonce() -> str:
    return secrets.token_urlsafe(16)


class EventQuerySet(models.QuerySet["Event"]):
    def published(self) -> Self:
        return self.filter(is_published=True)

    def upcoming(self) -> Self:
        return self.filter(ends_at__gte=timezone.now())

    def past(self) -> Self:
        return self.filter(ends_at__lt=timezone.now())

    def with_counts(self) -> Self:
        """Registered (a seat), waiting, cancelled and attended per event, in one query."""
        status = "registrations__status"
        return self.annotate(
            n_registered=Count("registrations", filter=Q(**{status: Registration.Status.CONFIRMED})),
            n_waiting=Count("registrations", filter=Q(**{status: Registration.Status.WAITING})),
            n_cancelled=Count("registrations", filter=Q(**{status: Registration.Status.CANCELLED})),
            n_attended=Count("registrations", filter=Q(registrations__attended=True)),
        )


class Event(TimeStampedModel):
    Kind = Kind
    Audience = Audience

    title = models.CharField(_("Titel"), max_length=200)
    kind = models.CharField(_("Art"), max_length=30, choices=Kind.choices, default=Kind.INFO)
    audiences = models.JSONField(_("Zielgruppen"), default=list, blank=True)
    description = models.TextField(_("Beschreibung"), blank=True)
    organiser = models.CharField(
        _("Veranstalter"), max_length=200, default="Kompetenzzentrum für Interkommunale Zusammenarbeit"
    )
    partners = models.ManyToManyField(
        "contacts.Organisation", verbose_name=_("Partner"), blank=True, related_name="events"
    )
    starts_at = models.DateTimeField(_("Beginn"))
    ends_at = models.DateTimeField(_("Ende"))
    venue = models.CharField(_("Ort"), max_length=200, blank=True)
    address = models.TextField(_("Anschrift"), blank=True)
    online_url = models.URLField(_("Link zur Online-Veranstaltung"), blank=True)
    capacity = models.PositiveIntegerField(_("Plätze"))
    registration_deadline = models.DateTimeField(_("Anmeldeschluss"))
    cooperation = models.ForeignKey(
        "cooperations.Cooperation",
        verbose_name=_("gehört zum Vorgang"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="info_events",
    )
    # The activity this event wrote on its case (kept up to date by events.services).
    activity = models.OneToOneField(
        "cooperations.Activity",
        verbose_name=_("Aktivität im Vorgang"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="info_event",
        editable=False,
    )
    is_published = models.BooleanField(_("veröffentlicht"), default=False)
    # Kept when the registrations are deleted after the retention period (GDPR).
    archived_counts = models.JSONField(_("Zahlen nach Löschung"), default=dict, blank=True, editable=False)
    reminders_sent_at = models.DateTimeField(
        _("Erinnerung versandt am"), null=True, blank=True, editable=False
    )
    history = HistoricalRecords(excluded_fields=["updated_at"], m2m_fields=[])

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("Veranstaltung")
        verbose_name_plural = _("Veranstaltungen")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__gte=1),
                name="event_capacity_positive",
                violation_error_message=CAPACITY_POSITIVE,
            ),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")),
                name="event_ends_after_start",
                violation_error_message=END_AFTER_START,
            ),
        ]
        indexes = [
            # The public list: published events by start.
            models.Index(fields=["starts_at"], name="event_published_start", condition=Q(is_published=True)),
        ]

    def __str__(self) -> str:
        local = timezone.localtime(self.starts_at)
        return f"{self.title} ({local:%d.%m.%Y})"

    def get_absolute_url(self) -> str:
        return reverse("events:detail", args=[self.pk])

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        errors: dict[str, str] = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = END_AFTER_START
        if self.registration_deadline and self.starts_at and self.registration_deadline > self.starts_at:
            errors["registration_deadline"] = DEADLINE_BEFORE_START
        if not (self.venue.strip() and self.address.strip()) and not self.online_url:
            errors["venue"] = PLACE_OR_LINK
        if errors:
            raise ValidationError(errors)

    @property
    def audience_labels(self) -> list[str]:
        labels = dict(Audience.choices)
        return [str(labels[a]) for a in self.audiences if a in labels]

    @property
    def registration_open(self) -> bool:
        return timezone.now() <= self.registration_deadline

    @property
    def is_past(self) -> bool:
        return self.ends_at < timezone.now()


class Registration(TimeStampedModel):
    class Status(models.TextChoices):
        PENDING = "unbestaetigt", _("E-Mail noch nicht bestätigt")
        CONFIRMED = "angemeldet", _("angemeldet")
        WAITING = "warteliste", _("Warteliste")
        CANCELLED = "abgemeldet", _("abgemeldet")

    event = models.ForeignKey(
        Event, verbose_name=_("Veranstaltung"), on_delete=models.CASCADE, related_name="registrations"
    )
    name = models.CharField(_("Name"), max_length=200)
    email = models.EmailField(_("E-Mail-Adresse"))
    organisation = models.CharField(_("Kommune oder Organisation"), max_length=200)
    role = models.CharField(_("Funktion"), max_length=200, blank=True)
    accessibility_needs = models.TextField(_("Bedarf an Barrierefreiheit"), max_length=1000, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Konto"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_registrations",
    )
    status = models.CharField(_("Status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    # Signed into the confirmation and cancellation links; replaced when a link is used,
    # so each link works once.
    nonce = models.CharField(max_length=32, default=new_nonce, editable=False)
    confirmed_at = models.DateTimeField(_("E-Mail bestätigt am"), null=True, blank=True)
    # The waiting list's order: when the person joined it.
    queued_at = models.DateTimeField(_("auf der Warteliste seit"), null=True, blank=True)
    seat_since = models.DateTimeField(_("Platz seit"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("abgemeldet am"), null=True, blank=True)
    attended = models.BooleanField(_("teilgenommen"), default=False)
    reminder_sent_at = models.DateTimeField(_("Erinnerung versandt am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Anmeldung")
        verbose_name_plural = _("Anmeldungen")
        ordering = ["event", "created_at", "pk"]
        constraints = [
            # One live registration per address and event; a cancelled one may register again.
            models.UniqueConstraint(
                Lower("email"),
                "event",
                name="registration_one_per_email",
                condition=~Q(status="abgemeldet"),
            ),
        ]
        indexes = [
            # Seat counting and the waiting list's head, under the event lock.
            models.Index(fields=["event", "status", "queued_at"], name="registration_event_status"),
        ]

    def __str__(self) -> str:
        return f"{self.name} – {self.event.title}"
