"""Step: the cooperations. Plans first (plans.py, amounts.py), then the rows in bulk with
their historic dates: references from `next_reference` in date order, one CaseEvent per
planned step, participations, activities, messages, documents and grants."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.management.base import CommandError
from simple_history.utils import bulk_create_with_history

from accounts.models import User
from contacts.models import Municipality
from cooperations.models import (
    OPEN_STATES,
    PAUSE_STATES,
    CaseEvent,
    Cooperation,
    FieldOfAction,
    Participation,
    Stage,
    Status,
)
from cooperations.services import next_reference
from demo import texts
from funding.models import (
    FundingGuideline,
)

from .amounts import amounts
from .base import (
    DEMO_REASON,
    PLAN_ERROR,
    CasePlan,
    Demo,
    round_to,
)
from .casework import write_activities_and_messages, write_documents
from .grants import write_grants
from .plans import check_path, choose_members, describe, force_demo_leads, funded_plans, other_plans

NEXT_STEPS: dict[str, str] = {
    Status.RECEIVED: "Erstgespräch vereinbaren",
    Status.IN_CONSULTATION: "Gruppengespräch der Partner vorbereiten",
    Status.APPLIED: "Bescheid abwarten, Rückfragen des Regierungspräsidiums beantworten",
    Status.APPROVED: "Umsetzung beginnen, erste Auszahlung anfordern",
    Status.IMPLEMENTING: "Zwischenstand bei der federführenden Kommune erfragen",
    Status.PROOF_OF_USE: "Verwendungsnachweis prüfen",
    Status.DORMANT: "Wiedervorlage: Stand bei den Partnern erfragen",
}


def cooperations(demo: Demo) -> None:
    demo.fields = {f.slug: f for f in FieldOfAction.objects.all()}
    demo.guideline = FundingGuideline.objects.filter(land=settings.IKZ_LAND).order_by("-valid_from").first()
    demo.titles = set()
    plans = funded_plans(demo) + other_plans(demo)
    force_demo_leads(demo, plans)
    for plan in plans:
        choose_members(demo, plan)
        describe(demo, plan)
        check_path(demo, plan)
    amounts(demo, plans)
    order = sorted(range(len(plans)), key=lambda i: (plans[i].submitted, i))
    demo.plans = [plans[i] for i in order]
    write_cases(demo)
    write_grants(demo)


def write_cases(demo: Demo) -> None:
    plans = demo.plans
    municipal_users = {demo.kassel.pk: demo.demo["kassel"], demo.fulda.pk: demo.demo["fulda"]}
    cases: list[Cooperation] = []
    for plan in plans:
        if plan.lead is None:
            raise CommandError(PLAN_ERROR)
        status = plan.status
        open_case = status in OPEN_STATES or status in PAUSE_STATES
        adviser: User | None = demo.rng.choice(demo.advisers)
        if open_case and demo.rng.random() < 0.4:
            adviser = demo.demo["kikz"]
        if status == Status.RECEIVED and demo.rng.random() < 0.55:
            adviser = None
        portal_user = municipal_users.get(plan.lead.pk)
        submitted_by = (
            portal_user if portal_user and plan.submitted >= demo.today - dt.timedelta(days=730) else None
        )
        funded = plan.kind in ("funded", "merger")
        published = (
            funded
            and plan.decision is not None
            and plan.decision <= demo.today - dt.timedelta(days=180)
            and demo.rng.random() < 0.7
        )
        due = None
        if open_case:
            due = demo.today + demo.days(0, 60) - dt.timedelta(days=20)
        savings = round_to(Decimal(demo.rng.randint(8_000, 180_000)), Decimal("500"))
        started = (
            plan.implementation
            if plan.implementation and plan.implementation <= demo.today and funded
            else None
        )
        stage = (
            demo.pick([Stage.CONTRACT, Stage.CONTRACT, Stage.AGREEMENT])
            if funded
            else Stage.AGREEMENT
            if plan.applied
            else Stage.EXCHANGE
        )
        opener, closer = demo.pick(texts.DESCRIPTION_OPENERS), demo.pick(texts.DESCRIPTION_CLOSERS)
        case = Cooperation(
            reference=next_reference(plan.submitted.year),
            title=plan.title,
            description=f"{opener} {closer}",
            field_of_action=demo.fields[plan.field_slug],
            legal_form=plan.legal_form,
            stage=stage,
            status=status,
            lead_municipality=plan.lead,
            adviser=adviser,
            next_step=NEXT_STEPS.get(status, "") if open_case else "",
            next_step_due=due,
            expected_savings_eur=savings if status != Status.RECEIVED else None,
            expected_savings_pct=Decimal(demo.rng.randint(15, 35)) if funded or plan.applied else None,
            planned_duration_years=demo.rng.randint(5, 10) if funded or plan.applied else None,
            is_published=published,
            publish_funding=published and demo.rng.random() < 0.6,
            started_on=started,
            submitted_at=demo.moment(plan.submitted),
            submitted_by=submitted_by,
            other_partners="Abwasserverband der beteiligten Gemeinden" if demo.rng.random() < 0.04 else "",
        )
        if plan.submitted >= demo.today - dt.timedelta(days=3 * 365):
            case.checklist = checklist(demo, plan)
        plan.case = case
        cases.append(case)
    demo.stamp(cases, [c.submitted_at for c in cases], ["created_at"])  # type: ignore[misc]
    demo.stamp(cases, [demo.moment(p.last_date) for p in plans], ["updated_at"])
    for case in cases:
        case._history_date = case.created_at  # type: ignore[attr-defined]  # the history starts with the case
    bulk_create_with_history(cases, Cooperation, batch_size=500, default_change_reason=DEMO_REASON)
    # Further Handlungsfelder for a quarter of the cases.
    through = Cooperation.further_fields.through
    field_ids = sorted(f.pk for f in demo.fields.values())
    through.objects.bulk_create(
        [
            through(cooperation_id=c.pk, fieldofaction_id=fid)
            for c in cases
            if demo.rng.random() < 0.25
            for fid in [demo.pick([f for f in field_ids if f != c.field_of_action_id])]
        ]
    )
    write_participations(demo)
    write_events(demo)
    write_activities_and_messages(demo)
    write_documents(demo)


def checklist(demo: Demo, plan: CasePlan) -> dict[str, Any]:
    """The self-assessment of the inquiry wizard (cooperations.forms: q1 = fields,
    q2–q7 answered ja / nein / unsicher, each with an optional comment)."""
    answers: dict[str, Any] = {"q1_fields": [demo.fields[plan.field_slug].pk], "q1_comment": ""}
    for key in ("q2", "q3", "q4", "q5", "q6", "q7"):
        answers[key] = demo.rng.choices(["ja", "nein", "unsicher"], weights=[6, 2, 2])[0]
        answers[f"{key}_comment"] = ""
    if answers["q3"] == "ja":
        answers["q3_comment"] = "Standesamt und Wasserversorgung mit der Nachbargemeinde."
    return answers


def write_participations(demo: Demo) -> None:
    rows = []
    for plan in demo.plans:
        joined = plan.consultation or plan.submitted
        resolution = plan.applied - demo.days(10, 90) if plan.applied else None
        if resolution and resolution < joined:
            resolution = joined
        leaver = None
        if plan.closed and len(plan.members) >= 4 and demo.rng.random() < 0.08:
            leaver = plan.members[-1].pk
        for m in plan.members:
            role = (
                Participation.Role.LEAD
                if m.pk == plan.lead.pk  # type: ignore[union-attr]
                else Participation.Role.ASSOCIATED
                if m.kind == Municipality.Kind.LANDKREIS
                else Participation.Role.PARTNER
            )
            left = None
            if m.pk == leaver and plan.closed:
                left = min(demo.today, plan.closed + demo.days(100, 700))
            rows.append(
                Participation(
                    cooperation=plan.case,
                    municipality=m,
                    role=role,
                    joined_on=joined,
                    left_on=left,
                    council_resolution_on=resolution,
                )
            )
    demo.stamp(rows, [demo.moment(r.joined_on) for r in rows], ["created_at", "updated_at"])  # type: ignore[arg-type]
    Participation.objects.bulk_create(rows, batch_size=1000)


def write_events(demo: Demo) -> None:
    events: list[CaseEvent] = []
    stamps: list[dt.datetime] = []
    for plan in demo.plans:
        case = plan.case
        if case is None:
            raise CommandError(PLAN_ERROR)
        last = demo.moment(plan.submitted)

        def add(event: CaseEvent, day: dt.date) -> None:
            nonlocal last
            stamp = demo.moment(day)
            if stamp <= last:
                stamp = last + dt.timedelta(minutes=7)
            last = stamp
            events.append(event)
            stamps.append(stamp)

        creator = case.submitted_by or case.adviser
        add(
            CaseEvent(
                cooperation=case, actor=creator, kind=CaseEvent.Kind.CREATED, new_status=Status.RECEIVED
            ),
            plan.submitted,
        )
        if case.adviser is not None:
            note = f"Zugewiesen an {case.adviser.get_full_name()}"
            add(
                CaseEvent(cooperation=case, actor=case.adviser, kind=CaseEvent.Kind.ASSIGNED, note=note),
                plan.submitted,
            )
        old = Status.RECEIVED.value
        for day, new, reason in plan.steps:
            add(
                CaseEvent(
                    cooperation=case, actor=case.adviser, kind=CaseEvent.Kind.STATUS,
                    old_status=old, new_status=new, note=reason,
                ),
                day,
            )  # fmt: skip
            old = new
    demo.stamp(events, stamps, ["created_at"])
    CaseEvent.objects.bulk_create(events, batch_size=1000)
