"""What a case collects: activities, messages and documents, and the drafts of inquiries
not yet sent."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel

from .case import Cooperation


class Activity(TimeStampedModel):
    class Kind(models.TextChoices):
        INITIATION = "initiierung", _("Initiierungsgespräch")
        GROUP = "gruppe", _("Gruppengespräch")
        SINGLE = "einzel", _("Einzelgespräch")
        INFO_EVENT = "info", _("Informationsveranstaltung")
        CITIZENS = "buergerversammlung", _("Bürgerversammlung")
        CALL = "telefonat", _("Telefonat")
        SITE_VISIT = "vor_ort", _("Vor-Ort-Termin")

    cooperation = models.ForeignKey(
        Cooperation, verbose_name=_("Kooperation"), on_delete=models.CASCADE, related_name="activities"
    )
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices)
    date = models.DateField(_("Datum"))
    participants = models.TextField(_("Teilnehmende"), blank=True)
    notes = models.TextField(_("Notizen"), blank=True)
    follow_up_due = models.DateField(_("Nachfassen bis"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("erfasst von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("Aktivität")
        verbose_name_plural = _("Aktivitäten")
        ordering = ["-date"]
        indexes = [models.Index(fields=["cooperation", "-date"], name="activity_coop_date")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} am {self.date:%d.%m.%Y}"


class Message(TimeStampedModel):
    cooperation = models.ForeignKey(
        Cooperation, verbose_name=_("Kooperation"), on_delete=models.CASCADE, related_name="messages"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    from_municipality = models.BooleanField(_("von der Kommune"), default=False)
    body = models.TextField(_("Nachricht"), max_length=10_000)
    read_at = models.DateTimeField(_("gelesen am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Nachricht")
        verbose_name_plural = _("Nachrichten")
        ordering = ["created_at"]
        indexes = [models.Index(fields=["cooperation", "created_at"], name="message_coop_created")]

    def __str__(self) -> str:
        return f"Nachricht vom {self.created_at:%d.%m.%Y %H:%M}"


def document_upload_to(instance: Document, filename: str) -> str:
    # The storage name is ours, never the user's (ASVS 5.3.2); the extension was checked by content.
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"documents/{instance.cooperation_id}/{uuid.uuid4().hex}.{ext}"


class Document(TimeStampedModel):
    class Kind(models.TextChoices):
        RESOLUTION = "beschluss", _("Gremienbeschluss")
        APPLICATION = "antrag", _("Förderantrag")
        CONTRACT = "vertrag", _("Vereinbarung / Vertrag")
        STUDY = "studie", _("Studie / Konzept")
        PROOF = "nachweis", _("Verwendungsnachweis")
        OTHER = "sonstiges", _("Sonstiges")

    cooperation = models.ForeignKey(
        Cooperation, verbose_name=_("Kooperation"), on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    file = models.FileField(_("Datei"), upload_to=document_upload_to, max_length=200)
    original_name = models.CharField(_("Dateiname"), max_length=200)
    content_type = models.CharField(_("Dateityp"), max_length=100)
    size = models.PositiveIntegerField(_("Größe (Bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("hochgeladen von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    visible_to_municipality = models.BooleanField(_("für die Kommune sichtbar"), default=True)

    class Meta:
        verbose_name = _("Dokument")
        verbose_name_plural = _("Dokumente")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.original_name


class InquiryDraft(TimeStampedModel):
    """What a municipal user has typed into the inquiry wizard so far, kept on the
    server so nothing is lost on a timeout or an error. `token` makes the final
    submit idempotent: a second submit of the same draft finds `cooperation` set."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Benutzer"),
        on_delete=models.CASCADE,
        related_name="inquiry_drafts",
    )
    token = models.UUIDField(_("Kennung"), default=uuid.uuid4, unique=True, editable=False)
    data = models.JSONField(_("Angaben"), default=dict, blank=True)
    cooperation = models.OneToOneField(
        Cooperation,
        verbose_name=_("erzeugter Vorgang"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="draft",
    )

    class Meta:
        verbose_name = _("Anfrage-Entwurf")
        verbose_name_plural = _("Anfrage-Entwürfe")

    def __str__(self) -> str:
        return f"Entwurf {self.token}"

    @classmethod
    def referenced_file_names(cls) -> set[str]:
        """The uploaded attachments a draft keeps in its JSON: not orphans (core.orphans)."""
        names: set[str] = set()
        for data in cls.objects.values_list("data", flat=True).iterator():
            for att in (data or {}).get("attachments", []) or []:
                if isinstance(att, dict) and att.get("name"):
                    names.add(str(att["name"]))
        return names
