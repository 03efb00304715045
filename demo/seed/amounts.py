"""Approved funding of the planned cases. Grants from 2022 follow the Hessian guideline
(50,000 € for 2, 75,000 € for 3, 100,000 € for more partners; 150,000 € per GVV member;
15,000 € per Ortsteilfeuerwehr). Older grants are scaled so that all approved grants add
up to 25,000,000 € give or take their rounding to 500 € each."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from cooperations.models import (
    LegalForm,
)
from funding.models import (
    FundingGuideline,
)

from .base import (
    CasePlan,
    Demo,
    money,
    round_to,
)

TARGET_APPROVED = Decimal("25000000.00")
ROUND_OLD_GRANTS = Decimal("500")


def guideline_for(demo: Demo, day: dt.date) -> FundingGuideline | None:
    g = demo.guideline
    if g is None or day < g.valid_from or (g.valid_until is not None and day > g.valid_until):
        return None
    return g


def rule_amount(demo: Demo, plan: CasePlan, g: FundingGuideline) -> Decimal:
    if plan.legal_form == LegalForm.GVV and g.per_gvv_member:
        return money(g.per_gvv_member * plan.size)
    if plan.fire_brigades and g.per_fire_brigade:
        return money(g.per_fire_brigade * plan.fire_brigades)
    amount = Decimal("0")
    rows = sorted(g.amounts, key=lambda r: int(r["partners"]))
    for row in rows:
        if int(row["partners"]) <= plan.size:
            amount = Decimal(str(row["amount"]))
    if rows and plan.size > int(rows[-1]["partners"]):
        amount += g.per_additional_partner * (plan.size - int(rows[-1]["partners"]))
    return money(amount)


def raw_amount(demo: Demo, plan: CasePlan) -> Decimal:
    """Before the 2021 guideline: amounts by partners and effort, scaled later."""
    if plan.legal_form == LegalForm.GVV:
        base = 100_000 * plan.size
    elif plan.fire_brigades:
        base = 12_000 * plan.fire_brigades
    else:
        base = {2: 30_000, 3: 45_000}.get(plan.size, 60_000 + 7_500 * (plan.size - 4))
    return Decimal(base) * Decimal(str(round(demo.rng.uniform(0.8, 1.25), 3)))


def amounts(demo: Demo, plans: list[CasePlan]) -> None:
    fixed = Decimal("0")
    old: list[tuple[CasePlan, Decimal]] = []
    for plan in plans:
        day = plan.decision or plan.applied
        if day is None:
            continue
        g = guideline_for(demo, day)
        if plan.approved is not None:  # the merger showcase
            plan.applied_amount = plan.approved
        elif g is not None:
            amount = rule_amount(demo, plan, g)
            plan.applied_amount = amount
            if plan.kind == "funded":
                plan.approved = amount
            if plan.size < g.min_partners:
                plan.exception_reason = "Ausnahme: nur zwei Partner, weil keine weitere Nachbarkommune für die Aufgabe in Frage kommt."
        elif plan.kind == "funded":
            old.append((plan, raw_amount(demo, plan)))
            continue
        else:
            plan.applied_amount = round_to(raw_amount(demo, plan), ROUND_OLD_GRANTS)
        if plan.kind == "reclaimed":
            plan.approved = round_to(Decimal(demo.rng.randint(15_000, 40_000)), ROUND_OLD_GRANTS)
            plan.applied_amount = plan.approved
        if plan.kind in ("funded", "merger") and plan.approved is not None:
            fixed += plan.approved
    raw_total = sum((raw for _, raw in old), Decimal("0"))
    factor = (TARGET_APPROVED - fixed) / raw_total if raw_total else Decimal("1")
    for plan, raw in old:
        plan.approved = max(Decimal("5000.00"), round_to(raw * factor, ROUND_OLD_GRANTS))
        plan.applied_amount = round_to(
            plan.approved * Decimal(str(round(demo.rng.uniform(1.0, 1.2), 3))), ROUND_OLD_GRANTS
        )
