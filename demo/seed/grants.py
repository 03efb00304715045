"""The grants of the planned cases and their disbursements."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.core.management.base import CommandError
from simple_history.utils import bulk_create_with_history

from cooperations.models import (
    Status,
)
from funding.models import (
    Disbursement,
    Grant,
)

from .amounts import guideline_for
from .base import (
    DEMO_REASON,
    PLAN_ERROR,
    Demo,
    round_to,
)


def write_grants(demo: Demo) -> None:
    grants: list[Grant] = []
    numbers: dict[int, int] = defaultdict(int)
    for plan in sorted(demo.plans, key=lambda p: (p.decision or p.applied or p.submitted, p.submitted)):
        if plan.applied is None or plan.applied_amount is None:
            continue
        decision = plan.decision
        g = guideline_for(demo, decision or plan.applied)
        if plan.kind in ("funded", "merger", "reclaimed"):
            status = Grant.Status.APPROVED
            if plan.status in (Status.PROOF_OF_USE, Status.CLOSED):
                status = (
                    Grant.Status.PROOF_SUBMITTED
                    if plan.status == Status.PROOF_OF_USE
                    else Grant.Status.CLOSED
                )
        elif plan.kind == "rejected":
            status = Grant.Status.REJECTED
        elif plan.kind == "withdrawn_applied":
            status = Grant.Status.WITHDRAWN
        else:
            status = Grant.Status.APPLIED
        file_number = ""
        if decision is not None:
            numbers[decision.year] += 1
            file_number = f"IKZ {decision.year}/{numbers[decision.year]:03d}"
        budget_year = (decision or plan.applied).year
        if decision is None and plan.applied.month >= 10:
            budget_year += 1
        due = None
        if plan.approved is not None and plan.implementation is not None and plan.kind != "reclaimed":
            due = plan.implementation + dt.timedelta(days=365 * 2 + 90)
            if plan.proof_received:
                due = max(due, plan.proof_received)
        grant = Grant(
            cooperation=plan.case,
            programme=demo.ikz_programme,
            guideline=g if plan.kind != "merger" else None,
            purpose=(
                "Vorbereitung des Zusammenschlusses"
                if plan.kind == "merger"
                else "Machbarkeitsstudie"
                if plan.kind == "reclaimed"
                else "Regelzuwendung interkommunale Zusammenarbeit"
            ),
            applied_amount=plan.applied_amount,
            approved_amount=plan.approved
            if status not in (Grant.Status.REJECTED, Grant.Status.WITHDRAWN, Grant.Status.APPLIED)
            else None,
            budget_year=budget_year,
            applied_on=plan.applied,
            decision_date=decision if status != Grant.Status.WITHDRAWN else None,
            file_number=file_number if status != Grant.Status.WITHDRAWN else "",
            status=status,
            proof_of_use_due=due,
            proof_of_use_received_on=plan.proof_received,
            exception_reason=plan.exception_reason,
        )
        grants.append(grant)
        plan_grant = (plan, grant)
        demo.grant_plans.append(plan_grant)
    demo.stamp(grants, [demo.moment(g.applied_on) for g in grants], ["created_at", "updated_at"])  # type: ignore[arg-type]
    bulk_create_with_history(grants, Grant, default_change_reason=DEMO_REASON)
    write_disbursements(demo)


def write_disbursements(demo: Demo) -> None:
    """The rule of funding.services.disbursement_create (only approved grants, the
    sum never above the approved amount, the first payment turns `bewilligt` into
    `ausgezahlt`), applied in bulk: the service's row lock per payment is what made
    the seed slow, and nothing runs concurrently here."""
    rows: list[Disbursement] = []
    paid: list[int] = []
    for plan, grant in demo.grant_plans:
        if grant.approved_amount is None or plan.implementation is None:
            continue
        approved = grant.approved_amount
        first_day = plan.implementation + demo.days(10, 40)
        if first_day > demo.today:
            continue
        share = Decimal(demo.rng.randint(50, 80)) / 100
        first = round_to(approved * share, Decimal("100"))
        if plan.kind == "reclaimed":
            first = round_to(approved / 2, Decimal("100"))
        payments = [(first_day, first, "1. Rate")]
        if plan.closed is not None:
            total, note = approved, "Schlussrate"
            if demo.rng.random() < 0.12:
                total = round_to(approved * Decimal(demo.rng.randint(85, 98)) / 100, Decimal("100"))
                note = "Schlussrate; Restbetrag nicht abgerufen"
            last_day = max(plan.proof_received or first_day, plan.closed - demo.days(0, 30))
            if total > first:
                payments.append((last_day, total - first, note))
        if grant.status not in Grant.APPROVED_STATES or sum(a for _, a, _ in payments) > approved:
            raise CommandError(f"{PLAN_ERROR} Auszahlung über {grant.file_number}")
        rows += [
            Disbursement(grant=grant, date=day, amount=amount, note=note) for day, amount, note in payments
        ]
        if grant.status == Grant.Status.APPROVED:
            paid.append(grant.pk)
    demo.stamp(rows, [demo.moment(d.date) for d in rows], ["created_at", "updated_at"])
    bulk_create_with_history(rows, Disbursement, batch_size=1000, default_change_reason=DEMO_REASON)
    Grant.objects.filter(pk__in=paid).update(status=Grant.Status.PAID)
    # Reclaimed grants end as zurückgefordert (not counted as funding); their
    # cases were withdrawn after the approval.
    Grant.objects.filter(pk__in=[g.pk for p, g in demo.grant_plans if p.kind == "reclaimed"]).update(
        status=Grant.Status.RECLAIMED,
        notes="Zuwendung zurückgefordert: keine Kooperation zustande gekommen.",
    )
