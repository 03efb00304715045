"""Wissen und Arbeitshilfen: guides, model agreements, checklists, brochures, FAQ and
practice examples the KIKZ maintains itself. A new version is a new row; the old one
stays reachable and points to its successor (`superseded_by`)."""

from __future__ import annotations

import uuid
from typing import Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cooperations.models import FieldOfAction, LegalForm
from core.land import LAENDER
from core.models import TimeStampedModel


class Kind(models.TextChoices):
    GUIDE = "leitfaden", _("Leitfaden")
    MODEL_AGREEMENT = "mustervereinbarung", _("Mustervereinbarung")
    CHECKLIST = "checkliste", _("Checkliste")
    BROCHURE = "broschuere", _("Broschüre")
    FAQ = "faq", _("FAQ")
    PRACTICE = "praxisbeispiel", _("Praxisbeispiel")


def entry_upload_to(instance: Entry, filename: str) -> str:
    # The storage name is ours, never the uploader's (ASVS 5.3.2); the extension was checked by content.
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"knowledge/{uuid.uuid4().hex}.{ext}"


class EntryQuerySet(models.QuerySet["Entry"]):
    def published(self) -> Self:
        return self.filter(is_published=True)

    def current(self) -> Self:
        """Not replaced by a newer version: what the list shows."""
        return self.filter(superseded_by__isnull=True)

    def with_legal_form(self, legal_form: str) -> Self:
        # legal_forms is a JSON list of LegalForm values. The quoted value matched in its
        # text works on PostgreSQL and the embedded SQLite alike (JSON `contains` is
        # PostgreSQL only); the value comes from the fixed choices, never from free text.
        return self.filter(legal_forms__icontains=f'"{legal_form}"')


class Entry(TimeStampedModel):
    Kind = Kind

    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("Titel"), max_length=200)
    summary = models.TextField(_("Kurzbeschreibung"), max_length=1000)
    body = models.TextField(
        _("Seitentext"), blank=True, help_text=_("Statt oder neben einer Datei: der Text der Seite.")
    )
    fields_of_action = models.ManyToManyField(
        FieldOfAction, verbose_name=_("Handlungsfelder"), blank=True, related_name="knowledge_entries"
    )
    legal_forms = models.JSONField(
        _("Rechtsformen"), default=list, blank=True, help_text=_("Wo es passt: die Rechtsformen.")
    )
    programmes = models.ManyToManyField(
        "funding.Programme", verbose_name=_("Förderprogramme"), blank=True, related_name="knowledge_entries"
    )
    land = models.CharField(
        _("Land"),
        max_length=2,
        blank=True,
        choices=sorted(LAENDER.items()),
        help_text=_("Leer: gilt für alle Länder."),
    )
    version = models.CharField(_("Fassung"), max_length=30, default="1.0")
    valid_from = models.DateField(_("gültig ab"))
    file = models.FileField(_("Datei"), upload_to=entry_upload_to, max_length=200, blank=True)
    original_name = models.CharField(_("Dateiname"), max_length=200, blank=True)
    content_type = models.CharField(_("Dateityp"), max_length=100, blank=True)
    size = models.PositiveIntegerField(_("Größe (Bytes)"), default=0)
    is_published = models.BooleanField(_("veröffentlicht"), default=False)
    downloads = models.PositiveIntegerField(_("Abrufe der Datei"), default=0, editable=False)
    superseded_by = models.ForeignKey(
        "self",
        verbose_name=_("ersetzt durch"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="older_versions",
        editable=False,
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("zuletzt geändert von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    history = HistoricalRecords(excluded_fields=["updated_at", "downloads"], m2m_fields=[])

    objects = EntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("Arbeitshilfe")
        verbose_name_plural = _("Wissen und Arbeitshilfen")
        ordering = ["title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(superseded_by=models.F("pk")), name="knowledge_entry_not_own_successor"
            )
        ]
        indexes = [
            # The public list: published, current entries by title.
            models.Index(
                fields=["kind", "title"],
                name="knowledge_public_kind_title",
                condition=Q(is_published=True, superseded_by__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.version})"

    def get_absolute_url(self) -> str:
        return reverse("knowledge:detail", args=[self.pk])

    @property
    def legal_form_labels(self) -> list[str]:
        labels = dict(LegalForm.choices)
        return [str(labels[v]) for v in self.legal_forms if v in labels]

    @property
    def file_extension(self) -> str:
        return self.original_name.rsplit(".", 1)[-1].upper() if "." in self.original_name else ""
