"""A report row is the durable order of one annual statistics PDF (REFERENCE.md §2.2):
the web request writes it, a Celery worker claims and renders it, and the UI only
ever reads the row, so an order survives a broker outage and is rendered once."""

from __future__ import annotations

from typing import Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel


class ReportQuerySet(models.QuerySet["Report"]):
    def open(self) -> Self:
        return self.filter(status__in=Report.OPEN_STATES)

    def usable(self) -> Self:
        """Rows that answer an order: everything but failed ones."""
        return self.exclude(status=Report.Status.FAILED)


class Report(TimeStampedModel):
    class Status(models.TextChoices):
        REQUESTED = "requested", _("angefordert")
        QUEUED = "queued", _("in der Warteschlange")
        RUNNING = "running", _("wird erstellt")
        DONE = "done", _("fertig")
        FAILED = "failed", _("fehlgeschlagen")

    OPEN_STATES = (Status.REQUESTED, Status.QUEUED, Status.RUNNING)

    year = models.PositiveSmallIntegerField(_("Jahr"))
    cutoff = models.DateField(_("Stichtag"))
    data_version = models.CharField(
        _("Datenstand"),
        max_length=64,
        help_text=_("Prüfsumme der Daten: gleiche Daten, gleicher Bericht."),
    )
    status = models.CharField(_("Status"), max_length=10, choices=Status.choices, default=Status.REQUESTED)
    attempts = models.PositiveSmallIntegerField(_("Versuche"), default=0)
    renders = models.PositiveSmallIntegerField(_("fertig erstellt (Anzahl)"), default=0)
    error = models.TextField(_("Fehlermeldung"), blank=True)
    file = models.FileField(_("PDF"), upload_to="reports/", max_length=200, blank=True)
    size = models.PositiveIntegerField(_("Größe (Bytes)"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("angefordert von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    scheduled = models.BooleanField(_("automatisch (Zeitplan)"), default=False)
    enqueued_at = models.DateTimeField(_("eingereiht am"), null=True, blank=True)
    started_at = models.DateTimeField(_("begonnen am"), null=True, blank=True)
    lease_until = models.DateTimeField(
        _("reserviert bis"),
        null=True,
        blank=True,
        help_text=_("Läuft die Erstellung danach noch, gilt der Worker als abgestürzt."),
    )
    finished_at = models.DateTimeField(_("fertig am"), null=True, blank=True)
    worker = models.CharField(_("Worker"), max_length=200, blank=True)
    worker_pid = models.PositiveIntegerField(_("Prozess-ID"), null=True, blank=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("Jahresstatistik (PDF)")
        verbose_name_plural = _("Jahresstatistiken (PDF)")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # Double-click and concurrent-order safety: one usable report per year and data state.
            models.UniqueConstraint(
                fields=["year", "data_version"],
                condition=~Q(status="failed"),
                name="report_one_per_data_version",
            ),
        ]
        indexes = [
            # The sweep: open rows by status and age.
            models.Index(fields=["status", "updated_at"], name="report_status_updated"),
        ]

    def __str__(self) -> str:
        return f"Jahresstatistik {self.year} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATES

    @property
    def worker_gone(self) -> bool:
        """Rendering, but the worker stopped renewing its lease: it crashed, and the
        next sweep starts the report again (reports/services.py LeaseHeartbeat)."""
        return (
            self.status == self.Status.RUNNING
            and self.lease_until is not None
            and self.lease_until < timezone.now()
        )

    @property
    def is_done(self) -> bool:
        return self.status == self.Status.DONE and bool(self.file)

    @property
    def filename(self) -> str:
        return f"Jahresstatistik-IKZ-{self.year}-Stand-{self.cutoff:%Y-%m-%d}.pdf"


class DataChange(models.Model):
    """One row counting every write to the tables the statistics read (triggers bump
    it, reports/change_counter.py), so that the data version of the
    statistics is one index look-up instead of counting the rows of eight tables.

    The count is transactional: a change becomes visible in it with its commit, never
    before, so a version read while a write is still open cannot be reused after it
    commits. The price: writers of these tables wait for each other's commit at this row
    (one row, so they can never deadlock over it) – the portal's writes are short."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    changes = models.BigIntegerField(_("Änderungen"), default=0)
    # When counting began: the row is new after a flush, so an emptied and refilled
    # database never shows an earlier state's count.
    started = models.CharField(_("gezählt seit"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("Änderungszähler der Statistik")
        verbose_name_plural = _("Änderungszähler der Statistik")

    def __str__(self) -> str:
        return f"{self.changes} Änderungen"
