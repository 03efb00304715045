from __future__ import annotations

import datetime as dt
from typing import Self

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.db.models.functions import Concat, Left, StrIndex, Trim
from django.db.models.lookups import GreaterThan
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import TimeStampedModel
from core.search import Fold, Terms, exact_first, name_match, parse_terms

from .validators import validate_ags

DATES_IN_ORDER = "Das Ende der Gültigkeit darf nicht vor ihrem Beginn liegen."
SUCCESSOR_SELF = "Eine Kommune kann nicht ihre eigene Nachfolgerin sein."


class SizeClass(models.TextChoices):
    """Größenklasse by population (DESIGN.md); a Landkreis is its own class."""

    GEMEINDE = "gemeinde", _("Gemeinde")
    KLEINSTADT = "kleinstadt", _("Kleinstadt")
    MITTELSTADT = "mittelstadt", _("Mittelstadt")
    GROSSSTADT = "grossstadt", _("Großstadt")
    LANDKREIS = "landkreis", _("Landkreis")


# Lower bounds of the classes, largest first.
SIZE_THRESHOLDS = (
    (100_000, SizeClass.GROSSSTADT),
    (20_000, SizeClass.MITTELSTADT),
    (5_000, SizeClass.KLEINSTADT),
)


def size_class_for(kind: str, population: int | None) -> SizeClass | None:
    if kind == Municipality.Kind.LANDKREIS:
        return SizeClass.LANDKREIS
    if population is None:
        return None
    for bound, cls in SIZE_THRESHOLDS:
        if population >= bound:
            return cls
    return SizeClass.GEMEINDE


def size_class_expression(kind: str = "kind", population: str = "population") -> Case:
    """The same rule as `size_class_for`, for annotations in the database."""
    return Case(
        When(**{kind: "landkreis"}, then=Value(SizeClass.LANDKREIS.value)),
        When(**{f"{population}__isnull": True}, then=Value(None)),
        *(When(**{f"{population}__gte": bound}, then=Value(cls.value)) for bound, cls in SIZE_THRESHOLDS),
        default=Value(SizeClass.GEMEINDE.value),
        output_field=models.CharField(),
    )


def display_name_expression() -> Case:
    """The name people use, from the official register name: the register writes
    „Kassel, documenta-Stadt“ for the city and „Kassel“ for its Landkreis. A Landkreis
    reads „Landkreis Kassel“ unless its name says Kreis already („Main-Kinzig-Kreis“);
    every other Kommune drops the register's addition after the comma („Fulda, Stadt“ →
    „Fulda“). Immutable functions only: PostgreSQL computes it as a generated column on
    every write, including the register import's bulk updates (and SQLite for the demo)."""
    comma = StrIndex(F("name"), Value(","))
    before_comma = Case(
        When(GreaterThan(comma, 0), then=Trim(Left(F("name"), comma - 1))),
        default=F("name"),
    )
    return Case(
        When(
            # Exact-case LIKE: upper() has no collation to use in a generated column.
            Q(kind="landkreis")
            & ~Q(name__endswith="kreis")
            & ~Q(name__endswith="Kreis")
            & ~Q(name__startswith="Landkreis ")
            & ~Q(name__startswith="Kreis "),
            then=Concat(Value("Landkreis "), F("name")),
        ),
        When(Q(kind="landkreis"), then=F("name")),
        default=before_comma,
        output_field=models.CharField(),
    )


class MunicipalityQuerySet(models.QuerySet["Municipality"]):
    def current(self, on: dt.date | None = None) -> Self:
        """Those in the register on a date (today by default)."""
        from django.utils import timezone

        day = on or timezone.localdate()
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=day)
        )

    def kreise(self) -> Self:
        """Kreis-level Kommunen: Landkreise and kreisfreie Städte."""
        return self.filter(kind__in=[Municipality.Kind.LANDKREIS, Municipality.Kind.KREISFREIE_STADT])

    def with_size_class(self) -> Self:
        return self.annotate(size_class_db=size_class_expression())

    def search(self, query: str | Terms) -> Self:
        """Name (folded, typos allowed) or AGS, every word; the best hits first: the
        AGS or the name as typed, then names that start with it, then the closest names.
        The rank is the annotation `search_rank` (ascending)."""
        terms = query if isinstance(query, Terms) else parse_terms(query)
        if not terms:
            return self.none()
        if terms.digits:
            return self.filter(ags__startswith=terms.text).annotate(
                search_rank=exact_first(Q(ags=terms.text))
            )
        found = self
        for word in terms.words:
            found = found.filter(name_match(word) | kind_word(word))
        # search_name is „<display name> | <register name>“, folded.
        return found.annotate(
            search_rank=exact_first(
                Q(search_name__startswith=f"{terms.phrase} |") | Q(search_name__endswith=f"| {terms.phrase}"),
                Q(search_name__startswith=terms.phrase),
                Q(search_name__contains=terms.phrase),
            )
        )


