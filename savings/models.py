"""Savings monitoring (issue 16, part 1): what a funded cooperation actually saves.

The target is the case's own (`Cooperation.expected_savings_eur` / `_pct`, from the
application); a report per year after implementation starts carries the actual figures
the lead municipality gives. The savings are computed by the service, never typed, and
the database checks that they add up."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import TimeStampedModel

NEGATIVE_COSTS = "Die Kosten dürfen nicht negativ sein."
BASELINE_NOT_POSITIVE = (
    "Die Kosten im Basisjahr müssen größer als 0,00 € sein, sonst lässt sich keine Einsparung berechnen."
)
SAVINGS_MISMATCH = "Die Einsparung muss die Differenz der Kosten vorher und nachher sein."
REPORT_EXISTS = "Für dieses Jahr liegt bereits ein Bericht vor."

# The Hessian guideline funds a cooperation that cuts its costs by at least 15 %
# (DESIGN.md, funding rules): the target where the application named none.
MIN_SAVINGS_PCT = Decimal("15")
# A cooperation reports for its planned duration, and for at least five years.
MIN_REPORTING_YEARS = 5


class SavingsReportQuerySet(models.QuerySet["SavingsReport"]):
    def below_target(self) -> SavingsReportQuerySet:
        """Reports below their case's target: its % target (15 % where the application
        named none) or its € target. The same rule as `SavingsReport.meets_target`."""
        return self.filter(below_target_q())


def below_target_q() -> Q:
    target_pct = Coalesce(F("cooperation__expected_savings_pct"), Value(MIN_SAVINGS_PCT))
    return Q(savings_pct__lt=target_pct) | Q(
        cooperation__expected_savings_eur__isnull=False,
        savings_eur__lt=F("cooperation__expected_savings_eur"),
    )


class SavingsReport(TimeStampedModel):
    """The actual savings of one year, reported by the lead municipality. A second
    report for the same year replaces the first; django-simple-history keeps it."""

    cooperation = models.ForeignKey(
        "cooperations.Cooperation",
        verbose_name=_("Kooperation"),
        on_delete=models.CASCADE,
        related_name="savings_reports",
    )
    year = models.PositiveSmallIntegerField(_("Berichtsjahr"))
    baseline_year = models.PositiveSmallIntegerField(_("Basisjahr"))
    baseline_costs = models.DecimalField(_("Kosten im Basisjahr (€)"), max_digits=12, decimal_places=2)
    current_costs = models.DecimalField(_("Kosten im Berichtsjahr (€)"), max_digits=12, decimal_places=2)
    savings_eur = models.DecimalField(_("Einsparung (€)"), max_digits=12, decimal_places=2)
    # Costs may rise: a negative share is a fact to show, not an error. 18 digits hold
    # the largest rise the cost fields allow.
    savings_pct = models.DecimalField(_("Einsparung (%)"), max_digits=18, decimal_places=2)
    explanation = models.TextField(_("Erläuterung"), max_length=5000, blank=True)
    attachment = models.ForeignKey(
        "cooperations.Document",
        verbose_name=_("Anlage"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gemeldet von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Kept by the database, never computed in Python: a trigger (savings migration 0003)
    # sets both for every report of a case whose reports were inserted, changed or deleted,
    # whoever wrote them – the service, the demo, seed_scale's COPY, a test. (A save writes
    # back what it read; the trigger sets them right after the statement.) The statistics of
    # a year Y read each case's latest report up to Y as the row with year <= Y < next_year
    # and its savings so far from it (reports.statistics.savings): 30,000 rows nationwide
    # instead of numbering all 110,000.
    running_eur = models.DecimalField(
        _("Einsparung bis einschließlich Berichtsjahr (€)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        editable=False,
    )
    next_year = models.PositiveSmallIntegerField(_("nächstes Berichtsjahr"), null=True, editable=False)
    history = HistoricalRecords(excluded_fields=["updated_at", "running_eur", "next_year"])

    objects = SavingsReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("Einsparbericht")
        verbose_name_plural = _("Einsparberichte")
        ordering = ["cooperation", "year"]
        constraints = [
            models.UniqueConstraint(
                fields=["cooperation", "year"],
                name="savings_report_one_per_year",
                violation_error_message=REPORT_EXISTS,
            ),
            models.CheckConstraint(
                condition=Q(baseline_costs__gt=0),
                name="savings_baseline_positive",
                violation_error_message=BASELINE_NOT_POSITIVE,
            ),
            models.CheckConstraint(
                condition=Q(current_costs__gte=0),
                name="savings_current_not_negative",
                violation_error_message=NEGATIVE_COSTS,
            ),
            models.CheckConstraint(
                condition=Q(savings_eur=F("baseline_costs") - F("current_costs")),
                name="savings_eur_is_difference",
                violation_error_message=SAVINGS_MISMATCH,
            ),
        ]
        indexes = [
            # The statistics sum the reports up to a year per report year (reports.
            # statistics.savings), from this index alone.
            models.Index(
                fields=["year"],
                include=["cooperation", "savings_pct", "savings_eur"],
                name="savings_report_year_figures",
            ),
            # ... and read each case's latest report up to the year with its savings so
            # far, from this one alone; the case page reads the latest year from it too.
            models.Index(
                fields=["cooperation", "-year"],
                include=["next_year", "savings_pct", "running_eur"],
                name="savings_report_case_latest",
            ),
            # The statistics' data version reads max(updated_at) (reports.statistics.data_state).
            models.Index(fields=["updated_at"], name="savings_report_updated"),
        ]

    def __str__(self) -> str:
        return f"Einsparbericht {self.year}"

    def target_pct(self) -> Decimal:
        return self.cooperation.expected_savings_pct or MIN_SAVINGS_PCT

    def meets_target(self) -> bool:
        target_eur = self.cooperation.expected_savings_eur
        if self.savings_pct < self.target_pct():
            return False
        return target_eur is None or self.savings_eur >= target_eur


class SavingsReminder(models.Model):
    """A reminder mail sent for a case and a year, once per kind: written before the mail
    (unique), so a second run of the daily job sends nothing twice."""

    class Kind(models.TextChoices):
        DUE = "faellig", _("fällig")
        OVERDUE = "ueberfaellig", _("überfällig")

    cooperation = models.ForeignKey(
        "cooperations.Cooperation",
        verbose_name=_("Kooperation"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("Berichtsjahr"))
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices)
    sent_at = models.DateTimeField(_("versandt am"), auto_now_add=True)
    recipients = models.PositiveSmallIntegerField(_("Empfänger"), default=0)

    class Meta:
        verbose_name = _("Erinnerung an einen Einsparbericht")
        verbose_name_plural = _("Erinnerungen an Einsparberichte")
        constraints = [
            models.UniqueConstraint(fields=["cooperation", "year", "kind"], name="savings_reminder_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.year}"
