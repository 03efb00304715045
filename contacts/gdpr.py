"""Data protection for people in the contacts (DSGVO): anonymise (Art. 17), export
everything stored about a person (Art. 15), and the retention rule used by
`manage.py apply_retention`. Cases, grants and all statistics stay untouched:
they count municipalities and money, never people."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone

from .models import Person

if TYPE_CHECKING:
    from accounts.models import User

ANONYMOUS_NAME = "Anonymisiert"


def _audit(kind: str, actor: User | None, detail: dict[str, Any]) -> None:
    from accounts.models import AuditEvent

    AuditEvent.objects.create(kind=kind, actor=actor, detail=detail)


@transaction.atomic
def person_anonymise(*, person: Person, actor: User | None) -> Person:
    """Replace name, email and phone for good; old history rows (which hold the
    name) are removed and one anonymous row remains."""
    from accounts.models import AuditEvent

    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.anonymised_at is not None:
        return person
    person.history.all().delete()
    person.first_name = ""
    person.last_name = ANONYMOUS_NAME
    person.salutation = ""
    person.email = ""
    person.phone = ""
    person.is_public = False
    person.anonymised_at = timezone.now()
    person.save()
    _audit(AuditEvent.Kind.ANONYMISED, actor, {"person": person.pk})
    return person


def person_export(*, person: Person, actor: User | None) -> dict[str, Any]:
    """Everything the portal stores about a person, as plain data (for a JSON file)."""
    from accounts.models import AuditEvent

    data: dict[str, Any] = {
        "Person": {
            "Anrede": person.salutation,
            "Vorname": person.first_name,
            "Nachname": person.last_name,
            "Funktion": person.function,
            "E-Mail": person.email,
            "Telefon": person.phone,
            "Organisation": str(person.organisation) if person.organisation_id else None,
            "Kommune": str(person.municipality) if person.municipality_id else None,
            "öffentlich als Ansprechpartner": person.is_public,
            "Rechtsgrundlage": person.get_legal_basis_display(),
            "angelegt am": person.created_at,
            "anonymisiert am": person.anonymised_at,
        },
        "Änderungshistorie": [
            {
                "Zeitpunkt": h.history_date,
                "Art": h.get_history_type_display(),
                "Name": f"{h.first_name} {h.last_name}".strip(),
                "E-Mail": h.email,
                "Telefon": h.phone,
            }
            for h in person.history.order_by("history_date")
        ],
    }
    user = person.user
    if user is not None:
        from cooperations.models import Cooperation, Message

        data["Benutzerkonto"] = {
            "E-Mail": user.email,
            "Name": user.get_full_name(),
            "registriert am": user.date_joined,
            "letzte Anmeldung": user.last_login,
            "Zuordnungen": [
                {"Kommune": str(m.municipality), "Status": m.get_status_display(), "Funktion": m.function}
                for m in user.memberships.select_related("municipality")
            ],
        }
        data["eingereichte Anfragen"] = list(
            Cooperation.objects.filter(submitted_by=user).values_list("reference", flat=True)
        )
        data["Nachrichten"] = [
            {"Vorgang": m.cooperation.reference, "am": m.created_at, "Text": m.body}
            for m in Message.objects.filter(author=user).select_related("cooperation").order_by("created_at")
        ]
    _audit(AuditEvent.Kind.EXPORT, actor, {"person": person.pk})
    return data


def retention_cutoff(years: int | None = None) -> dt.datetime:
    years = settings.IKZ_RETENTION_YEARS if years is None else years
    now = timezone.now()
    try:
        return now.replace(year=now.year - years)
    except ValueError:  # 29 February
        return now.replace(year=now.year - years, day=28)


def people_due_for_retention(years: int | None = None) -> QuerySet[Person]:
    """People whose cases (those of their municipality or submitted with their
    account) are all closed, the last of them before the cut-off. People with
    no case at all are not touched: they are contacts, not case data."""
    from cooperations.models import FINAL_STATES, PAUSE_STATES, CaseEvent, Cooperation

    cutoff = retention_cutoff(years)
    ended = {*FINAL_STATES, *PAUSE_STATES}
    due: list[int] = []
    candidates = Person.objects.filter(anonymised_at__isnull=True).filter(
        Q(municipality__isnull=False) | Q(user__isnull=False)
    )
    for person in candidates.only("pk", "municipality_id", "user_id"):
        about = Q(pk__in=[])
        if person.municipality_id:
            about |= Q(lead_municipality_id=person.municipality_id) | Q(
                participations__municipality_id=person.municipality_id
            )
        if person.user_id:
            about |= Q(submitted_by_id=person.user_id)
        cases = Cooperation.objects.filter(about).distinct()
        if not cases.exists() or cases.exclude(status__in=ended).exists():
            continue
        last = CaseEvent.objects.filter(cooperation__in=cases.values("pk")).aggregate(at=Max("created_at"))[
            "at"
        ]
        last = last or cases.aggregate(at=Max("updated_at"))["at"]
        if last is not None and last < cutoff:
            due.append(person.pk)
    return Person.objects.filter(pk__in=due)


@transaction.atomic
def people_apply_retention(*, years: int | None = None, actor: User | None = None) -> list[Person]:
    """Anonymise everyone due for retention, all or none (the monthly run of
    `apply_retention`); each one through person_anonymise, so each is audited.
    Locks the candidates, so two runs at once do not anonymise the same person twice."""
    due = list(people_due_for_retention(years).select_for_update().order_by("pk"))
    return [person_anonymise(person=person, actor=actor) for person in due]
