"""The cost-sharing key of a case (Kostenverteilungsschlüssel) in versions, and the
template texts of the draft agreements the KIKZ maintains (issue #16, part 2)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import TimeStampedModel


class KeyMethod(models.TextChoices):
    POPULATION = "einwohner", _("nach Einwohnerzahl")
    EQUAL = "gleich", _("zu gleichen Teilen")
    MIXED = "sockel", _("Sockelbetrag zu gleichen Teilen, Rest nach Einwohnerzahl")
    USAGE = "nutzung", _("nach Nutzungseinheiten")
    CUSTOM = "prozent", _("nach vereinbarten Prozentsätzen")


# The keys that read the population from the register (and may need an update).
POPULATION_METHODS = frozenset({KeyMethod.POPULATION, KeyMethod.MIXED})


class CostKey(models.Model):
    """One saved version of a case's key. A version is never changed: a new calculation
    is a new version, so the history shows who chose which shares and when."""

    cooperation = models.ForeignKey(
        "cooperations.Cooperation",
        verbose_name=_("Kooperation"),
        on_delete=models.CASCADE,
        related_name="cost_keys",
    )
    version = models.PositiveIntegerField(_("Version"))
    method = models.CharField(_("Schlüssel"), max_length=12, choices=KeyMethod.choices)
    total = models.DecimalField(_("jährliche Gesamtkosten (€)"), max_digits=12, decimal_places=2)
    base_share_pct = models.DecimalField(
        _("Sockelanteil (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    unit_label = models.CharField(_("Nutzungseinheit"), max_length=100, blank=True)
    # The newest reference date of the register figures a population key used.
    population_date = models.DateField(_("Stand der Einwohnerzahlen"), null=True, blank=True)
    note = models.CharField(_("Vermerk"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("berechnet von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("berechnet am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Kostenverteilungsschlüssel")
        verbose_name_plural = _("Kostenverteilungsschlüssel")
        ordering = ["cooperation", "-version"]
        constraints = [
            # Also the index of "the newest key of a case" (selectors.current_key).
            models.UniqueConstraint(fields=["cooperation", "version"], name="costkey_version_once"),
            models.CheckConstraint(condition=Q(total__gt=0), name="costkey_total_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.cooperation_id} v{self.version}: {self.get_method_display()}"

    @property
    def uses_population(self) -> bool:
        return self.method in POPULATION_METHODS


class CostShare(models.Model):
    """One partner's line of a key: the basis (inhabitants, units or the agreed percentage),
    the share in per cent and in euro."""

    key = models.ForeignKey(
        CostKey, verbose_name=_("Schlüssel"), on_delete=models.CASCADE, related_name="shares"
    )
    municipality = models.ForeignKey(
        "contacts.Municipality", verbose_name=_("Kommune"), on_delete=models.PROTECT, related_name="+"
    )
    position = models.PositiveSmallIntegerField(_("Reihenfolge"))
    basis = models.DecimalField(_("Grundlage"), max_digits=16, decimal_places=2, null=True, blank=True)
    basis_date = models.DateField(_("Stand der Einwohnerzahl"), null=True, blank=True)
    percent = models.DecimalField(_("Anteil (%)"), max_digits=5, decimal_places=2)
    amount = models.DecimalField(_("Anteil (€)"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("Anteil")
        verbose_name_plural = _("Anteile")
        ordering = ["key", "position"]
        constraints = [
            models.UniqueConstraint(fields=["key", "municipality"], name="costshare_partner_once"),
            models.UniqueConstraint(fields=["key", "position"], name="costshare_position_once"),
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id}: {self.percent} % / {self.amount} €"


class AgreementTemplate(TimeStampedModel):
    """The texts of a draft agreement, maintained by the KIKZ. `{{ name }}` placeholders
    are filled from the case (agreements.drafts.PLACEHOLDERS); the parties, the key's
    table and the council resolutions are inserted by the generator."""

    class Kind(models.TextChoices):
        PUBLIC_AGREEMENT = "oer_vereinbarung", _("Öffentlich-rechtliche Vereinbarung")
        ZWECKVERBAND = "zweckverband", _("Zweckverbandssatzung")

    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices, unique=True)
    title = models.CharField(_("Titel"), max_length=200)
    preamble = models.TextField(_("Präambel"), blank=True)
    subject_heading = models.CharField(_("Überschrift Gegenstand / Aufgabe"), max_length=120)
    subject_text = models.TextField(_("Gegenstand / Aufgabe"))
    duration_heading = models.CharField(_("Überschrift Laufzeit"), max_length=120)
    duration_text = models.TextField(_("Laufzeit"))
    termination_heading = models.CharField(_("Überschrift Kündigung"), max_length=120)
    termination_text = models.TextField(_("Kündigung"))
    costs_heading = models.CharField(_("Überschrift Kostenverteilung"), max_length=120)
    costs_text = models.TextField(
        _("Kostenverteilung"), help_text=_("Die Tabelle des Schlüssels folgt diesem Text.")
    )
    final_heading = models.CharField(_("Überschrift Schlussbestimmungen"), max_length=120)
    final_text = models.TextField(_("Schlussbestimmungen"))
    resolutions_text = models.TextField(
        _("Text vor den Gremienbeschlüssen"),
        blank=True,
        help_text=_("Die Liste der Beschlüsse je Kommune folgt diesem Text."),
    )
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("Mustertext für Vereinbarungsentwürfe")
        verbose_name_plural = _("Mustertexte für Vereinbarungsentwürfe")
        ordering = ["kind"]

    def __str__(self) -> str:
        return str(self.get_kind_display())