def kind_word(word: str) -> Q:
    """Words people put before a name that the register leaves out – „Landkreis
    Main-Kinzig“ for the Main-Kinzig-Kreis, „Gemeinde Künzell“ – match the kind too."""
    kinds = {
        "landkreis": [Municipality.Kind.LANDKREIS],
        "lk": [Municipality.Kind.LANDKREIS],
        "lkr": [Municipality.Kind.LANDKREIS],
        "kreis": [Municipality.Kind.LANDKREIS],
        "gemeinde": [Municipality.Kind.GEMEINDE, Municipality.Kind.STADT],
        "stadt": [Municipality.Kind.STADT, Municipality.Kind.KREISFREIE_STADT],
    }.get(word)
    return Q(kind__in=kinds) if kinds else Q(pk__in=[])


class Municipality(TimeStampedModel):
    """A Kommune: Gemeinde, Stadt, kreisfreie Stadt or Landkreis, identified by its AGS.

    A kreisfreie Stadt is one Kommune that is Gemeinde and Kreis at once; its
    `district` is itself, as is a Landkreis's."""

    class Kind(models.TextChoices):
        GEMEINDE = "gemeinde", _("Gemeinde")
        STADT = "stadt", _("Stadt")
        KREISFREIE_STADT = "kreisfreie_stadt", _("Kreisfreie Stadt")
        LANDKREIS = "landkreis", _("Landkreis")
        GEMEINDEFREI = "gemeindefrei", _("Gemeindefreies Gebiet")

    ags = models.CharField(
        _("Amtlicher Gemeindeschlüssel (AGS)"), max_length=8, unique=True, validators=[validate_ags]
    )
    name = models.CharField(
        _("Amtlicher Name"), max_length=200, help_text=_("Wie im Gemeindeverzeichnis, z. B. „Fulda, Stadt“.")
    )
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices)
    # Shown everywhere instead of the official name (lists, filters, statistics, PDFs).
    display_name = models.GeneratedField(
        expression=display_name_expression(),
        output_field=models.CharField(_("Name"), max_length=220),
        db_persist=True,
        verbose_name=_("Name"),
    )
    district = models.ForeignKey(
        "self",
        verbose_name=_("Kreis"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="district_members",
        limit_choices_to={"kind__in": ["landkreis", "kreisfreie_stadt"]},
    )
    regierungsbezirk = models.CharField(_("Regierungsbezirk"), max_length=100, blank=True)
    population = models.PositiveIntegerField(_("Einwohnerzahl"), null=True, blank=True)
    population_date = models.DateField(_("Stand der Einwohnerzahl"), null=True, blank=True)
    area_km2 = models.DecimalField(_("Fläche (km²)"), max_digits=9, decimal_places=2, null=True, blank=True)
    postal_code = models.CharField(_("Postleitzahl"), max_length=5, blank=True)
    latitude = models.DecimalField(_("Breitengrad"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("Längengrad"), max_digits=9, decimal_places=6, null=True, blank=True)
    valid_from = models.DateField(_("gültig ab"), null=True, blank=True)
    valid_until = models.DateField(
        _("gültig bis"), null=True, blank=True, help_text=_("Leer, solange die Kommune im Verzeichnis steht.")
    )
    successor = models.ForeignKey(
        "self",
        verbose_name=_("Nachfolgerin"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
        help_text=_("Bei einem Zusammenschluss: die neue Kommune."),
    )
    # What the search compares (core.search): the name people use and the register's
    # name, folded („landkreis kassel | kassel“), with a trigram index.
    search_name = models.GeneratedField(
        expression=Fold(
            Concat(display_name_expression(), Value(" | "), F("name"), output_field=models.TextField())
        ),
        output_field=models.TextField(),
        db_persist=True,
        editable=False,
    )
    history = HistoricalRecords(excluded_fields=["updated_at", "display_name", "search_name"])

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        verbose_name = _("Kommune")
        verbose_name_plural = _("Kommunen")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_until__gte=models.F("valid_from")),
                name="municipality_valid_dates_in_order",
                violation_error_message=DATES_IN_ORDER,
            ),
            models.CheckConstraint(
                condition=~Q(successor=models.F("id")),
                name="municipality_not_own_successor",
                violation_error_message=SUCCESSOR_SELF,
            ),
        ]
        indexes = [
            # Kreis pages and statistics per Landkreis group by district.
            models.Index(fields=["district", "name"], name="municipality_district_name"),
            # Every search by municipality name: contains and word similarity (core.search).
            GinIndex(OpClass(F("search_name"), name="gin_trgm_ops"), name="municipality_search_trgm"),
        ]

    def __str__(self) -> str:
        return f"{self.display_name} ({self.ags})"

    @property
    def size_class(self) -> SizeClass | None:
        return size_class_for(self.kind, self.population)

    @property
    def kreis_key(self) -> str:
        return self.ags[:5]

    @property
    def is_current(self) -> bool:
        return self.valid_until is None

    def clean(self) -> None:
        super().clean()
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValidationError({"valid_until": DATES_IN_ORDER})
        if self.successor_id and self.successor_id == self.pk:
            raise ValidationError({"successor": SUCCESSOR_SELF})


