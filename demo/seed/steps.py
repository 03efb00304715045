"""The demo, step by step, in this order (later steps use what earlier ones made).

A new feature's demo data is one more line in STEPS: a function that takes the `Demo`
(its `rng`, `today`, the demo users, the planned cases) and writes through its app's
services or bulk paths; wrap it in `historic` when it bulk-inserts rows with historic dates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db import models, transaction

from accounts.models import User
from backoffice.money import euro_text
from budget_advice.models import Consultation
from contacts.models import Membership, Municipality
from cooperations.models import CaseEvent, Cooperation, Participation
from demo.scale.writer import analyze
from funding.models import Disbursement, FunderQuestion, Grant, Programme

from . import (
    budget,
    cases,
    cost_keys,
    dossier_exports,
    funding,
    grant_claims,
    people,
    register,
    savings_reports,
)
from .base import Demo, historic
from .boundaries import load_demo_boundaries
from .events import seed_knowledge_and_events


def boundaries(demo: Demo) -> None:
    load_demo_boundaries()  # the map's boundaries, without ../shared


def planner_statistics(demo: Demo) -> None:
    """The later steps query what the bulk steps wrote, in the same transaction, which
    autovacuum cannot see yet: the planner took the new tables for empty and joined them
    row by row (choosing the cases for cost keys and savings reports: 5 of the seed's 17 s).
    ANALYZE is allowed inside a transaction and counts the rows just written."""
    analyze([model._meta.db_table for model in STATISTICS_OF])


def knowledge_and_events(demo: Demo) -> None:
    demo.summary.update(seed_knowledge_and_events(today=demo.today, rng=demo.rng))


def agreement_keys(demo: Demo) -> None:
    cost_keys.seed()  # issue 16: saved cost-sharing keys, one of them outdated


def payment_requests_and_proofs(demo: Demo) -> None:
    # issue 16: Kassel's requests for payment in every state, one proof of use overdue
    demo.summary.update(
        grant_claims.seed(today=demo.today, municipal=demo.demo["kassel"], adviser=demo.demo["kikz"])
    )


def savings(demo: Demo) -> None:
    demo.summary.update(savings_reports.seed(today=demo.today))  # issue 16: target against actual


def year_dossier(demo: Demo) -> None:
    demo.summary.update(dossier_exports.seed(today=demo.today))  # issue 16: last year's export ordered


def totals(demo: Demo) -> None:
    approved = Grant.objects.approved().aggregate(total=models.Sum("approved_amount"))["total"]
    funded = Cooperation.objects.funded()
    demo.summary.update(
        {
            "Vorgänge": f"{Cooperation.objects.count()}, davon gefördert {funded.count()}",
            "Beteiligungen": str(Participation.objects.count()),
            "bewilligte Förderung": euro_text(approved or 0),
            "Haushaltsberatungen": str(Consultation.objects.count()),
            "Förderprogramme": str(Programme.objects.count()),
            "Fragen an den Förderlotsen": str(FunderQuestion.objects.count()),
        }
    )


# The tables the bulk steps fill and the later steps join (planner_statistics).
STATISTICS_OF: tuple[type[models.Model], ...] = (
    Municipality,
    Cooperation,
    Participation,
    Grant,
    Disbursement,
    Consultation,
    CaseEvent,
    User,
    Membership,
)

STEPS: tuple[Callable[[Demo], None], ...] = (
    register.municipalities,
    boundaries,
    people.users,
    people.organisations_and_people,
    funding.programmes,
    historic(cases.cooperations),
    historic(budget.consultations),
    historic(funding.funder_questions),
    planner_statistics,
    knowledge_and_events,
    agreement_keys,
    payment_requests_and_proofs,
    savings,
    year_dossier,
    totals,
)


def seed_demo(*, seed: int, today: dt.date) -> dict[str, str]:
    """The whole demo in one transaction: an error leaves the database as it was."""
    demo = Demo(seed=seed, today=today)
    with transaction.atomic():
        for step in STEPS:
            step(demo)
    return demo.summary
