"""The grant from the municipality's side (issue 16, part 0): the lead municipality's
payment requests (Mittelabruf) and proofs of use (Verwendungsnachweis: Sachbericht and
zahlenmäßiger Nachweis). Each is decided by an adviser in the back office; an approved
payment request is booked as a Disbursement through funding.services. Written only
through funding.grantee.services (the pages and the back office live in funding/grantee/)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from backoffice.money import euro_text
from core.models import TimeStampedModel

from .grants import NEGATIVE_AMOUNT, POSITIVE_AMOUNT, Disbursement, Grant


class ClaimStatus(models.TextChoices):
    SUBMITTED = "eingereicht", _("eingereicht, in Prüfung")
    APPROVED = "angenommen", _("angenommen")
    RETURNED = "zurueckgegeben", _("zurückgegeben")


class Claim(TimeStampedModel):
    """What a payment request and a proof of use share: who submitted it, who decided,
    when, and why it was returned; the attachments are case documents, so the back
    office opens them through its checked, audited download."""

    Status = ClaimStatus

    status = models.CharField(
        _("Status"), max_length=20, choices=ClaimStatus.choices, default=ClaimStatus.SUBMITTED
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("eingereicht von"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entschieden von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("entschieden am"), null=True, blank=True)
    return_reason = models.TextField(_("Grund der Rückgabe"), blank=True)
    documents = models.ManyToManyField(
        "cooperations.Document", verbose_name=_("Anhänge"), blank=True, related_name="+"
    )

    class Meta:
        abstract = True

    @property
    def is_open(self) -> bool:
        return self.status == ClaimStatus.SUBMITTED


class PaymentRequest(Claim):
    """A Mittelabruf: the lead municipality asks for part of the approved grant."""

    grant = models.ForeignKey(
        Grant, verbose_name=_("Förderung"), on_delete=models.PROTECT, related_name="payment_requests"
    )
    amount = models.DecimalField(
        _("Betrag (€)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"), POSITIVE_AMOUNT)],
    )
    purpose = models.TextField(_("Verwendungszweck"), max_length=2000)
    disbursement = models.OneToOneField(
        Disbursement,
        verbose_name=_("Auszahlung"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="payment_request",
    )
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("Mittelabruf")
        verbose_name_plural = _("Mittelabrufe")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="payment_request_positive",
                violation_error_message=POSITIVE_AMOUNT,
            ),
            models.CheckConstraint(
                condition=~Q(status="angenommen") | Q(disbursement__isnull=False),
                name="payment_request_approved_booked",
            ),
        ]
        indexes = [
            # The adviser's queue (start page, list filter): open requests, oldest first.
            models.Index(
                fields=["created_at"], name="payment_request_open", condition=Q(status="eingereicht")
            ),
        ]

    def __str__(self) -> str:
        return f"Mittelabruf über {euro_text(self.amount)}"


class ProofOfUse(Claim):
    """A Verwendungsnachweis: the Sachbericht (what was done with the money) and the
    zahlenmäßiger Nachweis (total expenditure and the part paid from the grant)."""

    grant = models.ForeignKey(
        Grant, verbose_name=_("Förderung"), on_delete=models.PROTECT, related_name="proofs_of_use"
    )
    report = models.TextField(_("Sachbericht"), max_length=10000)
    total_costs = models.DecimalField(
        _("Gesamtausgaben (€)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"), NEGATIVE_AMOUNT)],
    )
    grant_used = models.DecimalField(
        _("davon aus der Zuwendung (€)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"), NEGATIVE_AMOUNT)],
    )
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("Verwendungsnachweis")
        verbose_name_plural = _("Verwendungsnachweise")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(total_costs__gte=0) & Q(grant_used__gte=0),
                name="proof_of_use_not_negative",
                violation_error_message=NEGATIVE_AMOUNT,
            ),
            # One proof in review per grant: a second submit while one is open is refused.
            models.UniqueConstraint(
                fields=["grant"], condition=Q(status="eingereicht"), name="proof_of_use_one_open"
            ),
        ]
        indexes = [
            # The adviser's queue (start page, list filter): open proofs, oldest first.
            models.Index(fields=["created_at"], name="proof_of_use_open", condition=Q(status="eingereicht")),
        ]

    def __str__(self) -> str:
        return (
            f"Verwendungsnachweis vom {self.created_at:%d.%m.%Y}"
            if self.created_at
            else "Verwendungsnachweis"
        )

    @property
    def own_share(self) -> Decimal:
        return self.total_costs - self.grant_used


class ProofReminder(models.Model):
    """When the lead municipality was last reminded of an overdue proof of use: the
    daily job mails again only after IKZ_PROOF_REMINDER_DAYS."""

    grant = models.OneToOneField(Grant, on_delete=models.CASCADE, related_name="proof_reminder")
    sent_on = models.DateField()

    class Meta:
        verbose_name = _("Erinnerung Verwendungsnachweis")
        verbose_name_plural = _("Erinnerungen Verwendungsnachweis")

    def __str__(self) -> str:
        return f"Erinnerung vom {self.sent_on:%d.%m.%Y}"