class Organisation(TimeStampedModel):
    class Kind(models.TextChoices):
        SPITZENVERBAND = "spitzenverband", _("Kommunaler Spitzenverband")
        MINISTERIUM = "ministerium", _("Ministerium")
        REGIERUNGSPRAESIDIUM = "regierungspraesidium", _("Regierungspräsidium")
        ZWECKVERBAND = "zweckverband", _("Zweckverband")
        VEREIN = "verein", _("Verein")
        UNTERNEHMEN = "unternehmen", _("Unternehmen")
        SONSTIGE = "sonstige", _("Sonstige")

    name = models.CharField(_("Name"), max_length=200)
    short_name = models.CharField(_("Kurzname"), max_length=50, blank=True)
    kind = models.CharField(_("Art"), max_length=30, choices=Kind.choices)
    email = models.EmailField(_("E-Mail"), blank=True)
    phone = models.CharField(_("Telefon"), max_length=50, blank=True)
    website = models.URLField(_("Website"), blank=True)
    address = models.TextField(_("Anschrift"), blank=True)

    class Meta:
        verbose_name = _("Organisation")
        verbose_name_plural = _("Organisationen")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PersonQuerySet(models.QuerySet["Person"]):
    def public(self) -> Self:
        return self.filter(is_public=True, anonymised_at__isnull=True)


