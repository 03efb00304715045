"""Cases as plans before anything is written: when each was submitted, decided and
closed, who took part, what it is about. Each planned path is checked step by step
against the transitions `cooperations.services` allows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal

from django.core.management.base import CommandError

from contacts.models import Municipality, SizeClass, size_class_for
from cooperations.models import (
    FORWARD,
    OPEN_STATES,
    PAUSE_STATES,
    LegalForm,
    Status,
)
from demo import texts

from .base import (
    PLAN_ERROR,
    CasePlan,
    Demo,
)
from .register import MERGERS

FIRST_YEAR = 2008
FUNDED_CASES = 356
# Cases that never got (or lost) funding, and open ones, by the path they took.
OTHER_CASES = {
    "rejected": 18,
    "withdrawn_in_consultation": 14,
    "withdrawn_applied": 5,
    "reclaimed": 3,
    "dormant": 4,
    "received": 9,
    "in_consultation": 16,
    "applied": 8,
}
# Partners per case (including the lead), shares: mean ≈ 4.8, as in "1,700
# participations in 350 cooperations".
PARTNER_WEIGHTS = {2: 8, 3: 20, 4: 20, 5: 17, 6: 14, 7: 11, 8: 10}

TOO_FEW_MUNICIPALITIES = "Für Demodaten braucht das Gemeindeverzeichnis mindestens zwei Kommunen."


# Kreisfreie Städte cooperate with the Landkreis around them.
NEIGHBOUR_KREIS = {"06411": "06432", "06412": "06438", "06413": "06438", "06414": "06439", "06611": "06633"}


def decision_dates(demo: Demo) -> list[dt.date]:
    """FUNDED_CASES decision dates from 2008 to today, fewer in the first years."""
    years = list(range(FIRST_YEAR, demo.today.year + 1))
    weights: dict[int, float] = {}
    for year in years:
        w = (
            6.0
            if year == 2008
            else 12.0
            if year == 2009
            else 16.0
            if year == 2020
            else 24.0
            if year >= 2022
            else 20.0
        )
        if year == demo.today.year:
            w *= max(0.0, (demo.today.timetuple().tm_yday - 30) / 365)
        weights[year] = w
    total = sum(weights.values())
    exact = {y: FUNDED_CASES * w / total for y, w in weights.items()}
    counts = {y: int(v) for y, v in exact.items()}
    for y in sorted(years, key=lambda y: (-(exact[y] - counts[y]), y))[: FUNDED_CASES - sum(counts.values())]:
        counts[y] += 1
    dates = []
    for year in years:
        start = dt.date(year, 3, 1) if year == FIRST_YEAR else dt.date(year, 1, 1)
        end = min(dt.date(year, 12, 20), demo.today - dt.timedelta(days=20))
        span = max(0, (end - start).days)
        dates += [start + dt.timedelta(days=demo.rng.randint(0, span)) for _ in range(counts[year])]
    return dates


def timeline(demo: Demo, end: dt.date, gaps: list[int]) -> list[dt.date]:
    """Dates before `end` separated by `gaps` (days), squeezed to start in 2008 at the earliest."""
    earliest = dt.date(FIRST_YEAR, 1, 2)
    total = sum(gaps)
    room = (end - earliest).days
    if total > room:
        gaps = [max(1, g * room // total) for g in gaps]
    points = [end]
    for gap in reversed(gaps):
        points.insert(0, points[0] - dt.timedelta(days=gap))
    return points


def partner_sizes(demo: Demo, count: int) -> list[int]:
    """`count` case sizes in the shares of PARTNER_WEIGHTS (largest remainder), shuffled:
    drawn one by one, the participations of the funded cases strayed by ±100 between seeds."""
    total = sum(PARTNER_WEIGHTS.values())
    exact = {size: count * w / total for size, w in PARTNER_WEIGHTS.items()}
    counts = {size: int(v) for size, v in exact.items()}
    for size in sorted(exact, key=lambda k: (-(exact[k] - counts[k]), k))[: count - sum(counts.values())]:
        counts[size] += 1
    sizes = [size for size, n in counts.items() for _ in range(n)]
    demo.rng.shuffle(sizes)
    return sizes


def funded_plans(demo: Demo) -> list[CasePlan]:
    plans = []
    dates = decision_dates(demo)
    for decision, size in zip(dates, partner_sizes(demo, len(dates)), strict=True):
        plan = CasePlan(kind="funded", submitted=decision, size=size)
        pause = demo.rng.random() < 0.06
        if pause:
            gaps = [demo.rng.randint(7, 45), demo.rng.randint(20, 60), demo.rng.randint(60, 200)]
            gaps += [demo.rng.randint(30, 120), demo.rng.randint(30, 120)]
            s, c, p1, p2, a, d = timeline(demo, decision, gaps)
            plan.steps = [
                (c, Status.IN_CONSULTATION, ""),
                (p1, Status.DORMANT, demo.pick(texts.PAUSE_REASONS)),
                (p2, Status.IN_CONSULTATION, "Die Partner setzen die Gespräche fort."),
            ]
        else:
            gaps = [demo.rng.randint(7, 45), demo.rng.randint(60, 300), demo.rng.randint(30, 120)]
            s, c, a, d = timeline(demo, decision, gaps)
            plan.steps = [(c, Status.IN_CONSULTATION, "")]
        plan.submitted, plan.consultation, plan.applied, plan.decision = s, c, a, d
        plan.steps += [(a, Status.APPLIED, ""), (d, Status.APPROVED, "")]
        after_approval(demo, plan)
        plans.append(plan)
    add_merger_showcase(demo, plans)
    return plans


def after_approval(demo: Demo, plan: CasePlan) -> None:
    if plan.decision is None:
        raise CommandError(PLAN_ERROR)
    start = plan.decision + demo.days(14, 75)
    due = start + dt.timedelta(days=365 * demo.rng.randint(1, 2) + 90)
    received = due - demo.days(0, 80)
    closed = received + demo.days(40, 200)
    plan.implementation = start
    for day, status in (
        (start, Status.IMPLEMENTING),
        (received, Status.PROOF_OF_USE),
        (closed, Status.CLOSED),
    ):
        if day > demo.today:
            break
        plan.steps.append((day, status, ""))
        if status == Status.PROOF_OF_USE:
            plan.proof_received = day
        if status == Status.CLOSED:
            plan.closed = day
    if plan.status == Status.IMPLEMENTING and demo.rng.random() < 0.06:
        pause = max(start + dt.timedelta(days=30), demo.today - demo.days(30, 200))
        if pause <= demo.today:
            plan.steps.append((pause, Status.DORMANT, demo.pick(texts.PAUSE_REASONS)))


def add_merger_showcase(demo: Demo, plans: list[CasePlan]) -> None:
    """Oberweser and Wahlsburg prepared their merger into Wesertal with KIKZ support."""
    for old_ags, new_ags, on in (merger for mergers in MERGERS.values() for merger in mergers):
        olds = [demo.by_ags.get(ags) for ags in old_ags]
        if not all(olds):
            continue
        decision = on - dt.timedelta(days=460)
        index = min(range(len(plans)), key=lambda i: abs((plans[i].decision - decision).days))  # type: ignore[operator]
        s, c, a = (
            decision - dt.timedelta(days=560),
            decision - dt.timedelta(days=530),
            decision - dt.timedelta(days=90),
        )
        plan = CasePlan(
            kind="merger", submitted=s, size=len(olds), consultation=c, applied=a, decision=decision
        )
        plan.members = [m for m in olds if m]
        plan.lead = plan.members[0]
        plan.field_slug = "allgemeine-verwaltung"
        plan.legal_form = LegalForm.MERGER
        names = " und ".join(m.display_name for m in plan.members)
        successor = demo.by_ags.get(new_ags)
        plan.title = f"Zusammenschluss der Gemeinden {names} zur Gemeinde {successor.display_name if successor else ''}".strip()
        plan.steps = [
            (c, Status.IN_CONSULTATION, ""),
            (a, Status.APPLIED, ""),
            (decision, Status.APPROVED, ""),
        ]
        plan.approved = Decimal("150000.00")
        after_approval(demo, plan)
        plans[index] = plan


def other_plans(demo: Demo) -> list[CasePlan]:
    plans: list[CasePlan] = []
    today = demo.today
    for kind, count in OTHER_CASES.items():
        for _ in range(count):
            size = demo.weighted(PARTNER_WEIGHTS)
            plan = CasePlan(kind=kind, submitted=today, size=size)
            if kind == "rejected":
                d = dt.date(2009, 6, 1) + demo.days(0, (today - dt.date(2009, 6, 1)).days - 60)
                s, c, a, d = timeline(
                    demo, d, [demo.rng.randint(7, 45), demo.rng.randint(60, 300), demo.rng.randint(30, 120)]
                )
                plan.steps = [
                    (c, Status.IN_CONSULTATION, ""),
                    (a, Status.APPLIED, ""),
                    (d, Status.REJECTED, demo.pick(texts.REJECT_REASONS)),
                ]
                plan.decision, plan.applied = d, a
            elif kind == "withdrawn_in_consultation":
                s = dt.date(2008, 6, 1) + demo.days(0, (today - dt.date(2008, 6, 1)).days - 420)
                c = s + demo.days(7, 40)
                plan.steps = [
                    (c, Status.IN_CONSULTATION, ""),
                    (c + demo.days(60, 380), Status.WITHDRAWN, demo.pick(texts.WITHDRAW_REASONS)),
                ]
            elif kind == "withdrawn_applied":
                a = dt.date(2010, 1, 1) + demo.days(0, (today - dt.date(2010, 1, 1)).days - 100)
                s, c, a = timeline(demo, a, [demo.rng.randint(7, 45), demo.rng.randint(60, 300)])
                plan.steps = [
                    (c, Status.IN_CONSULTATION, ""),
                    (a, Status.APPLIED, ""),
                    (a + demo.days(20, 80), Status.WITHDRAWN, demo.pick(texts.WITHDRAW_REASONS)),
                ]
                plan.applied = a
            elif kind == "reclaimed":
                d = dt.date(2012, 1, 1) + demo.days(0, 4000)
                s, c, a, d = timeline(
                    demo, d, [demo.rng.randint(7, 45), demo.rng.randint(60, 300), demo.rng.randint(30, 120)]
                )
                plan.steps = [
                    (c, Status.IN_CONSULTATION, ""),
                    (a, Status.APPLIED, ""),
                    (d, Status.APPROVED, ""),
                    (d + demo.days(150, 300), Status.WITHDRAWN,
                     "Die Machbarkeitsstudie hat keine wirtschaftliche Lösung ergeben; keine Kooperation. "
                     "Die Zuwendung wird zurückgefordert."),
                ]  # fmt: skip
                plan.decision, plan.applied = d, a
                plan.implementation = d + demo.days(14, 60)
            elif kind == "dormant":
                s = today - demo.days(250, 700)
                c = s + demo.days(7, 40)
                plan.steps = [
                    (c, Status.IN_CONSULTATION, ""),
                    (
                        max(c + dt.timedelta(days=30), today - demo.days(30, 150)),
                        Status.DORMANT,
                        demo.pick(texts.PAUSE_REASONS),
                    ),
                ]
            elif kind == "received":
                s = today - demo.days(1, 45)
            elif kind == "in_consultation":
                s = today - demo.days(40, 330)
                c = min(today, s + demo.days(5, 30))
                plan.steps = [(c, Status.IN_CONSULTATION, "")]
            elif kind == "applied":
                a = today - demo.days(15, 120)
                s = a - demo.days(120, 400)
                c = s + demo.days(7, 40)
                plan.steps = [(c, Status.IN_CONSULTATION, ""), (a, Status.APPLIED, "")]
                plan.applied = a
            plan.submitted = s
            plan.consultation = plan.steps[0][0] if plan.steps else None
            plans.append(plan)
    return plans


def force_demo_leads(demo: Demo, plans: list[CasePlan]) -> None:
    """The demo municipal users see cases of their own: open ones and funded ones."""

    def first(kind: str, skip: int = 0, status: str | None = None, since: int = 0) -> CasePlan | None:
        found = [
            p
            for p in plans
            if p.kind == kind and (status is None or p.status == status) and p.submitted.year >= since
        ]
        return found[skip] if len(found) > skip else None

    wanted = (
        (first("received", 0), demo.kassel), (first("received", 1), demo.fulda),
        (first("in_consultation", 0), demo.kassel), (first("in_consultation", 1), demo.fulda),
        (first("applied", 0), demo.fulda),
        (first("funded", 0, Status.IMPLEMENTING), demo.kassel),
        (first("funded", 0, Status.CLOSED, since=2015), demo.fulda),
        (first("funded", 3, Status.CLOSED, since=2012), demo.kassel),
    )  # fmt: skip
    for plan, lead in wanted:
        if plan is not None:
            plan.forced_lead = lead.ags


def choose_members(demo: Demo, plan: CasePlan) -> None:
    if plan.members:
        return
    day = plan.submitted
    if plan.forced_lead:
        lead = demo.by_ags[plan.forced_lead]
    else:
        pool = [m for m in demo.cooperating if demo.valid_on(m, day)]
        weights = [
            1 if m.kind == Municipality.Kind.KREISFREIE_STADT else {
                SizeClass.GEMEINDE: 3, SizeClass.KLEINSTADT: 4, SizeClass.MITTELSTADT: 3,
            }.get(size_class_for(m.kind, m.population) or SizeClass.GEMEINDE, 1)
            for m in pool
        ]  # fmt: skip
        lead = demo.rng.choices(pool, weights=weights)[0]
    key = lead.ags[:5]
    home = NEIGHBOUR_KREIS.get(key, key)
    members = [lead]
    kreis = demo.landkreise.get(home)
    if kreis is not None and plan.size >= 3 and demo.rng.random() < 0.1:
        members.append(kreis)
    near = [m for m in demo.by_kreis.get(home, []) if m.pk != lead.pk and demo.valid_on(m, day)]
    demo.rng.shuffle(near)

    def candidates() -> Iterator[Municipality]:
        # Lazily, ring by ring: the own Kreis is nearly always enough.
        yield from near
        for other_key in sorted(
            (k for k in demo.by_kreis if k[:3] == home[:3] and k not in (home, key)),
            key=lambda k: (abs(int(k) - int(home)), k),
        ):
            ring = [m for m in demo.by_kreis[other_key] if demo.valid_on(m, day)]
            demo.rng.shuffle(ring)
            yield from ring
        # A small register may not have enough neighbours: then anyone in the Land.
        yield from (m for m in demo.cooperating if m.pk != lead.pk and demo.valid_on(m, day))

    for m in candidates():
        if len(members) >= plan.size:
            break
        if m not in members:
            members.append(m)
    if len(members) < 2:
        raise CommandError(TOO_FEW_MUNICIPALITIES)
    plan.lead, plan.members = lead, members
    plan.size = len(members)


def describe(demo: Demo, plan: CasePlan) -> None:
    if plan.title:
        return
    slugs = [s for s in texts.FIELD_WEIGHTS if s in demo.fields] or sorted(demo.fields)
    lead = plan.lead
    if lead is None:
        raise CommandError(PLAN_ERROR)
    if len(plan.members) == 2:
        area = f"{lead.display_name} und {plan.members[1].display_name}"
    elif lead.kind == Municipality.Kind.KREISFREIE_STADT:
        area = f"im Raum {lead.display_name}"
    else:
        kreis = demo.landkreise.get(lead.ags[:5])
        area = f"im {kreis.display_name}" if kreis else f"um {lead.display_name}"
    # A few tries for a title no other case has yet, then a suffix.
    for _ in range(6):
        slug = demo.weighted({s: texts.FIELD_WEIGHTS.get(s, 1) for s in slugs})
        titles, forms = texts.COOPERATION_TOPICS.get(slug, texts.COOPERATION_TOPICS["sonstiges"])
        template = demo.pick(titles)
        title = template.format(lead=lead.display_name, area=area)[:190]
        if title not in demo.titles:
            break
    else:
        title = f"{title} ({plan.submitted.year})"
    demo.titles.add(title)
    plan.field_slug = slug
    plan.title = title
    legal = demo.weighted(dict(forms))
    if legal == LegalForm.GVV and len(plan.members) < 3:
        legal = LegalForm.PUBLIC_AGREEMENT
    if plan.kind in ("received", "in_consultation") and demo.rng.random() < 0.5:
        legal = LegalForm.OPEN
    plan.legal_form = legal
    if "Feuerwehren" in template:
        plan.fire_brigades = demo.rng.randint(4, 9)


def check_path(demo: Demo, plan: CasePlan) -> None:
    """The planned path must be one the workflow allows (cooperations.services)."""
    state, left, previous = Status.RECEIVED.value, "", plan.submitted
    for day, new, reason in plan.steps:
        if state in PAUSE_STATES:
            allowed: tuple[str, ...] = (left,)
        else:
            allowed = tuple(FORWARD[state]) + (
                (Status.WITHDRAWN, Status.DORMANT) if state in OPEN_STATES else ()
            )
        if new not in allowed or day < previous or (new in PAUSE_STATES and not reason):
            raise CommandError(f"{PLAN_ERROR} {state} → {new} am {day}")
        if new in PAUSE_STATES:
            left = state
        state, previous = new, day
