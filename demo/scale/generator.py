"""The case rows of a scale data set and the order of the whole run."""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections import defaultdict
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from django.db import connection

from accounts import roles
from contacts.models import Municipality
from cooperations.models import (
    Activity,
    CaseEvent,
    Cooperation,
    FieldOfAction,
    LegalForm,
    Message,
    Participation,
    ReferenceCounter,
    Stage,
    Status,
)
from funding.models import (
    Disbursement,
    FundingGuideline,
    Grant,
)

from .plan import (
    CENT,
    DESCRIPTION_WORDS,
    FIELD_TITLES,
    GRANT_STATES,
    NEW_STATUS,
    OLD_STATUS,
    PARTNER_WEIGHTS,
    STATUS_PATH,
    YEARS,
    Case,
    _after,
    _aware,
    _day_in,
    _split,
    _weighted,
)
from .reference import ReferenceData
from .register import Muni
from .savings import savings_reports


class Generator(ReferenceData):
    """The cooperations with their participations, events, activities, messages and grants."""

    # -- cooperations --------------------------------------------------------------------------
    def cooperations(self, munis: list[Muni], advisers: list[int]) -> list[Case]:
        rng = self.rng
        n = self.counts["cooperations"]
        fields = list(FieldOfAction.objects.order_by("position", "pk").values_list("pk", "slug"))
        leads = [m for m in munis if m.kind != Municipality.Kind.GEMEINDEFREI]
        members: dict[int | None, list[Muni]] = defaultdict(list)
        by_land: dict[str, list[Muni]] = defaultdict(list)
        for m in leads:
            members[m.district_id].append(m)
            by_land[m.land].append(m)
        counters = dict(ReferenceCounter.objects.values_list("year", "last"))
        cases: list[Case] = []
        coop_rows: list[dict[str, Any]] = []
        further: list[tuple[int, int]] = []
        for pk in self.w.ids(Cooperation, n):
            year = rng.choice(YEARS)
            day = _day_in(year, rng)
            created = _aware(day, rng)
            status = _weighted(rng, NEW_STATUS if year >= 2024 else OLD_STATUS)
            lead = rng.choice(leads)
            size = _weighted(rng, PARTNER_WEIGHTS)
            pool = [m for m in members[lead.district_id] if m.id != lead.id]
            if len(pool) < size - 1:
                pool += [
                    m
                    for m in rng.sample(by_land[lead.land], min(len(by_land[lead.land]), 3 * size))
                    if m.id != lead.id and m not in pool
                ]
            partners = rng.sample(pool, min(len(pool), size - 1))
            if not partners:  # a city state alone: partner with anyone
                partners = [rng.choice([m for m in leads if m.id != lead.id])]
            case = Case(pk, year, created, status, lead, partners, lead.land)
            cases.append(case)
            counters[year] = counters.get(year, 0) + 1
            field_id, slug = rng.choice(fields)
            title = (
                f"{rng.choice(FIELD_TITLES.get(slug, FIELD_TITLES['sonstiges']))} {lead.name.split(',')[0]}"
            )
            open_ = status in {
                Status.RECEIVED,
                Status.IN_CONSULTATION,
                Status.APPLIED,
                Status.APPROVED,
                Status.IMPLEMENTING,
                Status.PROOF_OF_USE,
            }
            late = STATUS_PATH.index(status) >= 4 if status in STATUS_PATH else False
            published = late and rng.random() < 0.7
            coop_rows.append(
                {
                    "id": pk,
                    "reference": f"IKZ-{year}-{counters[year]:04d}",
                    "title": title[:200],
                    "description": " ".join(rng.sample(DESCRIPTION_WORDS, 3)),
                    "field_of_action_id": field_id,
                    "legal_form": rng.choice(list(LegalForm.values)),
                    "stage": rng.choice(list(Stage.values)),
                    "status": status,
                    "lead_municipality_id": lead.id,
                    "adviser_id": rng.choice(advisers)
                    if status != Status.RECEIVED or rng.random() < 0.5
                    else None,
                    "next_step": "Gespräch mit den Partnern" if open_ else "",
                    "next_step_due": _after(day, rng, 14, 900) if open_ else None,
                    "expected_savings_eur": Decimal(rng.randint(10, 400) * 1_000),
                    "expected_savings_pct": Decimal(rng.randint(10, 35)),
                    "planned_duration_years": rng.choice((5, 5, 10, None)),
                    "is_published": published,
                    "publish_funding": published and rng.random() < 0.5,
                    "started_on": _after(day, rng, 90, 400) if late else None,
                    "submitted_at": created,
                    "submitted_by_id": self.municipal_user.get(lead.id),
                    "other_partners": "Zweckverband" if rng.random() < 0.05 else "",
                    "created_at": created,
                    "updated_at": created,
                }
            )
            further += [(pk, f) for f, _s in rng.sample(fields, rng.randint(0, 2)) if f != field_id]
        for case, row in zip(cases, coop_rows, strict=True):
            case.started_on, case.duration = row["started_on"], row["planned_duration_years"]
        self.w.write(Cooperation, coop_rows)
        del coop_rows
        through = Cooperation.further_fields.through
        self.w.write(
            through,
            (
                {"id": pk, "cooperation_id": c, "fieldofaction_id": f}
                for pk, (c, f) in zip(self.w.ids(through, len(further)), further, strict=True)
            ),
        )
        with connection.cursor() as cursor:
            for year, last in sorted(counters.items()):
                cursor.execute(
                    f"INSERT INTO {ReferenceCounter._meta.db_table} (year, last) VALUES (%s, %s) "  # noqa: S608
                    f"ON CONFLICT (year) DO UPDATE SET last = GREATEST({ReferenceCounter._meta.db_table}.last, "
                    "EXCLUDED.last)",
                    [year, last],
                )
        self.participations(cases)
        self.events(cases, advisers)
        self.log(f"Kooperationen: {len(cases)}")
        return cases

    def participations(self, cases: list[Case]) -> None:
        total = sum(1 + len(c.partners) for c in cases)
        ids = iter(self.w.ids(Participation, total))
        rng = self.rng

        def rows() -> Iterator[dict[str, Any]]:
            for c in cases:
                joined = c.created.date()
                for i, m in enumerate([c.lead, *c.partners]):
                    role = (
                        Participation.Role.LEAD
                        if i == 0
                        else (
                            Participation.Role.ASSOCIATED
                            if rng.random() < 0.05
                            else Participation.Role.PARTNER
                        )
                    )
                    yield {
                        "id": next(ids),
                        "cooperation_id": c.id,
                        "municipality_id": m.id,
                        "role": role,
                        "joined_on": joined,
                        "council_resolution_on": _after(joined, rng, 20, 200),
                        "created_at": c.created,
                        "updated_at": c.created,
                    }

        self.w.write(Participation, rows())

    def events(self, cases: list[Case], advisers: list[int]) -> None:
        rng = self.rng
        plan: list[tuple[Case, list[tuple[str, str]]]] = []
        path: tuple[str, ...]
        for c in cases:
            if c.status in STATUS_PATH:
                path = STATUS_PATH[: STATUS_PATH.index(c.status) + 1]
            elif c.status == Status.REJECTED:
                path = (*STATUS_PATH[:3], Status.REJECTED)
            else:  # withdrawn or dormant from some open state
                path = (*STATUS_PATH[: rng.randint(1, 3)], c.status)
            plan.append((c, list(itertools.pairwise(path))))
        total = sum(1 + len(steps) for _c, steps in plan)
        ids = iter(self.w.ids(CaseEvent, total))

        def rows() -> Iterator[dict[str, Any]]:
            for c, steps in plan:
                at = c.created
                yield {
                    "id": next(ids),
                    "cooperation_id": c.id,
                    "created_at": at,
                    "kind": CaseEvent.Kind.CREATED,
                    "new_status": Status.RECEIVED,
                    "actor_id": self.municipal_user.get(c.lead.id),
                }
                for old, new in steps:
                    at = min(at + dt.timedelta(days=rng.randint(10, 120)), self.w.now)
                    yield {
                        "id": next(ids),
                        "cooperation_id": c.id,
                        "created_at": at,
                        "kind": CaseEvent.Kind.STATUS,
                        "old_status": old,
                        "new_status": new,
                        "actor_id": rng.choice(advisers),
                        "note": "Pausiert auf Wunsch der Kommunen"
                        if new in {Status.WITHDRAWN, Status.DORMANT}
                        else "",
                    }

        self.w.write(CaseEvent, rows())

    def activities_and_messages(self, cases: list[Case], advisers: list[int]) -> None:
        rng = self.rng
        n = self.counts["activities"]
        weights = [len(c.partners) + 1 for c in cases]
        per_case: dict[int, int] = defaultdict(int)
        for i in rng.choices(range(len(cases)), weights=weights, k=n):
            per_case[i] += 1
        ids = iter(self.w.ids(Activity, n))
        kinds = list(Activity.Kind.values)

        def activity_rows() -> Iterator[dict[str, Any]]:
            for i in sorted(per_case):
                c = cases[i]
                start = c.created.date()
                for _ in range(per_case[i]):
                    day = _after(start, rng, 0, 1_500)
                    yield {
                        "id": next(ids),
                        "cooperation_id": c.id,
                        "kind": rng.choice(kinds),
                        "date": day,
                        "participants": "Bürgermeisterinnen und Bürgermeister der Partner",
                        "notes": rng.choice(DESCRIPTION_WORDS),
                        "created_by_id": rng.choice(advisers),
                        "created_at": _aware(day, rng),
                        "updated_at": _aware(day, rng),
                    }

        self.w.write(Activity, activity_rows())
        counts = [rng.choice((0, 1, 2, 2, 3, 4)) for _ in cases]
        ids = iter(self.w.ids(Message, sum(counts)))

        def message_rows() -> Iterator[dict[str, Any]]:
            for c, k in zip(cases, counts, strict=True):
                at = c.created
                for j in range(k):
                    at = min(at + dt.timedelta(days=rng.randint(1, 60)), self.w.now)
                    from_muni = j % 2 == 0
                    yield {
                        "id": next(ids),
                        "cooperation_id": c.id,
                        "from_municipality": from_muni,
                        "author_id": self.municipal_user.get(c.lead.id)
                        if from_muni
                        else rng.choice(advisers),
                        "body": "Guten Tag, anbei unsere Fragen zum Förderantrag. "
                        + rng.choice(DESCRIPTION_WORDS),
                        "read_at": at + dt.timedelta(hours=5) if c.year < 2025 else None,
                        "created_at": at,
                        "updated_at": at,
                    }

        self.w.write(Message, message_rows())

    # -- grants --------------------------------------------------------------------------------
    def grants(self, cases: list[Case], ikz_programmes: dict[str, int]) -> None:
        rng = self.rng
        n = self.counts["grants"]
        guidelines = dict(FundingGuideline.objects.order_by("valid_from").values_list("land", "pk"))
        eligible = [c for c in cases if c.status in GRANT_STATES]
        if not eligible:
            return
        picks = list(range(len(eligible)))[:n]
        picks += rng.choices(range(len(eligible)), k=max(0, n - len(picks)))
        per_case: dict[int, int] = defaultdict(int)
        for i in picks:
            per_case[i] += 1
        grant_rows: list[dict[str, Any]] = []
        paid: list[tuple[int, Decimal, str, dt.date]] = []
        ids = iter(self.w.ids(Grant, n))
        for i in sorted(per_case):
            c = eligible[i]
            for j in range(per_case[i]):
                pk = next(ids)
                status = self._grant_status(c.status, rng)
                size = len(c.partners) + 1
                standard = 50_000 if size == 2 else 75_000 if size == 3 else 100_000
                applied = Decimal(standard if j == 0 else rng.randint(2, 40) * 1_000)
                approved = None
                applied_on = _after(c.created.date(), rng, 30, 400 + 60 * j)
                decision = None
                if status in Grant.APPROVED_STATES or status == Grant.Status.RECLAIMED:
                    approved = (applied * Decimal(rng.randint(80, 100)) / 100).quantize(Decimal("100"))
                    decision = _after(applied_on, rng, 20, 150)
                elif status == Grant.Status.REJECTED:
                    decision = _after(applied_on, rng, 20, 150)
                grant_rows.append(
                    {
                        "id": pk,
                        "cooperation_id": c.id,
                        "programme_id": ikz_programmes.get(c.land),
                        "guideline_id": guidelines.get(c.land),
                        "purpose": "Regelzuwendung" if j == 0 else "Anschlussförderung",
                        "applied_amount": applied,
                        "approved_amount": approved,
                        "budget_year": min(
                            2026, applied_on.year + (1 if decision and decision.year > applied_on.year else 0)
                        ),
                        "applied_on": applied_on,
                        "decision_date": decision,
                        "file_number": f"IKZ {c.land}/{c.year}/{pk}" if decision else "",
                        "status": status,
                        "proof_of_use_due": _after(decision, rng, 365, 800)
                        if approved and decision
                        else None,
                        "proof_of_use_received_on": _after(decision, rng, 400, 900)
                        if decision and status in {Grant.Status.PROOF_SUBMITTED, Grant.Status.CLOSED}
                        else None,
                        "created_at": _aware(applied_on, rng),
                        "updated_at": _aware(decision or applied_on, rng),
                    }
                )
                if status in Grant.APPROVED_STATES:
                    c.funded = True
                if approved is not None and status != Grant.Status.APPROVED:
                    paid.append((pk, approved, status, decision or applied_on))
        self.w.write(Grant, grant_rows)
        del grant_rows
        split: list[tuple[int, dt.date, int]] = []
        for pk, approved, status, decided in paid:
            cents = int(approved * 100)
            if status == Grant.Status.PAID:
                cents = cents * rng.randint(30, 100) // 100
            for k, part in enumerate(_split(cents, rng.randint(1, 3), rng)):
                split.append((pk, _after(decided, rng, 30 + 120 * k, 60 + 120 * k), part))
        ids = iter(self.w.ids(Disbursement, len(split)))
        self.w.write(
            Disbursement,
            (
                {
                    "id": next(ids),
                    "grant_id": pk,
                    "date": day,
                    "amount": (Decimal(part) / 100).quantize(CENT),
                    "note": "Teilauszahlung",
                    "created_at": _aware(day, rng),
                    "updated_at": _aware(day, rng),
                }
                for pk, day, part in split
            ),
        )
        self.log(f"Förderungen: {n}, Auszahlungen: {len(split)}")

    @staticmethod
    def _grant_status(case_status: str, rng: random.Random) -> str:
        s = Grant.Status
        table: dict[str, dict[str, int]] = {
            Status.APPLIED: {s.APPLIED: 1},
            Status.REJECTED: {s.REJECTED: 1},
            Status.APPROVED: {s.APPROVED: 1},
            Status.IMPLEMENTING: {s.PAID: 7, s.APPROVED: 3},
            Status.PROOF_OF_USE: {s.PROOF_SUBMITTED: 6, s.PAID: 4},
            Status.CLOSED: {s.CLOSED: 90, s.RECLAIMED: 4, s.WITHDRAWN: 6},
            Status.WITHDRAWN: {s.WITHDRAWN: 1},
            Status.DORMANT: {s.APPLIED: 1},
        }
        return _weighted(rng, table[case_status])

    def run(self) -> None:
        munis = self.municipalities()
        users = self.users(munis)
        advisers = users[roles.KIKZ]
        ikz = self.programmes(self.laender())
        cases = self.cooperations(munis, advisers)
        self.activities_and_messages(cases, advisers)
        self.grants(cases, ikz)
        savings_reports(cases, writer=self.w, seed=self.seed, log=self.log)
        self.questions(munis, advisers)
        self.consultations(munis, users[roles.BUDGET])