class Person(TimeStampedModel):
    class LegalBasis(models.TextChoices):
        CONSENT = "einwilligung", _("Einwilligung (Art. 6 Abs. 1 lit. a DSGVO)")
        CONTRACT = "vertrag", _("Vertrag oder Antrag (Art. 6 Abs. 1 lit. b DSGVO)")
        PUBLIC_TASK = "oeffentliche_aufgabe", _("Öffentliche Aufgabe (Art. 6 Abs. 1 lit. e DSGVO)")

    first_name = models.CharField(_("Vorname"), max_length=100, blank=True)
    last_name = models.CharField(_("Nachname"), max_length=100)
    salutation = models.CharField(_("Anrede"), max_length=30, blank=True)
    function = models.CharField(_("Funktion"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("Organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("Kommune"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
    )
    email = models.EmailField(_("E-Mail"), blank=True)
    phone = models.CharField(_("Telefon"), max_length=50, blank=True)
    is_public = models.BooleanField(
        _("öffentlich als Ansprechpartner zeigen"),
        default=False,
        help_text=_("Nur mit Einwilligung oder bei dienstlicher Funktion."),
    )
    legal_basis = models.CharField(
        _("Rechtsgrundlage der Speicherung"),
        max_length=30,
        choices=LegalBasis.choices,
        default=LegalBasis.PUBLIC_TASK,
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Benutzerkonto"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    anonymised_at = models.DateTimeField(_("anonymisiert am"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("Person")
        verbose_name_plural = _("Personen")
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return " ".join(p for p in (self.first_name, self.last_name) if p)


class MembershipQuerySet(models.QuerySet["Membership"]):
    def confirmed(self) -> Self:
        return self.filter(status=Membership.Status.CONFIRMED)


class Membership(TimeStampedModel):
    """A portal user's request to act for a municipality, and the adviser's decision."""

    class Status(models.TextChoices):
        REQUESTED = "beantragt", _("beantragt")
        CONFIRMED = "bestaetigt", _("bestätigt")
        REJECTED = "abgelehnt", _("abgelehnt")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Benutzer"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("Kommune"), on_delete=models.PROTECT, related_name="memberships"
    )
    status = models.CharField(_("Status"), max_length=12, choices=Status.choices, default=Status.REQUESTED)
    function = models.CharField(_("Funktion in der Kommune"), max_length=200, blank=True)
    note = models.TextField(_("Nachricht an die Beratung"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entschieden von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("entschieden am"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("Zuordnung zu einer Kommune")
        verbose_name_plural = _("Zuordnungen zu Kommunen")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "municipality"], name="membership_unique_user_municipality"
            )
        ]
        indexes = [
            # visible_to(user): the confirmed municipalities of a user.
            models.Index(fields=["user", "status"], name="membership_user_status"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.municipality.display_name} ({self.get_status_display()})"


class RegisterImport(TimeStampedModel):
    """One import of the Gemeindeverzeichnis (GV100AD): a job row for uploads that a
    Celery worker processes, and the log line of every import from the command line.

    The latest `gebietsstand` of a finished import tells the next import which
    edition it follows: municipalities new in a later edition get `valid_from`."""

    class Status(models.TextChoices):
        # An upload waits in preview until an adviser confirms it; the command line skips it.
        PREVIEW = "vorschau", _("Vorschau")
        REQUESTED = "angefordert", _("angefordert")
        RUNNING = "laeuft", _("läuft")
        DONE = "fertig", _("fertig")
        FAILED = "fehlgeschlagen", _("fehlgeschlagen")

    FINAL_STATES = (Status.DONE, Status.FAILED)

    file = models.FileField(_("Datei (GV100AD)"), upload_to="gemeindeverzeichnis/%Y/", blank=True)
    file_name = models.CharField(_("Dateiname"), max_length=255, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("hochgeladen von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(_("Status"), max_length=16, choices=Status.choices, default=Status.REQUESTED)
    gebietsstand = models.DateField(_("Gebietsstand"), null=True, blank=True)
    created_count = models.PositiveIntegerField(_("angelegt"), default=0)
    updated_count = models.PositiveIntegerField(_("aktualisiert"), default=0)
    retired_count = models.PositiveIntegerField(_("aus dem Verzeichnis genommen"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unverändert"), default=0)
    result = models.TextField(_("Ergebnis"), blank=True)
    warnings = models.TextField(_("Hinweise der Vorschau"), blank=True)
    warnings_confirmed = models.BooleanField(_("trotz Hinweisen bestätigt"), default=False)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bestätigt von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    attempts = models.PositiveSmallIntegerField(_("Versuche"), default=0)
    started_at = models.DateTimeField(_("begonnen am"), null=True, blank=True)
    finished_at = models.DateTimeField(_("beendet am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Import des Gemeindeverzeichnisses")
        verbose_name_plural = _("Importe des Gemeindeverzeichnisses")
        ordering = ["-created_at"]
        indexes = [
            # register_import: the latest finished edition.
            models.Index(fields=["status", "gebietsstand"], name="registerimport_status_stand"),
        ]

    def __str__(self) -> str:
        name = self.file_name or _("Gemeindeverzeichnis")
        return f"{name} ({self.get_status_display()})"

    @property
    def is_final(self) -> bool:
        return self.status in self.FINAL_STATES


class Urbanisation(models.IntegerChoices):
    """Grad der Verstädterung (EU-DEGURBA) as Destatis publishes it per Gemeinde."""

    DENSE = 1, _("dicht besiedelt")
    INTERMEDIATE = 2, _("mittlere Besiedlungsdichte")
    THIN = 3, _("gering besiedelt")


class PopulationRecord(models.Model):
    """The population of one Kommune in one edition of the Gemeindeverzeichnis. The
    Municipality row holds only the newest figure; these rows keep every edition for the
    demography view (contacts/demography.py writes them)."""

    municipality = models.ForeignKey(
        Municipality, verbose_name=_("Kommune"), on_delete=models.CASCADE, related_name="population_records"
    )
    reference_date = models.DateField(_("Stand"))
    population = models.PositiveIntegerField(_("Einwohnerzahl"))
    male = models.PositiveIntegerField(_("männlich"), null=True, blank=True)
    female = models.PositiveIntegerField(_("weiblich"), null=True, blank=True)
    # Only the Auszug files of the register carry it (contacts/auszug.py), not the GV100AD.
    urbanisation = models.PositiveSmallIntegerField(
        _("Grad der Verstädterung"), choices=Urbanisation.choices, null=True, blank=True
    )
    register_import = models.ForeignKey(
        RegisterImport,
        verbose_name=_("Import des Gemeindeverzeichnisses"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="population_records",
    )
    created_at = models.DateTimeField(_("angelegt am"), auto_now_add=True)

    class Meta:
        verbose_name = _("Einwohnerzahl eines Gebietsstands")
        verbose_name_plural = _("Einwohnerzahlen der Gebietsstände")
        ordering = ["municipality", "reference_date"]
        constraints = [
            # Also the index of the demography view: the editions of a few Kommunen in date order.
            models.UniqueConstraint(
                fields=["municipality", "reference_date"], name="population_once_per_date"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.municipality_id} {self.reference_date:%d.%m.%Y}: {self.population}"
