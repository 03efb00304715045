"""The funding catalogue: funders' levels, kinds of aid, funding areas, programmes and
their guidelines, and the questions the public asks the Förderlotse."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Concat
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel
from core.search import Fold, search_vector

GUIDELINE_DATES = "Das Ende der Geltung darf nicht vor ihrem Beginn liegen."


class FunderLevel(models.TextChoices):
    """Fördergeber."""

    LAND = "land", _("Land")
    BUND = "bund", _("Bund")
    EU = "eu", _("EU")


class AidKind(models.TextChoices):
    """Förderart (Förderdatenbank)."""

    GRANT = "zuschuss", _("Zuschuss")
    LOAN = "darlehen", _("Darlehen")
    GUARANTEE = "buergschaft", _("Bürgschaft")
    EQUITY = "beteiligung", _("Beteiligung")
    WARRANTY = "garantie", _("Garantie")
    OTHER = "sonstige", _("Sonstige")


class Eligibility(models.Model):
    """Förderberechtigte (Förderdatenbank facet): Kommune, Verband/Verein, Unternehmen …"""

    name = models.CharField(_("Bezeichnung"), max_length=100, unique=True)
    slug = models.SlugField(_("Kürzel"), unique=True)

    class Meta:
        verbose_name = _("Förderberechtigte")
        verbose_name_plural = _("Förderberechtigte")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class FundingArea(models.Model):
    """Förderbereich (topic)."""

    name = models.CharField(_("Bezeichnung"), max_length=100, unique=True)
    slug = models.SlugField(_("Kürzel"), unique=True)

    class Meta:
        verbose_name = _("Förderbereich")
        verbose_name_plural = _("Förderbereiche")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Programme(TimeStampedModel):
    """A Förderprogramm of the Land, the Bund or the EU."""

    name = models.CharField(_("Name"), max_length=250)
    short_name = models.CharField(_("Kurzname"), max_length=60, blank=True)
    summary = models.TextField(_("Kurzbeschreibung"), blank=True)
    funder_level = models.CharField(_("Fördergeber"), max_length=10, choices=FunderLevel.choices)
    funder = models.CharField(_("Fördergeber (Stelle)"), max_length=200, blank=True)
    region = models.CharField(
        _("Fördergebiet"),
        max_length=2,
        blank=True,
        help_text=_("Leer = bundesweit, sonst der zweistellige Landesschlüssel (z. B. 06 für Hessen)."),
    )
    eligible = models.ManyToManyField(
        Eligibility, verbose_name=_("Förderberechtigte"), blank=True, related_name="programmes"
    )
    areas = models.ManyToManyField(
        FundingArea, verbose_name=_("Förderbereiche"), blank=True, related_name="programmes"
    )
    aid_kind = models.CharField(_("Förderart"), max_length=20, choices=AidKind.choices, default=AidKind.GRANT)
    guideline_version = models.CharField(_("Richtlinie / Fassung"), max_length=200, blank=True)
    rate_pct = models.DecimalField(_("Fördersatz (%)"), max_digits=5, decimal_places=2, null=True, blank=True)
    ceiling = models.DecimalField(
        _("Höchstbetrag (€)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    deadline = models.DateField(_("Antragsfrist"), null=True, blank=True)
    url = models.URLField(_("Link"), blank=True)
    contact = models.CharField(_("Ansprechstelle"), max_length=250, blank=True)
    is_active = models.BooleanField(_("aktiv"), default=True)
    is_ikz = models.BooleanField(_("IKZ-Förderung des Landes"), default=False)
    # What the Förderlotse's search reads (core.search), computed by PostgreSQL.
    search_text = models.GeneratedField(
        expression=Fold(
            Concat(
                F("name"),
                Value(" "),
                F("short_name"),
                Value(" "),
                F("summary"),
                Value(" "),
                F("funder"),
                output_field=models.TextField(),
            )
        ),
        output_field=models.TextField(),
        db_persist=True,
        editable=False,
    )
    search_vector = models.GeneratedField(
        expression=search_vector(("name", "A"), ("short_name", "A"), ("summary", "B"), ("funder", "C")),
        output_field=SearchVectorField(),
        db_persist=True,
        editable=False,
    )
    # The folded names the ranking compares with the query, stored: folding them for
    # every hit of a common word („Ministerium“: half of 5,000 programmes) took longer
    # than finding the hits.
    search_name = models.GeneratedField(
        expression=Fold(F("name")), output_field=models.TextField(), db_persist=True, editable=False
    )
    search_short_name = models.GeneratedField(
        expression=Fold(F("short_name")), output_field=models.TextField(), db_persist=True, editable=False
    )

    class Meta:
        verbose_name = _("Förderprogramm")
        verbose_name_plural = _("Förderprogramme")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["is_active", "funder_level"], name="programme_active_level"),
            # The Förderlotse lists active programmes by name, 20 a page: walked in this order,
            # the first page of a search or filter is found after a few dozen programmes
            # instead of filtering and sorting all of them (nationwide 5,000: 24 → 0.2 ms for
            # a word in half of them).
            models.Index(fields=["name", "id"], name="programme_active_name", condition=Q(is_active=True)),
            GinIndex(OpClass(F("search_text"), name="gin_trgm_ops"), name="programme_search_text_trgm"),
            GinIndex(fields=["search_vector"], name="programme_search_vector"),
        ]

    def __str__(self) -> str:
        return self.name


class FundingGuideline(TimeStampedModel):
    """A funding rule set, per Land and version (e.g. the Hessian Rahmenvereinbarung
    of 7 Dec 2021). Rules are data, so that an old grant keeps the rule it was
    decided under and another Land sets its own.

    `amounts` is a list of {"partners": n, "amount": "75000.00"} rows: the amount
    of the largest row whose `partners` is at most the case's partner count;
    beyond the last row `per_additional_partner` is added for each further partner."""

    land = models.CharField(_("Land (AGS-Präfix)"), max_length=2, default="06")
    name = models.CharField(_("Bezeichnung"), max_length=250)
    valid_from = models.DateField(_("gilt ab"))
    valid_until = models.DateField(_("gilt bis"), null=True, blank=True)
    min_partners = models.PositiveSmallIntegerField(_("Mindestzahl Partner"), default=3)
    exception_min_partners = models.PositiveSmallIntegerField(_("Mindestzahl Partner (Ausnahme)"), default=2)
    min_duration_years = models.PositiveSmallIntegerField(_("Mindestlaufzeit (Jahre)"), default=5)
    min_savings_pct = models.DecimalField(
        _("Mindesteinsparung (%)"), max_digits=5, decimal_places=2, default=Decimal("15")
    )
    amounts = models.JSONField(_("Regelzuwendung nach Partnerzahl"), default=list, blank=True)
    per_additional_partner = models.DecimalField(
        _("Zuschlag je weiterem Partner (€)"), max_digits=12, decimal_places=2, default=Decimal("0")
    )
    per_gvv_member = models.DecimalField(
        _("je Mitgliedsgemeinde eines GVV (€)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    per_fire_brigade = models.DecimalField(
        _("je Ortsteilfeuerwehr bei Fusion (€)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    max_rate_pct = models.DecimalField(
        _("höchstens (% der Kosten)"), max_digits=5, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("Förderrichtlinie")
        verbose_name_plural = _("Förderrichtlinien")
        ordering = ["land", "-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="guideline_dates_in_order",
                violation_error_message=GUIDELINE_DATES,
            )
        ]

    def __str__(self) -> str:
        return self.name


class FunderQuestion(TimeStampedModel):
    """A question to the Förderlotse."""

    class AskerKind(models.TextChoices):
        MUNICIPALITY = "kommune", _("Kommune")
        CLUB = "verein", _("Verein")
        FOUNDER = "gruender", _("Existenzgründer/in")
        COMPANY = "unternehmen", _("Unternehmen")
        OTHER = "sonstige", _("Sonstige")

    class Status(models.TextChoices):
        NEW = "neu", _("neu")
        IN_PROGRESS = "in_bearbeitung", _("in Bearbeitung")
        ANSWERED = "beantwortet", _("beantwortet")
        REFERRED = "weitergeleitet", _("weitergeleitet")
        CLOSED = "erledigt", _("erledigt")

    asker_kind = models.CharField(_("Wer fragt"), max_length=20, choices=AskerKind.choices)
    name = models.CharField(_("Name"), max_length=200)
    email = models.EmailField(_("E-Mail"))
    organisation_name = models.CharField(_("Kommune / Organisation"), max_length=200, blank=True)
    municipality = models.ForeignKey(
        "contacts.Municipality",
        verbose_name=_("Kommune"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="funder_questions",
    )
    area = models.ForeignKey(
        FundingArea,
        verbose_name=_("Thema"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="questions",
    )
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("gefragt zum Programm"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="questions",
        help_text=_("Das Programm, von dessen Seite aus die Frage gestellt wurde."),
    )
    text = models.TextField(_("Frage"), max_length=5000)
    status = models.CharField(_("Status"), max_length=20, choices=Status.choices, default=Status.NEW)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bearbeitet von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answer = models.TextField(_("Antwort"), blank=True)
    answered_at = models.DateTimeField(_("beantwortet am"), null=True, blank=True)
    referred_programmes = models.ManyToManyField(
        Programme, verbose_name=_("empfohlene Programme"), blank=True, related_name="referrals"
    )
    referred_office = models.CharField(_("verwiesen an (Stelle)"), max_length=250, blank=True)
    anonymised_at = models.DateTimeField(_("anonymisiert am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Frage an den Förderlotsen")
        verbose_name_plural = _("Fragen an den Förderlotsen")
        ordering = ["created_at"]
        indexes = [
            models.Index(fields=["status", "created_at"], name="question_status_created"),
            # The statistics' data version reads max(updated_at) (reports.statistics.data_version).
            models.Index(fields=["updated_at"], name="question_updated"),
        ]

    def __str__(self) -> str:
        return (
            f"Frage von {self.name} ({self.created_at:%d.%m.%Y})"
            if self.created_at
            else f"Frage von {self.name}"
        )
