"""The case: its Handlungsfeld, states, legal forms and stages, the Cooperation model with
its queryset, its partners and its history of events, and the counter of references."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Self

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Q, Value
from django.db.models.functions import Concat
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import TimeStampedModel
from core.search import Fold, search_vector

if TYPE_CHECKING:
    from accounts.models import User

PARTNER_DATES_IN_ORDER = "Das Austrittsdatum darf nicht vor dem Beitrittsdatum liegen."
NEGATIVE_AMOUNT = "Der Betrag darf nicht negativ sein."
PERCENT_RANGE = "Der Anteil muss zwischen 0 und 100 % liegen."


class FieldOfAction(models.Model):
    """Handlungsfeld. Data, not code: the list can grow without a release."""

    name = models.CharField(_("Bezeichnung"), max_length=200, unique=True)
    slug = models.SlugField(_("Kürzel"), max_length=50, unique=True)
    description = models.CharField(_("Beispiele"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("Reihenfolge"), default=0)

    class Meta:
        verbose_name = _("Handlungsfeld")
        verbose_name_plural = _("Handlungsfelder")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class Status(models.TextChoices):
    RECEIVED = "eingegangen", _("eingegangen")
    IN_CONSULTATION = "in_beratung", _("in Beratung")
    APPLIED = "antrag_gestellt", _("Förderantrag gestellt")
    APPROVED = "bewilligt", _("bewilligt")
    REJECTED = "abgelehnt", _("abgelehnt")
    IMPLEMENTING = "in_umsetzung", _("in Umsetzung")
    PROOF_OF_USE = "verwendungsnachweis", _("Verwendungsnachweis")
    CLOSED = "abgeschlossen", _("abgeschlossen")
    WITHDRAWN = "zurueckgezogen", _("zurückgezogen")
    DORMANT = "ruhend", _("ruhend")


# The forward path of DESIGN.md. Any open state may also be withdrawn or put to
# rest; a withdrawn or dormant case is brought back to the state it left.
FORWARD: dict[str, tuple[str, ...]] = {
    Status.RECEIVED: (Status.IN_CONSULTATION,),
    Status.IN_CONSULTATION: (Status.APPLIED,),
    Status.APPLIED: (Status.APPROVED, Status.REJECTED),
    Status.APPROVED: (Status.IMPLEMENTING,),
    Status.REJECTED: (),
    Status.IMPLEMENTING: (Status.PROOF_OF_USE,),
    Status.PROOF_OF_USE: (Status.CLOSED,),
    Status.CLOSED: (),
    Status.WITHDRAWN: (),
    Status.DORMANT: (),
}
FINAL_STATES = frozenset({Status.REJECTED, Status.CLOSED})
PAUSE_STATES = frozenset({Status.WITHDRAWN, Status.DORMANT})
OPEN_STATES = frozenset(set(Status) - FINAL_STATES - PAUSE_STATES)
CaseStatus = Status  # for annotations inside Cooperation, whose own `Status` is an attribute

# Rules of messages and partners, checked by the services and the portal's forms alike.
MESSAGE_LIMIT = 10_000
MESSAGE_EMPTY = "Geben Sie eine Nachricht ein."
MESSAGE_TOO_LONG = "Die Nachricht darf höchstens {limit} Zeichen lang sein (jetzt {length})."
PARTNER_IS_OWN = "{name} ist Ihre eigene Kommune. Bitte wählen Sie eine andere Partnerkommune."


class LegalForm(models.TextChoices):
    INFORMAL = "informell", _("Informelle Arbeitsgemeinschaft")
    PUBLIC_AGREEMENT = "oer_vereinbarung", _("Öffentlich-rechtliche Vereinbarung")
    ZWECKVERBAND = "zweckverband", _("Zweckverband")
    AOER = "aoer", _("Gemeinsames Kommunalunternehmen (AöR)")
    GMBH = "gmbh", _("Privatrechtliche Gesellschaft (GmbH)")
    GVV = "gvv", _("Verwaltungsgemeinschaft / Gemeindeverwaltungsverband")
    MERGER = "fusion", _("Zusammenschluss (Fusion)")
    SHARED_SERVICE = "shared_service", _("Shared Service Center")
    OPEN = "offen", _("offen / noch nicht festgelegt")


class Stage(models.TextChoices):
    EXCHANGE = "austausch", _("Austausch")
    AGREEMENT = "vereinbarung", _("Verbindliche Vereinbarung")
    CONTRACT = "vertrag", _("Vertragliche Regelung mit Lasten-Nutzen-Ausgleich")


class CooperationQuerySet(models.QuerySet["Cooperation"]):
    def published(self) -> Self:
        return self.filter(is_published=True)

    def open(self) -> Self:
        return self.filter(status__in=sorted(OPEN_STATES))

    def funded(self) -> Self:
        """Cases with at least one approved grant (DESIGN.md, statistics)."""
        from funding.models import Grant

        return self.filter(Exists(Grant.objects.approved().filter(cooperation=OuterRef("pk"))))

    def for_municipalities(self, municipality_ids: models.QuerySet | list[int]) -> Self:
        return self.filter(
            Q(lead_municipality__in=municipality_ids) | Q(participations__municipality__in=municipality_ids)
        ).distinct()

    def visible_to(self, user: User) -> Self:
        """The one place that decides which cases a user sees."""
        from accounts.permissions import is_case_staff

        if not user.is_authenticated:
            return self.none()
        if is_case_staff(user):
            return self
        from contacts.models import Membership

        mine = Membership.objects.confirmed().filter(user=user).values("municipality_id")
        # The ids of the user's cases from two indexes (participation_muni_coop and the
        # lead's foreign key) instead of `lead IN … OR EXISTS(…)` over every case. The lead
        # has a participation when a case is created, but an adviser may change the lead
        # or a merge may move its participation: the second half keeps such a case visible.
        taking_part = Participation.objects.filter(municipality__in=mine).values_list("cooperation_id")
        leading = Cooperation.objects.filter(lead_municipality__in=mine).values_list("pk")
        return self.filter(pk__in=taking_part.order_by().union(leading.order_by()))


class Cooperation(TimeStampedModel):
    """A Kooperationsvorhaben and the case the KIKZ runs for it."""

    Status = Status

    reference = models.CharField(_("Aktenzeichen"), max_length=20, unique=True, editable=False)
    title = models.CharField(_("Titel"), max_length=200)
    description = models.TextField(_("Beschreibung"), blank=True)
    field_of_action = models.ForeignKey(
        FieldOfAction, verbose_name=_("Handlungsfeld"), on_delete=models.PROTECT, related_name="cooperations"
    )
    further_fields = models.ManyToManyField(
        FieldOfAction, verbose_name=_("weitere Handlungsfelder"), blank=True, related_name="+"
    )
    legal_form = models.CharField(
        _("Rechtsform"), max_length=20, choices=LegalForm.choices, default=LegalForm.OPEN
    )
    stage = models.CharField(
        _("Kooperationsstufe"), max_length=20, choices=Stage.choices, default=Stage.EXCHANGE
    )
    status = models.CharField(_("Status"), max_length=20, choices=Status.choices, default=Status.RECEIVED)
    lead_municipality = models.ForeignKey(
        "contacts.Municipality",
        verbose_name=_("federführende Kommune"),
        on_delete=models.PROTECT,
        related_name="led_cooperations",
    )
    partners = models.ManyToManyField(
        "contacts.Municipality",
        verbose_name=_("Partner"),
        through="Participation",
        related_name="cooperations",
    )
    other_partners = models.TextField(
        _("weitere Partner"),
        blank=True,
        help_text=_("Partner, die nicht im Gemeindeverzeichnis stehen (Freitext)."),
    )
    adviser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Beraterin / Berater"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="advised_cooperations",
    )
    next_step = models.CharField(_("nächster Schritt"), max_length=200, blank=True)
    next_step_due = models.DateField(_("nächster Schritt fällig am"), null=True, blank=True)
    expected_savings_eur = models.DecimalField(
        _("erwartete Einsparung pro Jahr (€)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"), NEGATIVE_AMOUNT)],
    )
    expected_savings_pct = models.DecimalField(
        _("erwartete Einsparung (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[
            MinValueValidator(Decimal("0"), PERCENT_RANGE),
            MaxValueValidator(Decimal("100"), PERCENT_RANGE),
        ],
    )
    planned_duration_years = models.PositiveSmallIntegerField(
        _("geplante Laufzeit (Jahre)"), null=True, blank=True
    )
    is_published = models.BooleanField(_("im Kooperationsatlas veröffentlicht"), default=False)
    publish_funding = models.BooleanField(_("Förderung im Atlas zeigen"), default=False)
    started_on = models.DateField(_("Beginn der Kooperation"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("Anfrage eingegangen am"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("eingereicht von"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="submitted_cooperations",
    )
    checklist = models.JSONField(_("Selbsteinschätzung"), default=dict, blank=True)
    # What the search reads (core.search), computed by PostgreSQL on every write:
    # the folded text for parts of words and typos, the German stems for word forms.
    search_text = models.GeneratedField(
        expression=Fold(
            Concat(
                F("reference"),
                Value(" "),
                F("title"),
                Value(" "),
                F("description"),
                Value(" "),
                F("other_partners"),
                output_field=models.TextField(),
            )
        ),
        output_field=models.TextField(),
        db_persist=True,
        editable=False,
    )
    search_vector = models.GeneratedField(
        expression=search_vector(("title", "A"), ("description", "B"), ("other_partners", "B")),
        output_field=SearchVectorField(),
        db_persist=True,
        editable=False,
    )
    # The folded title the ranking compares with the query (title as typed, starts with,
    # contains): stored, because folding it for every hit of a common word cost more than
    # the search itself (nationwide „Bauhof“: 1,700 hits, four folds each).
    search_title = models.GeneratedField(
        expression=Fold(F("title")), output_field=models.TextField(), db_persist=True, editable=False
    )
    history = HistoricalRecords(
        excluded_fields=["updated_at", "search_text", "search_vector", "search_title"], m2m_fields=[]
    )

    objects = CooperationQuerySet.as_manager()

    class Meta:
        verbose_name = _("Kooperation")
        verbose_name_plural = _("Kooperationen")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expected_savings_eur__isnull=True) | Q(expected_savings_eur__gte=0),
                name="cooperation_savings_not_negative",
                violation_error_message=NEGATIVE_AMOUNT,
            ),
            models.CheckConstraint(
                condition=Q(expected_savings_pct__isnull=True)
                | (Q(expected_savings_pct__gte=0) & Q(expected_savings_pct__lte=100)),
                name="cooperation_savings_pct_range",
                violation_error_message=PERCENT_RANGE,
            ),
        ]
        indexes = [
            # Adviser queues: open cases by status and due date.
            models.Index(fields=["status", "next_step_due"], name="coop_status_due"),
            # Atlas: published cases, newest first.
            models.Index(fields=["is_published", "-created_at"], name="coop_published_created"),
            # Case list of the back office: ORDER BY created_at DESC, id DESC.
            models.Index(fields=["-created_at", "-id"], name="coop_created_id"),
            # Adviser start page: overdue next steps of open cases (desk.views.start_page).
            models.Index(
                fields=["next_step_due"],
                name="coop_open_next_due",
                condition=Q(status__in=sorted(OPEN_STATES)),
            ),
            # The statistics' data version reads max(updated_at) (reports.statistics.data_version).
            models.Index(fields=["updated_at"], name="coop_updated"),
            # The statistics join every funded case to its Handlungsfeld, lead and legal form
            # (reports.statistics.funding_sql, `cases`; savings): read from this narrow index
            # instead of the wide rows of the table (2 MB instead of 47 MB nationwide).
            models.Index(
                fields=["id"],
                include=["field_of_action", "lead_municipality", "legal_form"],
                name="coop_statistics_keys",
            ),
            # Atlas list: its order over the published cases (cooperations.atlas).
            models.Index(
                fields=["-started_on", "-created_at", "id"],
                name="coop_atlas_order",
                condition=Q(is_published=True),
            ),
            # Adviser start page (desk.views.start_page): "my open cases" in their
            # order and counted from the index; new inquiries nobody has taken yet, counted.
            models.Index(
                fields=["adviser", "next_step_due", "reference"],
                name="coop_open_adviser",
                condition=Q(status__in=sorted(OPEN_STATES)),
            ),
            models.Index(fields=["status"], name="coop_unassigned_status", condition=Q(adviser__isnull=True)),
            # Atlas filter by legal form (and field of action): its page in the atlas order,
            # and counted from the index alone.
            models.Index(
                fields=["legal_form", "-started_on", "-created_at", "id"],
                include=["field_of_action"],
                name="coop_atlas_form_order",
                condition=Q(is_published=True),
            ),
            # The search of the atlas and the case list (core.search).
            GinIndex(OpClass(F("search_text"), name="gin_trgm_ops"), name="coop_search_text_trgm"),
            GinIndex(fields=["search_vector"], name="coop_search_vector"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def last_active_state(self) -> str:
        """The state a withdrawn or dormant case left, to bring it back there."""
        event = (
            self.events.filter(kind=CaseEvent.Kind.STATUS, new_status=self.status)
            .exclude(old_status__in=PAUSE_STATES)
            .order_by("-created_at", "-pk")
            .first()
        )
        return event.old_status if event else Status.RECEIVED

    def allowed_transitions(self) -> list[CaseStatus]:
        if self.status in PAUSE_STATES:
            return [Status(self.last_active_state())]
        allowed = [Status(s) for s in FORWARD[self.status]]
        if self.status in OPEN_STATES:
            allowed += [Status.WITHDRAWN, Status.DORMANT]
        return allowed

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATES


class ReferenceCounter(models.Model):
    """The last running number of case references per year (see services.next_reference)."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("Aktenzeichen-Zähler")
        verbose_name_plural = _("Aktenzeichen-Zähler")

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class Participation(TimeStampedModel):
    class Role(models.TextChoices):
        LEAD = "federfuehrend", _("federführend")
        PARTNER = "partner", _("Partner")
        ASSOCIATED = "assoziiert", _("assoziiert")

    cooperation = models.ForeignKey(
        Cooperation, verbose_name=_("Kooperation"), on_delete=models.CASCADE, related_name="participations"
    )
    municipality = models.ForeignKey(
        "contacts.Municipality",
        verbose_name=_("Kommune"),
        on_delete=models.PROTECT,
        related_name="participations",
    )
    role = models.CharField(_("Rolle"), max_length=20, choices=Role.choices, default=Role.PARTNER)
    joined_on = models.DateField(_("beigetreten am"), null=True, blank=True)
    left_on = models.DateField(_("ausgetreten am"), null=True, blank=True)
    council_resolution_on = models.DateField(_("Gremienbeschluss vom"), null=True, blank=True)
    council_resolution = models.ForeignKey(
        "Document",
        verbose_name=_("Gremienbeschluss (Dokument)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("Beteiligung")
        verbose_name_plural = _("Beteiligungen")
        constraints = [
            models.UniqueConstraint(fields=["cooperation", "municipality"], name="participation_unique"),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True)
                | Q(joined_on__isnull=True)
                | Q(left_on__gte=F("joined_on")),
                name="participation_dates_in_order",
                violation_error_message=PARTNER_DATES_IN_ORDER,
            ),
        ]
        indexes = [
            # visible_to(): cases of a user's municipalities.
            models.Index(fields=["municipality", "cooperation"], name="participation_muni_coop"),
            # The statistics' data version reads max(updated_at) (reports.statistics.data_version).
            models.Index(fields=["updated_at"], name="participation_updated"),
        ]

    def __str__(self) -> str:
        return f"{self.municipality.display_name} ({self.get_role_display()})"

    def clean(self) -> None:
        super().clean()
        if self.joined_on and self.left_on and self.left_on < self.joined_on:
            raise ValidationError({"left_on": PARTNER_DATES_IN_ORDER})


