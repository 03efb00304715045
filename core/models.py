from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    updated_at = models.DateTimeField(_("geändert am"), auto_now=True)

    class Meta:
        abstract = True


class OutboxMail(models.Model):
    """One mail to one recipient, written in the transaction of the change it
    reports (core/emails.py). The worker sends it and notes when; a mail
    whose enqueue or delivery failed (Redis or SMTP down) is sent again by the
    sweep (core/tasks.py), so nothing is lost and nothing goes out twice."""

    to = models.EmailField(_("an"))
    subject = models.CharField(_("Betreff"), max_length=998)  # RFC 5322 line limit
    body = models.TextField(_("Text"))
    html = models.TextField(_("HTML"), blank=True)
    # Small text attachments only (an event's .ics): [{"filename", "content_type", "content"}].
    attachments = models.JSONField(_("Anhänge"), default=list, blank=True)
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)
    next_attempt_at = models.DateTimeField(_("nächster Versuch"))
    attempts = models.PositiveSmallIntegerField(_("Fehlversuche"), default=0)
    last_error = models.CharField(_("letzter Fehler"), max_length=500, blank=True)
    sent_at = models.DateTimeField(_("versandt am"), null=True, blank=True)

    class Meta:
        verbose_name = _("E-Mail im Postausgang")
        verbose_name_plural = _("Postausgang")
        ordering = ["-created_at", "-id"]
        indexes = [
            # The sweep reads only unsent mail.
            models.Index(
                fields=["next_attempt_at"],
                name="outbox_unsent_due",
                condition=models.Q(sent_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {self.to}"
