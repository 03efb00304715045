from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Self

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, F, OuterRef, Q, Subquery, Window
from django.db.models.functions import Coalesce, RowNumber
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from contacts.models import SizeClass
from core.models import TimeStampedModel

FOLLOW_UP_ORDER = "Die Nachverfolgung kann nicht vor der Empfehlung liegen."


class ConsultationQuerySet(models.QuerySet["Consultation"]):
    def held(self) -> Self:
        """Consultations that took place (counted in the statistics): running or done.
        A planned one counts only once an adviser records that it happened, even when its
        date has passed (`overdue_planned` lists those for the adviser to update)."""
        return self.filter(status__in=Consultation.HELD_STATES)

    def overdue_planned(self, today: dt.date) -> Self:
        """Planned consultations whose date has passed: held, moved or cancelled?"""
        return self.filter(status=Consultation.Status.PLANNED, date__lt=today)

    def with_running_number(self) -> Self:
        """Annotate `running_number`: 1 + the municipality's held consultations before this
        one (by date). A held consultation gets its place among the held ones (1., 2., 3.
        Beratung, as the statistics count them); a requested or planned one the place it
        will have once held."""
        earlier = (
            Consultation.objects.held()
            .filter(municipality_id=OuterRef("municipality_id"))
            .filter(Q(date__lt=OuterRef("date")) | Q(date=OuterRef("date"), pk__lt=OuterRef("pk")))
            .order_by()
            .values("municipality_id")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(running_number=Coalesce(Subquery(earlier), 0) + 1)

    def with_number(self) -> Self:
        """Annotate `number`: 1 for a municipality's first held consultation, 2 for the second …"""
        return self.annotate(
            number=Window(
                RowNumber(), partition_by=[F("municipality_id")], order_by=[F("date").asc(), F("pk").asc()]
            )
        )


class Consultation(TimeStampedModel):
    """A budget consultation (Haushaltsberatung) of one municipality. A repeat
    consultation of the same municipality is a new row; its running number is
    derived from the dates, never typed. It keeps the population and size class
    the municipality had on its date."""

    class Status(models.TextChoices):
        REQUESTED = "angefragt", _("angefragt")
        PLANNED = "geplant", _("geplant")
        RUNNING = "laufend", _("laufend")
        DONE = "abgeschlossen", _("abgeschlossen")
        CANCELLED = "abgesagt", _("abgesagt")

    HELD_STATES = (Status.RUNNING, Status.DONE)

    municipality = models.ForeignKey(
        "contacts.Municipality",
        verbose_name=_("Kommune"),
        on_delete=models.PROTECT,
        related_name="consultations",
    )
    date = models.DateField(_("Datum (Erstgespräch)"))
    status = models.CharField(_("Status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    advisers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Beraterinnen und Berater"),
        blank=True,
        related_name="consultations",
    )
    population = models.PositiveIntegerField(_("Einwohnerzahl am Beratungstag"), null=True, blank=True)
    size_class = models.CharField(
        _("Größenklasse am Beratungstag"), max_length=20, choices=SizeClass.choices, blank=True
    )
    topics = models.TextField(_("Themen"), blank=True)
    preferred_dates = models.CharField(_("Wunschtermine"), max_length=300, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("angefragt von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="requested_consultations",
    )
    questionnaire = models.FileField(_("Fragebogen der Kommune"), upload_to="questionnaires/", blank=True)
    notes = models.TextField(_("Vermerke"), blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"], m2m_fields=[])

    objects = ConsultationQuerySet.as_manager()

    class Meta:
        verbose_name = _("Haushaltsberatung")
        verbose_name_plural = _("Haushaltsberatungen")
        ordering = ["-date"]
        indexes = [
            # Running numbers and "first consultation" per municipality.
            models.Index(fields=["municipality", "date"], name="consultation_muni_date"),
            # The statistics' data version reads max(updated_at) (reports.statistics.data_version).
            models.Index(fields=["updated_at"], name="consultation_updated"),
            # Adviser start page: consultations of this month, open requests counted
            # (desk.views.start_page); the back office list by status, newest first.
            models.Index(fields=["date"], name="consultation_date"),
            models.Index(fields=["status", "-date"], name="consultation_status_date"),
        ]

    def __str__(self) -> str:
        return f"{self.municipality.display_name}, {self.date:%d.%m.%Y}"

    def get_running_number(self) -> int | None:
        """The running number (see `with_running_number`); a cancelled one has none."""
        if self.pk is None or self.status == self.Status.CANCELLED:
            return None
        numbered = Consultation.objects.with_running_number().get(pk=self.pk)
        number: int = numbered.running_number  # type: ignore[attr-defined]
        return number


class Meeting(TimeStampedModel):
    """One meeting of a consultation: Erstgespräch → Zweitgespräch → optional Workshop/Bürgerversammlung."""

    class Kind(models.TextChoices):
        FIRST = "erstgespraech", _("Erstgespräch")
        SECOND = "zweitgespraech", _("Zweitgespräch")
        WORKSHOP = "workshop", _("Workshop")
        CITIZENS = "buergerversammlung", _("Bürgerversammlung")

    consultation = models.ForeignKey(
        Consultation, verbose_name=_("Haushaltsberatung"), on_delete=models.CASCADE, related_name="meetings"
    )
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices)
    date = models.DateField(_("Datum"))
    notes = models.TextField(_("Notizen"), blank=True)

    class Meta:
        verbose_name = _("Termin")
        verbose_name_plural = _("Termine")
        ordering = ["date"]
        # Adviser start page: the meetings of this month (desk.views.start_page).
        indexes = [models.Index(fields=["date"], name="meeting_date")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} am {self.date:%d.%m.%Y}"


class BudgetFigures(TimeStampedModel):
    """Key budget figures of the municipality, as given for a consultation."""

    consultation = models.OneToOneField(
        Consultation, verbose_name=_("Haushaltsberatung"), on_delete=models.CASCADE, related_name="figures"
    )
    year = models.PositiveSmallIntegerField(_("Haushaltsjahr"))
    tax_rate_property_b = models.PositiveSmallIntegerField(
        _("Hebesatz Grundsteuer B (%)"), null=True, blank=True
    )
    tax_rate_trade = models.PositiveSmallIntegerField(_("Hebesatz Gewerbesteuer (%)"), null=True, blank=True)
    personnel_costs_per_inhabitant = models.DecimalField(
        _("Personalkosten je Einwohner (€)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    debt_per_inhabitant = models.DecimalField(
        _("Schulden je Einwohner (€)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    deficit = models.DecimalField(
        _("Defizit (€)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Fehlbetrag des ordentlichen Ergebnisses; negativ bei Überschuss."),
    )

    class Meta:
        verbose_name = _("Haushaltskennzahlen")
        verbose_name_plural = _("Haushaltskennzahlen")

    def __str__(self) -> str:
        return f"Kennzahlen {self.year}"


class Recommendation(TimeStampedModel):
    class Area(models.TextChoices):
        REVENUE = "ertraege", _("Erträge / Steuern und Gebühren")
        PERSONNEL = "personal", _("Personal und Organisation")
        PROPERTY = "liegenschaften", _("Liegenschaften und Gebäude")
        COOPERATION = "ikz", _("Interkommunale Zusammenarbeit")
        INVESTMENT = "investitionen", _("Investitionen")
        OTHER = "sonstiges", _("Sonstiges")

    class Implemented(models.TextChoices):
        OPEN = "offen", _("noch offen")
        YES = "ja", _("umgesetzt")
        PARTLY = "teilweise", _("teilweise umgesetzt")
        NO = "nein", _("nicht umgesetzt")

    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("Haushaltsberatung"),
        on_delete=models.CASCADE,
        related_name="recommendations",
    )
    area = models.CharField(_("Bereich"), max_length=20, choices=Area.choices)
    text = models.TextField(_("Empfehlung"))
    estimated_effect = models.DecimalField(
        _("geschätzte Wirkung pro Jahr (€)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    implemented = models.CharField(
        _("Umsetzung durch die Kommune"), max_length=10, choices=Implemented.choices, default=Implemented.OPEN
    )
    follow_up_due = models.DateField(_("Nachverfolgung fällig am"), null=True, blank=True)
    followed_up_on = models.DateField(_("nachverfolgt am"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("Empfehlung")
        verbose_name_plural = _("Empfehlungen")
        constraints = [
            models.CheckConstraint(
                condition=Q(estimated_effect__isnull=True) | Q(estimated_effect__gte=Decimal("0")),
                name="recommendation_effect_not_negative",
                violation_error_message="Die geschätzte Wirkung darf nicht negativ sein.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_area_display()}: {self.text[:50]}"

    def clean(self) -> None:
        super().clean()
        if self.followed_up_on and self.consultation_id and self.followed_up_on < self.consultation.date:
            raise ValidationError({"followed_up_on": FOLLOW_UP_ORDER})
