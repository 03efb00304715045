"""Step: the budget consultations. Up to 31.12.2020 exactly the published figures (199
consultations from 39 Gemeinden, 90 Kleinstädte, 22 Mittelstädte, 1 Großstadt,
1 Landkreis, with second and third consultations), written through
`budget_advice.services.consultation_create` (which keeps size class and population of
the day); later ones, open requests and cancelled ones after that."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from accounts.models import User
from budget_advice.models import BudgetFigures, Consultation, Meeting, Recommendation
from budget_advice.services import consultation_create
from contacts.models import Municipality, SizeClass, size_class_for
from demo import texts

from .base import (
    Demo,
    money,
    round_to,
)

# Budget consultations held up to 31.12.2020: distinct municipalities per size class
# at the first consultation, and how many had a second and a third (DESIGN.md).
BUDGET_CUTOFF = dt.date(2020, 12, 31)
BUDGET_FIRST_BY_CLASS = {
    SizeClass.GEMEINDE: 39,
    SizeClass.KLEINSTADT: 90,
    SizeClass.MITTELSTADT: 22,
    SizeClass.GROSSSTADT: 1,
    SizeClass.LANDKREIS: 1,
}
BUDGET_SECOND = 38  # of them, 8 also had a third: 153 + 38 + 8 = 199
BUDGET_THIRD = 8
BUDGET_LATER_FIRST = 14  # held since 2021
BUDGET_LATER_REPEAT = 6


def consultations(demo: Demo) -> None:
    pool: dict[str, list[Municipality]] = defaultdict(list)
    for m in demo.by_ags.values():
        if (
            m.valid_until is None
            and m.pk not in demo.successors
            and (m.population or m.kind == Municipality.Kind.LANDKREIS)
        ):
            cls = size_class_for(m.kind, m.population)
            if cls is not None:
                pool[cls].append(m)
    firsts: list[Municipality] = []
    for cls, count in BUDGET_FIRST_BY_CLASS.items():
        candidates = pool.get(cls, [])
        firsts += demo.rng.sample(candidates, min(count, len(candidates)))
    demo.rng.shuffle(firsts)
    second = firsts[:BUDGET_SECOND]
    third = second[:BUDGET_THIRD]
    held: list[tuple[Municipality, dt.date]] = []
    for m in firsts:
        if m in third:
            day = dt.date(2011, 1, 10) + demo.days(0, 1450)
        elif m in second:
            day = dt.date(2011, 1, 10) + demo.days(0, 2500)
        else:
            day = dt.date(2010, 6, 1) + demo.days(0, (dt.date(2020, 11, 30) - dt.date(2010, 6, 1)).days)
        held.append((m, day))
        if m in second:
            day = min(BUDGET_CUTOFF - dt.timedelta(days=20), day + demo.days(400, 900))
            held.append((m, day))
            if m in third:
                held.append((m, min(BUDGET_CUTOFF - dt.timedelta(days=10), day + demo.days(400, 900))))
    # Since 2021: new municipalities and repeats of earlier ones.
    since = dt.date(2021, 1, 15)
    span = max(1, (demo.today - dt.timedelta(days=30) - since).days)
    chosen = set(firsts)
    rest = [
        m
        for cls in (SizeClass.GEMEINDE, SizeClass.KLEINSTADT, SizeClass.MITTELSTADT)
        for m in pool.get(cls, [])
        if m not in chosen
    ]
    later_firsts = demo.rng.sample(rest, min(BUDGET_LATER_FIRST, len(rest)))
    held += [(m, since + demo.days(0, span)) for m in later_firsts]
    held += [
        (m, since + demo.days(0, span))
        for m in demo.rng.sample(firsts, min(BUDGET_LATER_REPEAT, len(firsts)))
    ]
    rows: list[tuple[Municipality, dt.date, Consultation.Status, User | None]] = [
        (
            m,
            day,
            Consultation.Status.DONE
            if day < demo.today - dt.timedelta(days=120)
            else Consultation.Status.RUNNING,
            None,
        )
        for m, day in held
    ]
    # Requests and plans that have not happened yet, and two cancelled ones.
    rest = [m for m in rest if m not in later_firsts]
    rows.append(
        (demo.fulda, demo.today + demo.days(20, 60), Consultation.Status.REQUESTED, demo.demo["fulda"])
    )
    for m in demo.rng.sample(rest, min(6, len(rest))):
        status = demo.pick(
            [Consultation.Status.REQUESTED, Consultation.Status.PLANNED, Consultation.Status.PLANNED]
        )
        rows.append((m, demo.today + demo.days(10, 90), status, None))
    rows += [
        (
            m,
            demo.pick([dt.date(2019, 5, 14), demo.today - demo.days(60, 400)]),
            Consultation.Status.CANCELLED,
            None,
        )
        for m in demo.rng.sample(rest, min(2, len(rest)))
    ]
    rows.sort(key=lambda r: (r[1], r[0].ags))
    consultations = []
    for m, day, status, requested_by in rows:
        consultation = consultation_create(
            municipality=m,
            date=day,
            status=status,
            requested_by=requested_by,
            topics=demo.pick(
                [
                    "Haushaltsausgleich, Gebühren und Hebesätze",
                    "Personal und Organisation der Verwaltung",
                    "Liegenschaften und Dorfgemeinschaftshäuser",
                    "Investitionsplanung und Schulden",
                    "Interkommunale Zusammenarbeit als Sparpotenzial",
                ]
            ),
            preferred_dates="vormittags, nicht in den Sommerferien"
            if status == Consultation.Status.REQUESTED
            else "",
        )
        consultations.append(consultation)
    demo.restamp(
        consultations,
        [demo.moment(min(demo.today, c.date - dt.timedelta(days=30))) for c in consultations],
    )
    through = Consultation.advisers.through
    links = []
    for c in consultations:
        if c.status == Consultation.Status.REQUESTED:
            continue
        links += [
            through(consultation_id=c.pk, user_id=user.pk)
            for user in demo.rng.sample(demo.budget_advisers, demo.rng.randint(1, 2))
        ]
    through.objects.bulk_create(links)
    meetings, figures, recommendations = [], [], []
    held_states = (Consultation.Status.DONE, Consultation.Status.RUNNING)
    for c in consultations:
        if c.status not in held_states:
            if c.status == Consultation.Status.PLANNED:
                meetings.append(Meeting(consultation=c, kind=Meeting.Kind.FIRST, date=c.date))
            continue
        second_talk = c.date + demo.days(21, 60)
        meetings.append(
            Meeting(
                consultation=c,
                kind=Meeting.Kind.FIRST,
                date=c.date,
                notes="Ausgangslage und Kennzahlen besprochen.",
            )
        )
        meetings.append(
            Meeting(
                consultation=c,
                kind=Meeting.Kind.SECOND,
                date=second_talk,
                notes="Empfehlungen vorgestellt.",
            )
        )
        if demo.rng.random() < 0.3:
            meetings.append(
                Meeting(consultation=c, kind=Meeting.Kind.WORKSHOP, date=second_talk + demo.days(14, 45))
            )
        if demo.rng.random() < 0.1:
            meetings.append(
                Meeting(consultation=c, kind=Meeting.Kind.CITIZENS, date=second_talk + demo.days(30, 90))
            )
        population = c.population or 10_000
        figures.append(
            BudgetFigures(
                consultation=c,
                year=c.date.year - 1,
                tax_rate_property_b=demo.rng.randrange(330, 960, 5),
                tax_rate_trade=demo.rng.randrange(340, 460, 5),
                personnel_costs_per_inhabitant=money(demo.rng.uniform(260, 720)),
                debt_per_inhabitant=money(demo.rng.uniform(400, 5200)),
                deficit=round_to(Decimal(population * demo.rng.uniform(-20, 140)), Decimal("1000")),
            )
        )
        for area in demo.rng.sample(sorted(texts.RECOMMENDATIONS), demo.rng.randint(2, 5)):
            done = c.date < demo.today - dt.timedelta(days=540)
            implemented = (
                demo.pick(
                    [
                        Recommendation.Implemented.YES,
                        Recommendation.Implemented.YES,
                        Recommendation.Implemented.PARTLY,
                        Recommendation.Implemented.NO,
                    ]
                )
                if done
                else Recommendation.Implemented.OPEN
            )
            follow_up_due = c.date + dt.timedelta(days=365)
            recommendations.append(
                Recommendation(
                    consultation=c,
                    area=area,
                    text=demo.pick(texts.RECOMMENDATIONS[area]),
                    estimated_effect=round_to(
                        Decimal(population * demo.rng.uniform(0.5, 12)), Decimal("500")
                    ),
                    implemented=implemented,
                    follow_up_due=follow_up_due,
                    followed_up_on=(follow_up_due + demo.days(0, 60)) if done else None,
                )
            )
    when = {c.pk: demo.moment(min(demo.today, c.date)) for c in consultations}
    demo.stamp(meetings, [when[m.consultation_id] for m in meetings], ["created_at", "updated_at"])
    demo.stamp(figures, [when[f.consultation_id] for f in figures], ["created_at", "updated_at"])
    demo.stamp(
        recommendations, [when[r.consultation_id] for r in recommendations], ["created_at", "updated_at"]
    )
    Meeting.objects.bulk_create(meetings)
    BudgetFigures.objects.bulk_create(figures)
    Recommendation.objects.bulk_create(recommendations)