class CaseEvent(models.Model):
    """The case's timeline: every status change with actor, time and reason. Never edited."""

    class Kind(models.TextChoices):
        CREATED = "angelegt", _("angelegt")
        STATUS = "status", _("Statuswechsel")
        ASSIGNED = "zugewiesen", _("zugewiesen")
        MERGED = "zusammengefuehrt", _("zusammengeführt")
        NOTE = "vermerk", _("Vermerk")

    cooperation = models.ForeignKey(
        Cooperation, verbose_name=_("Kooperation"), on_delete=models.CASCADE, related_name="events"
    )
    created_at = models.DateTimeField(_("Zeitpunkt"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("durch"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices)
    old_status = models.CharField(_("vorher"), max_length=20, choices=Status.choices, blank=True)
    new_status = models.CharField(_("nachher"), max_length=20, choices=Status.choices, blank=True)
    note = models.TextField(_("Begründung / Vermerk"), blank=True)
    visible_to_municipality = models.BooleanField(_("für die Kommune sichtbar"), default=True)

    class Meta:
        verbose_name = _("Vorgangsereignis")
        verbose_name_plural = _("Vorgangsereignisse")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["cooperation", "created_at"], name="caseevent_coop_created")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.created_at:%d.%m.%Y %H:%M}"
