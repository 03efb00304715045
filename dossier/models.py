"""The durable order of a batch export: every case closed in one year as one ZIP of
dossiers (REFERENCE.md §2.2, as reports.Report). The web request writes the row, a Celery
worker claims it, builds the ZIP case by case and writes its progress here; the back
office only ever reads the row."""

from __future__ import annotations

from typing import Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel


class DossierExportQuerySet(models.QuerySet["DossierExport"]):
    def open(self) -> Self:
        return self.filter(status__in=DossierExport.OPEN_STATES)


class DossierExport(TimeStampedModel):
    class Status(models.TextChoices):
        REQUESTED = "requested", _("angefordert")
        QUEUED = "queued", _("in der Warteschlange")
        RUNNING = "running", _("wird erstellt")
        DONE = "done", _("fertig")
        FAILED = "failed", _("fehlgeschlagen")

    OPEN_STATES = (Status.REQUESTED, Status.QUEUED, Status.RUNNING)

    year = models.PositiveSmallIntegerField(_("Jahr des Abschlusses"))
    status = models.CharField(_("Status"), max_length=10, choices=Status.choices, default=Status.REQUESTED)
    attempts = models.PositiveSmallIntegerField(_("Versuche"), default=0)
    cases_total = models.PositiveIntegerField(_("Vorgänge insgesamt"), default=0)
    cases_done = models.PositiveIntegerField(_("Vorgänge fertig"), default=0)
    error = models.TextField(_("Fehlermeldung"), blank=True)
    file = models.FileField(_("ZIP-Datei"), upload_to="dossiers/", max_length=200, blank=True)
    size = models.BigIntegerField(_("Größe (Bytes)"), null=True, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("angefordert von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    enqueued_at = models.DateTimeField(_("eingereiht am"), null=True, blank=True)
    started_at = models.DateTimeField(_("begonnen am"), null=True, blank=True)
    # Renewed with every case written: a RUNNING row whose heartbeat is older than
    # DOSSIER_STALE_AFTER belongs to a worker that is gone, and the sweep starts it again.
    heartbeat_at = models.DateTimeField(_("letztes Lebenszeichen"), null=True, blank=True)
    finished_at = models.DateTimeField(_("fertig am"), null=True, blank=True)

    objects = DossierExportQuerySet.as_manager()

    class Meta:
        verbose_name = _("Dossier-Export (Jahr)")
        verbose_name_plural = _("Dossier-Exporte (Jahr)")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # Double-click safety: one open export per year at a time.
            models.UniqueConstraint(
                fields=["year"],
                condition=Q(status__in=["requested", "queued", "running"]),
                name="dossier_export_one_open_per_year",
            ),
        ]
        indexes = [
            # The sweep: open rows by status and heartbeat.
            models.Index(fields=["status", "heartbeat_at"], name="dossier_export_status_beat"),
        ]

    def __str__(self) -> str:
        return f"Dossier-Export {self.year} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATES

    @property
    def is_done(self) -> bool:
        return self.status == self.Status.DONE and bool(self.file)

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.cases_total:
            return 0
        return min(100, self.cases_done * 100 // self.cases_total)

    @property
    def filename(self) -> str:
        return f"Dossiers-abgeschlossen-{self.year}.zip"
