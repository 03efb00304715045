"""Step: the knowledge base and the events (demo/seed/steps.py).

Events are written through events.services (so the one that belongs to a case becomes
an activity of that case). Their registrations are history of the demo and are
inserted in bulk like seed_demo's other history: no confirmation mails go out to the
invented people, and past events can hold registrations at all."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts import roles
from accounts.models import User
from contacts.models import Organisation
from cooperations.models import Cooperation
from demo import texts
from events.models import Audience, Event, Kind, Registration
from events.services import event_save, event_sync_activity

from .knowledge import seed_knowledge

Status = Registration.Status

# (title, kind, audiences, days from today, start hour, hours, place or "" for online, capacity,
#  registered, waiting, cancelled, attended, partner short names, belongs to a case)
EVENTS: list[tuple[str, str, list[str], int, int, int, str, int, int, int, int, int, list[str], bool]] = [
    (
        "Interkommunale Zusammenarbeit: Chancen für kleine Gemeinden",
        Kind.INFO,
        [Audience.MAYORS, Audience.COUNCILS],
        14,
        17,
        2,
        "Bürgerhaus Baunatal|Marktplatz 14, 34225 Baunatal",
        40,
        23,
        0,
        2,
        0,
        ["HSGB"],
        False,
    ),
    (
        "Workshop: Der gemeinsame Bauhof",
        Kind.WORKSHOP,
        [Audience.ADMINISTRATION],
        21,
        9,
        6,
        "Kreishaus Fulda|Wörthstraße 15, 36037 Fulda",
        12,
        12,
        3,
        1,
        0,
        ["HSGB"],
        False,
    ),
    (
        "Online-Seminar: Die IKZ-Förderung in Hessen",
        Kind.ONLINE,
        [Audience.MAYORS, Audience.ADMINISTRATION],
        35,
        10,
        1,
        "",
        100,
        8,
        0,
        0,
        0,
        ["Hessischer Städtetag"],
        False,
    ),
    (
        "Bürgerversammlung: Gemeinsame Verwaltung im Knüll",
        Kind.CITIZENS,
        [Audience.CITIZENS],
        10,
        19,
        2,
        "Stadthalle Schwarzenborn|Am Markt 1, 34639 Schwarzenborn",
        120,
        45,
        0,
        3,
        0,
        [],
        True,
    ),
    (
        "Informationsveranstaltung: Ein Standesamt für mehrere Gemeinden",
        Kind.INFO,
        [Audience.ADMINISTRATION, Audience.COUNCILS],
        -40,
        16,
        2,
        "Rathaus Homberg (Efze)|Rathausgasse 1, 34576 Homberg (Efze)",
        30,
        28,
        0,
        2,
        24,
        ["HSGB"],
        False,
    ),
    (
        "Workshop: Einen Zweckverband gründen",
        Kind.WORKSHOP,
        [Audience.MAYORS],
        -100,
        9,
        5,
        "Haus der Kommunen|Henri-Dunant-Straße 13, 63165 Mühlheim am Main",
        15,
        15,
        0,
        0,
        13,
        ["Hessischer Landkreistag", "HSGB"],
        False,
    ),
]


ASCII = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "é": "e"})


def _people(rng: random.Random, n: int) -> list[tuple[str, str]]:
    people = []
    for i in range(n):
        first, last = rng.choice(texts.FIRST_NAMES), rng.choice(texts.LAST_NAMES)
        local = f"{first}.{last}.{i}".lower().translate(ASCII).replace(" ", "")
        people.append((f"{first} {last}", f"{local}@demo.example"))
    return people


@transaction.atomic
def seed_knowledge_and_events(*, today: dt.date, rng: random.Random) -> dict[str, str]:
    actor = User.objects.filter(groups__name=roles.KIKZ).order_by("pk").first()
    entries = seed_knowledge(today=today, actor=actor)
    tz = ZoneInfo(settings.TIME_ZONE)
    now = timezone.now()
    partners = {
        o.short_name or o.name: o for o in Organisation.objects.filter(kind=Organisation.Kind.SPITZENVERBAND)
    }
    partners.update({o.name: o for o in partners.values()})
    case = Cooperation.objects.open().order_by("reference").first()
    municipalities = [m.display_name for m in demo_data_municipalities()]
    rows: list[Registration] = []
    for (
        title,
        kind,
        audiences,
        days,
        hour,
        hours,
        place,
        capacity,
        n_reg,
        n_wait,
        n_cancel,
        n_att,
        partner_names,
        linked,
    ) in EVENTS:
        start = dt.datetime.combine(today + dt.timedelta(days=days), dt.time(hour), tzinfo=tz)
        venue, _, address = place.partition("|")
        event = Event(
            title=title,
            kind=kind,
            audiences=[str(a) for a in audiences],
            description=f"{title}. Mit Beispielen aus Hessen, Zeit für Fragen und Gesprächen mit den Beraterinnen und Beratern des KIKZ.",
            starts_at=start,
            ends_at=start + dt.timedelta(hours=hours),
            venue=venue,
            address=address,
            online_url="" if place else "https://konferenz.example.de/ikz-foerderung",
            capacity=capacity,
            registration_deadline=start - dt.timedelta(days=2),
            cooperation=case if linked else None,
            is_published=True,
        )
        event_save(event=event, actor=actor, partners=[partners[p] for p in partner_names if p in partners])
        statuses = [Status.CONFIRMED] * n_reg + [Status.WAITING] * n_wait + [Status.CANCELLED] * n_cancel
        for i, ((name, email), status) in enumerate(zip(_people(rng, len(statuses)), statuses, strict=True)):
            signed_up = min(start - dt.timedelta(days=rng.randint(3, 30)), now) + dt.timedelta(minutes=i)
            rows.append(
                Registration(
                    event=event,
                    name=name,
                    email=email,
                    organisation=rng.choice(municipalities) if municipalities else "Gemeinde",
                    role=rng.choice(
                        ["Bürgermeisterin", "Bürgermeister", "Hauptamt", "Gemeindevertretung", ""]
                    ),
                    status=status,
                    confirmed_at=signed_up,
                    seat_since=signed_up if status == Status.CONFIRMED else None,
                    queued_at=signed_up if status == Status.WAITING else None,
                    cancelled_at=signed_up + dt.timedelta(days=1) if status == Status.CANCELLED else None,
                    attended=status == Status.CONFIRMED and i < n_att,
                )
            )
    Registration.objects.bulk_create(rows)
    for event in Event.objects.filter(cooperation__isnull=False):
        event_sync_activity(event=event, actor=actor)
    # One in preparation, not yet published.
    draft_start = dt.datetime.combine(today + dt.timedelta(days=60), dt.time(18), tzinfo=tz)
    event_save(
        event=Event(
            title="Gemeindevertretungen im Dialog: Feuerwehren gemeinsam organisieren",
            kind=Kind.INFO,
            audiences=[Audience.COUNCILS],
            starts_at=draft_start,
            ends_at=draft_start + dt.timedelta(hours=2),
            venue="Dorfgemeinschaftshaus",
            address="Hauptstraße 5, 34628 Willingshausen",
            capacity=60,
            registration_deadline=draft_start - dt.timedelta(days=3),
        ),
        actor=actor,
    )
    return {
        "Wissen und Arbeitshilfen": f"{entries} Einträge",
        "Veranstaltungen": f"{Event.objects.count()}, {len(rows)} Anmeldungen",
    }


def demo_data_municipalities() -> Any:
    from contacts.models import Municipality

    return Municipality.objects.exclude(kind=Municipality.Kind.LANDKREIS).order_by("ags")[:60]
