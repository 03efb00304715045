"""The grants in euro per budget year and their payments (Disbursement)."""

from __future__ import annotations

from decimal import Decimal
from typing import Self

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from backoffice.money import euro_text
from core.models import TimeStampedModel

from .catalogue import FundingGuideline, Programme

NEGATIVE_AMOUNT = "Der Betrag darf nicht negativ sein."
POSITIVE_AMOUNT = "Der Betrag muss größer als 0 € sein."
APPROVED_ABOVE_APPLIED = "Der bewilligte Betrag darf den beantragten Betrag nicht übersteigen."
APPROVED_AMOUNT_MISSING = (
    "Eine bewilligte Förderung braucht einen bewilligten Betrag und ein Bewilligungsdatum."
)
BUDGET_YEAR_RANGE = "Das Haushaltsjahr muss zwischen 2000 und 2100 liegen."


class GrantQuerySet(models.QuerySet["Grant"]):
    def approved(self) -> Self:
        """Grants that count as funding: approved and not withdrawn, rejected or reclaimed."""
        return self.filter(status__in=Grant.APPROVED_STATES)


class Grant(TimeStampedModel):
    """A Zuwendung for a cooperation, in euro, for one budget year."""

    class Status(models.TextChoices):
        APPLIED = "beantragt", _("beantragt")
        APPROVED = "bewilligt", _("bewilligt")
        REJECTED = "abgelehnt", _("abgelehnt")
        WITHDRAWN = "zurueckgezogen", _("zurückgezogen")
        PAID = "ausgezahlt", _("ausgezahlt")
        PROOF_SUBMITTED = "vn_eingereicht", _("Verwendungsnachweis eingereicht")
        CLOSED = "abgeschlossen", _("abgeschlossen")
        RECLAIMED = "zurueckgefordert", _("zurückgefordert")

    APPROVED_STATES = (Status.APPROVED, Status.PAID, Status.PROOF_SUBMITTED, Status.CLOSED)

    cooperation = models.ForeignKey(
        "cooperations.Cooperation",
        verbose_name=_("Kooperation"),
        on_delete=models.PROTECT,
        related_name="grants",
    )
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("Förderprogramm"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="grants",
    )
    guideline = models.ForeignKey(
        FundingGuideline,
        verbose_name=_("Förderrichtlinie"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="grants",
    )
    purpose = models.CharField(_("Zweck"), max_length=250, blank=True)
    applied_amount = models.DecimalField(
        _("beantragt (€)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"), NEGATIVE_AMOUNT)],
    )
    approved_amount = models.DecimalField(
        _("bewilligt (€)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"), NEGATIVE_AMOUNT)],
    )
    budget_year = models.PositiveSmallIntegerField(_("Haushaltsjahr"))
    applied_on = models.DateField(_("Antrag vom"), null=True, blank=True)
    decision_date = models.DateField(_("Bescheid vom"), null=True, blank=True)
    file_number = models.CharField(_("Aktenzeichen (Bescheid)"), max_length=60, blank=True)
    status = models.CharField(_("Status"), max_length=20, choices=Status.choices, default=Status.APPLIED)
    proof_of_use_due = models.DateField(_("Verwendungsnachweis fällig am"), null=True, blank=True)
    proof_of_use_received_on = models.DateField(
        _("Verwendungsnachweis eingegangen am"), null=True, blank=True
    )
    exception_reason = models.TextField(_("Begründung einer Ausnahme"), blank=True)
    notes = models.TextField(_("Vermerke"), blank=True)
    # Rückforderung: what was reclaimed and when (funding.services.grant_reclaim); the
    # statistics count it by its date.
    reclaimed_amount = models.DecimalField(
        _("zurückgefordert (€)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"), POSITIVE_AMOUNT)],
    )
    reclaimed_on = models.DateField(_("Rückforderung vom"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = GrantQuerySet.as_manager()

    class Meta:
        verbose_name = _("Förderung")
        verbose_name_plural = _("Förderungen")
        ordering = ["-budget_year", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(applied_amount__gte=0),
                name="grant_applied_not_negative",
                violation_error_message=NEGATIVE_AMOUNT,
            ),
            models.CheckConstraint(
                condition=Q(approved_amount__isnull=True) | Q(approved_amount__gte=0),
                name="grant_approved_not_negative",
                violation_error_message=NEGATIVE_AMOUNT,
            ),
            models.CheckConstraint(
                condition=Q(budget_year__gte=2000) & Q(budget_year__lte=2100),
                name="grant_budget_year_range",
                violation_error_message=BUDGET_YEAR_RANGE,
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["bewilligt", "ausgezahlt", "vn_eingereicht", "abgeschlossen"])
                | Q(approved_amount__isnull=False),
                name="grant_approved_has_amount",
                violation_error_message=APPROVED_AMOUNT_MISSING,
            ),
        ]
        indexes = [
            # Statistics: approved grants per budget year.
            models.Index(fields=["status", "budget_year"], name="grant_status_year"),
            # Adviser start page: proofs of use still due (desk.views.start_page).
            models.Index(
                fields=["proof_of_use_due"],
                name="grant_proof_due_open",
                condition=Q(proof_of_use_received_on__isnull=True, status__in=["bewilligt", "ausgezahlt"]),
            ),
            # The statistics' data version reads max(updated_at) (reports.statistics.data_version).
            models.Index(fields=["updated_at"], name="grant_updated"),
            # Grant list of the back office: its order, and the budget years of its filter
            # read as a skip scan, one index probe per year (funding.admin.grants.BudgetYearFilter).
            models.Index(fields=["-budget_year", "-created_at", "-id"], name="grant_year_created"),
            # The first year with approved funding (reports.statistics.available_years), and
            # the approved grants' ids by budget year for the payments of the statistics:
            # an index-only scan instead of reading every grant.
            models.Index(
                fields=["budget_year"],
                include=["id"],
                name="grant_approved_year",
                condition=Q(status__in=["bewilligt", "ausgezahlt", "vn_eingereicht", "abgeschlossen"]),
            ),
            # Reclaimed funding in the statistics (reports.statistics.queries.query_reclaimed):
            # the few reclaimed grants, instead of reading all of them.
            models.Index(
                fields=["reclaimed_on"],
                include=["reclaimed_amount"],
                name="grant_reclaimed",
                condition=Q(reclaimed_amount__isnull=False),
            ),
            # The statistics' funding queries group the approved grants per case and per
            # case and budget year (reports.statistics._funding_sql): in this order, streamed
            # from the index without a sort or a visit to the table, and per case and
            # programme from the same index (PostgreSQL; SQLite ignores INCLUDE).
            models.Index(
                fields=["cooperation", "budget_year", "programme"],
                include=["approved_amount"],
                name="grant_approved_case",
                condition=Q(status__in=["bewilligt", "ausgezahlt", "vn_eingereicht", "abgeschlossen"]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.file_number or 'Förderung'} ({self.budget_year})"

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        if (
            self.approved_amount is not None
            and self.applied_amount is not None
            and self.approved_amount > self.applied_amount
        ):
            errors["approved_amount"] = APPROVED_ABOVE_APPLIED
        if self.status in self.APPROVED_STATES and (
            self.approved_amount is None or self.decision_date is None
        ):
            errors["approved_amount"] = APPROVED_AMOUNT_MISSING
        if self.budget_year is not None and not 2000 <= self.budget_year <= 2100:
            errors["budget_year"] = BUDGET_YEAR_RANGE
        if errors:
            raise ValidationError(errors)


class Disbursement(TimeStampedModel):
    """An Auszahlung. The sum of a grant's disbursements never exceeds its approved
    amount: funding.services.disbursement_create checks it under a row lock."""

    grant = models.ForeignKey(
        Grant, verbose_name=_("Förderung"), on_delete=models.PROTECT, related_name="disbursements"
    )
    date = models.DateField(_("Datum"))
    amount = models.DecimalField(
        _("Betrag (€)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"), POSITIVE_AMOUNT)],
    )
    note = models.CharField(_("Vermerk"), max_length=250, blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("Auszahlung")
        verbose_name_plural = _("Auszahlungen")
        ordering = ["date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="disbursement_positive",
                violation_error_message=POSITIVE_AMOUNT,
            )
        ]
        indexes = [
            # The statistics' data version reads max(updated_at) (reports.statistics.data_version).
            models.Index(fields=["updated_at"], name="disbursement_updated"),
        ]

    def __str__(self) -> str:
        return f"{euro_text(self.amount)} am {self.date:%d.%m.%Y}"
