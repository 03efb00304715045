"""The reference data of a scale data set and the rows beside the cases."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from accounts import roles
from accounts.models import User
from budget_advice.models import BudgetFigures, Consultation, Meeting, Recommendation
from contacts.models import Membership, Municipality, size_class_for
from core.land import LAENDER
from funding.models import (
    AidKind,
    Eligibility,
    FunderLevel,
    FunderQuestion,
    FundingArea,
    Programme,
)

from .plan import (
    DESCRIPTION_WORDS,
    EMAIL_DOMAIN,
    PASSWORD,
    PROGRAMME_TOPICS,
    YEARS,
    _after,
    _aware,
    _day_in,
    _weighted,
    counts_for,
    laender_for,
)
from .register import Muni, read_register, synthetic_register
from .writer import Writer


class ReferenceData:
    """Municipalities, users, the programme catalogue, questions and consultations: the
    rows that do not hang on the cases (generator.py adds those)."""

    def __init__(
        self, *, factor: float, seed: int, register: Path | None, writer: Writer, log: Callable[[str], None]
    ) -> None:
        self.factor = factor
        self.rng = random.Random(seed)
        self.seed = seed
        self.register = register
        self.w = writer
        self.log = log
        self.counts = counts_for(factor)

    # -- reference data ----------------------------------------------------------------------
    def laender(self) -> list[str]:
        home = settings.IKZ_LAND
        order = [home, *sorted(code for code in LAENDER if code != home)]
        return order[: laender_for(self.factor)]

    def municipalities(self) -> list[Muni]:
        laender = self.laender()
        if self.register:
            munis = read_register(self.register, laender)
        else:
            munis = synthetic_register(laender, random.Random(self.rng.random()))
        munis.sort(key=lambda m: m.ags)
        existing = dict(Municipality.objects.filter(ags__in=[m.ags for m in munis]).values_list("ags", "id"))
        new = [m for m in munis if m.ags not in existing]
        for m, pk in zip(new, self.w.ids(Municipality, len(new)), strict=True):
            m.id = pk
        for m in munis:
            m.id = existing.get(m.ags, m.id)
        by_ags = {m.ags: m for m in munis}
        population: dict[str, int] = defaultdict(int)
        for m in munis:
            kreis = by_ags.get(m.ags[:5] + "000")
            if m.kind in {Municipality.Kind.LANDKREIS, Municipality.Kind.KREISFREIE_STADT} or kreis is None:
                m.district_id = m.id
            else:
                m.district_id = kreis.id
                population[kreis.ags] += m.population or 0
        for m in munis:
            if m.kind == Municipality.Kind.LANDKREIS:
                m.population = population.get(m.ags) or None
        self.w.write(
            Municipality,
            (
                {
                    "id": m.id,
                    "ags": m.ags,
                    "name": m.name[:200],
                    "kind": m.kind,
                    "district_id": m.district_id,
                    "regierungsbezirk": m.regierungsbezirk,
                    "population": m.population,
                    "population_date": dt.date(2021, 12, 31) if m.population else None,
                    "area_km2": m.area_km2,
                    "postal_code": m.postal_code,
                    "latitude": m.latitude,
                    "longitude": m.longitude,
                    "created_at": self.w.now,
                    "updated_at": self.w.now,
                }
                for m in new
            ),
        )
        self.log(f"Kommunen: {len(munis)} in {len(laender)} Land/Ländern ({len(new)} neu)")
        return munis

    def users(self, munis: list[Muni]) -> dict[str, list[int]]:
        """Advisers, budget advisers, ministry, an administrator and one confirmed user per
        municipality (all with the password PASSWORD), so every case has a municipal author."""
        hashed = make_password(PASSWORD)
        groups = {
            name: Group.objects.get_or_create(name=name)[0].pk
            for name in (roles.KIKZ, roles.BUDGET, roles.MINISTRY)
        }
        n_advisers, n_budget = max(3, round(2 + self.factor / 5)), max(2, round(1 + self.factor / 10))
        wanted: list[tuple[str, str, str, str | None, Muni | None]] = [
            (f"beratung-{i:02d}@{EMAIL_DOMAIN}", "Berater", f"Nr. {i}", roles.KIKZ, None)
            for i in range(1, n_advisers + 1)
        ]
        wanted += [
            (f"haushalt-{i:02d}@{EMAIL_DOMAIN}", "Haushaltsberater", f"Nr. {i}", roles.BUDGET, None)
            for i in range(1, n_budget + 1)
        ]
        wanted.append((f"ministerium@{EMAIL_DOMAIN}", "Ministerium", "Statistik", roles.MINISTRY, None))
        wanted.append((f"admin@{EMAIL_DOMAIN}", "Admin", "Scale", None, None))
        for m in munis:
            if m.kind != Municipality.Kind.GEMEINDEFREI:
                wanted.append((f"kommune-{m.ags}@{EMAIL_DOMAIN}", "Kommune", m.name[:100], None, m))
        existing = dict(User.objects.filter(email__in=[w[0] for w in wanted]).values_list("email", "id"))
        new = [w for w in wanted if w[0] not in existing]
        ids = dict(zip([w[0] for w in new], self.w.ids(User, len(new)), strict=True))
        ids.update(existing)
        self.w.write(
            User,
            (
                {
                    "id": ids[email],
                    "email": email,
                    "password": hashed,
                    "first_name": first,
                    "last_name": last,
                    "is_staff": group in {roles.KIKZ, roles.BUDGET} or email.startswith("admin@"),
                    "is_superuser": email.startswith("admin@"),
                    "is_active": True,
                    "date_joined": self.w.now,
                }
                for email, first, last, group, _m in new
            ),
        )
        through = User.groups.through
        with_group = [(ids[email], groups[group]) for email, _f, _l, group, _m in new if group]
        self.w.write(
            through,
            (
                {"id": pk, "user_id": user, "group_id": group}
                for pk, (user, group) in zip(self.w.ids(through, len(with_group)), with_group, strict=True)
            ),
        )
        members = [(ids[email], m) for email, _f, _l, _g, m in new if m is not None]
        self.w.write(
            Membership,
            (
                {
                    "id": pk,
                    "user_id": user,
                    "municipality_id": m.id,
                    "status": Membership.Status.CONFIRMED,
                    "function": "Hauptamt",
                    "decided_at": self.w.now,
                    "created_at": self.w.now,
                    "updated_at": self.w.now,
                }
                for pk, (user, m) in zip(self.w.ids(Membership, len(members)), members, strict=True)
            ),
        )
        out: dict[str, list[int]] = defaultdict(list)
        for email, _f, _l, group, muni in wanted:
            out[group or ("kommune" if muni else "admin")].append(ids[email])
        self.municipal_user = {m.id: ids[email] for email, _f, _l, _g, m in wanted if m is not None}
        self.log(f"Benutzer: {len(wanted)} ({len(new)} neu), Passwort „{PASSWORD}“")
        return out

    # -- funding catalogue ---------------------------------------------------------------------
    def programmes(self, laender: list[str]) -> dict[str, int]:
        """Programmes; returns the IKZ programme id per Land."""
        rng = self.rng
        n = self.counts["programmes"]
        eligible = list(Eligibility.objects.order_by("pk").values_list("pk", flat=True))
        areas = list(FundingArea.objects.order_by("pk").values_list("pk", flat=True))
        ids = self.w.ids(Programme, n)
        ikz: dict[str, int] = {}
        rows, eligible_rows, area_rows = [], [], []
        for i, pk in enumerate(ids):
            if i < len(laender):
                land = laender[i]
                level, region, topic = FunderLevel.LAND, land, "Interkommunale Zusammenarbeit"
                name = f"Förderung der Interkommunalen Zusammenarbeit – {LAENDER[land]}"
                ikz[land] = pk
            else:
                level = _weighted(rng, {FunderLevel.LAND: 60, FunderLevel.BUND: 30, FunderLevel.EU: 10})
                region = rng.choice(laender) if level == FunderLevel.LAND else ""
                topic = rng.choice(PROGRAMME_TOPICS)
                where = LAENDER[region] if region else ("Bund" if level == FunderLevel.BUND else "EU")
                name = f"{topic} – Programm {i} ({where})"
            deadline = _after(dt.date(2025, 1, 1), rng, 0, 700) if rng.random() < 0.6 else None
            rows.append(
                {
                    "id": pk,
                    "name": name,
                    "short_name": f"P{i}",
                    "funder_level": level,
                    "region": region,
                    "summary": f"Gefördert werden Vorhaben im Bereich {topic}. "
                    + rng.choice(DESCRIPTION_WORDS),
                    "funder": "Ministerium" if level == FunderLevel.LAND else "Bundesamt",
                    "aid_kind": _weighted(
                        rng, {AidKind.GRANT: 70, AidKind.LOAN: 20, AidKind.GUARANTEE: 5, AidKind.OTHER: 5}
                    ),
                    "rate_pct": Decimal(rng.choice((50, 60, 75, 80, 90))),
                    "ceiling": Decimal(rng.randint(1, 40) * 25_000),
                    "deadline": deadline,
                    "url": f"https://foerderung.example/programm/{i}",
                    "contact": "Förderstelle",
                    "is_active": rng.random() < 0.85,
                    "is_ikz": i < len(laender),
                    "created_at": self.w.now,
                    "updated_at": self.w.now,
                }
            )
            eligible_rows += [(pk, e) for e in rng.sample(eligible, min(len(eligible), rng.randint(1, 3)))]
            area_rows += [(pk, a) for a in rng.sample(areas, min(len(areas), rng.randint(1, 2)))]
        self.w.write(Programme, rows)
        self.programme_ids = list(ids)
        through = Programme.eligible.through
        self.w.write(
            through,
            (
                {"id": pk, "programme_id": p, "eligibility_id": e}
                for pk, (p, e) in zip(self.w.ids(through, len(eligible_rows)), eligible_rows, strict=True)
            ),
        )
        areas_through = Programme.areas.through
        self.w.write(
            areas_through,
            (
                {"id": pk, "programme_id": p, "fundingarea_id": a}
                for pk, (p, a) in zip(self.w.ids(areas_through, len(area_rows)), area_rows, strict=True)
            ),
        )
        return ikz

    # -- Förderlotse questions ------------------------------------------------------------------
    def questions(self, munis: list[Muni], advisers: list[int]) -> None:
        rng = self.rng
        n = self.counts["questions"]
        areas = list(FundingArea.objects.order_by("pk").values_list("pk", flat=True))
        towns = [m for m in munis if m.kind != Municipality.Kind.GEMEINDEFREI]
        ids = list(self.w.ids(FunderQuestion, n))
        rows, referrals = [], []
        for i, pk in enumerate(ids):
            kind = _weighted(
                rng, {"kommune": 45, "verein": 25, "gruender": 12, "unternehmen": 12, "sonstige": 6}
            )
            town = rng.choice(towns)
            day = _day_in(rng.choice(YEARS), rng)
            status = _weighted(
                rng, {"neu": 3, "in_bearbeitung": 5, "beantwortet": 50, "weitergeleitet": 30, "erledigt": 12}
            )
            done = status in {"beantwortet", "weitergeleitet", "erledigt"}
            rows.append(
                {
                    "id": pk,
                    "asker_kind": kind,
                    "name": f"Fragende Person {i}",
                    "email": f"frage{i}@example.org",
                    "organisation_name": town.name[:200] if kind == "kommune" else f"Verein {i}",
                    "municipality_id": town.id if kind == "kommune" else None,
                    "area_id": rng.choice(areas) if areas else None,
                    "text": "Welche Programme fördern unser Vorhaben? " + rng.choice(DESCRIPTION_WORDS),
                    "status": status,
                    "assigned_to_id": rng.choice(advisers) if status != "neu" else None,
                    "answer": "Bitte wenden Sie sich an die Förderstelle." if done else "",
                    "answered_at": _aware(_after(day, rng, 1, 20), rng) if done else None,
                    "referred_office": "Wirtschafts- und Infrastrukturbank"
                    if status == "weitergeleitet"
                    else "",
                    "created_at": _aware(day, rng),
                    "updated_at": _aware(day, rng),
                }
            )
            if done:
                referrals += [
                    (pk, p)
                    for p in rng.sample(self.programme_ids, min(len(self.programme_ids), rng.randint(0, 2)))
                ]
        self.w.write(FunderQuestion, rows)
        through = FunderQuestion.referred_programmes.through
        self.w.write(
            through,
            (
                {"id": pk, "funderquestion_id": q, "programme_id": p}
                for pk, (q, p) in zip(self.w.ids(through, len(referrals)), referrals, strict=True)
            ),
        )

    # -- budget advice --------------------------------------------------------------------------
    def consultations(self, munis: list[Muni], budget_advisers: list[int]) -> None:
        rng = self.rng
        n = self.counts["consultations"]
        towns = [m for m in munis if m.kind in {Municipality.Kind.GEMEINDE, Municipality.Kind.STADT}]
        kreise = [m for m in munis if m.kind == Municipality.Kind.LANDKREIS] or towns
        ids = list(self.w.ids(Consultation, n))
        seen: list[Muni] = []
        rows, advisers, meetings, figures, recommendations = [], [], [], [], []
        for pk in ids:
            if seen and rng.random() < 0.2:
                m = rng.choice(seen)  # a second or third consultation
            else:
                m = rng.choice(kreise) if rng.random() < 0.02 else rng.choice(towns)
                seen.append(m)
            day = _day_in(rng.choice(YEARS), rng)
            status = _weighted(
                rng,
                {"abgeschlossen": 80, "abgesagt": 5, "laufend": 6, "geplant": 5, "angefragt": 4}
                if day.year < 2025
                else {"laufend": 40, "geplant": 30, "angefragt": 20, "abgeschlossen": 10},
            )
            population = m.population
            rows.append(
                {
                    "id": pk,
                    "municipality_id": m.id,
                    "date": day,
                    "status": status,
                    "population": population,
                    "size_class": size_class_for(m.kind, population) or "",
                    "topics": "Haushaltskonsolidierung, Gebühren, Personal",
                    "notes": rng.choice(DESCRIPTION_WORDS),
                    "requested_by_id": self.municipal_user.get(m.id),
                    "created_at": _aware(day, rng),
                    "updated_at": _aware(day, rng),
                }
            )
            advisers += [
                (pk, a) for a in rng.sample(budget_advisers, min(len(budget_advisers), rng.randint(1, 2)))
            ]
            if status in {"abgesagt", "angefragt"}:
                continue
            meetings.append((pk, Meeting.Kind.FIRST, day))
            if status == "abgeschlossen":
                meetings.append((pk, Meeting.Kind.SECOND, _after(day, rng, 30, 90)))
                if rng.random() < 0.3:
                    meetings.append((pk, Meeting.Kind.WORKSHOP, _after(day, rng, 60, 150)))
                figures.append((pk, day.year))
                recommendations += [(pk, day) for _ in range(rng.randint(2, 5))]
        self.w.write(Consultation, rows)
        through = Consultation.advisers.through
        self.w.write(
            through,
            (
                {"id": pk, "consultation_id": c, "user_id": u}
                for pk, (c, u) in zip(self.w.ids(through, len(advisers)), advisers, strict=True)
            ),
        )
        self.w.write(
            Meeting,
            (
                {
                    "id": pk,
                    "consultation_id": c,
                    "kind": k,
                    "date": d,
                    "notes": "",
                    "created_at": _aware(d, rng),
                    "updated_at": _aware(d, rng),
                }
                for pk, (c, k, d) in zip(self.w.ids(Meeting, len(meetings)), meetings, strict=True)
            ),
        )
        self.w.write(
            BudgetFigures,
            (
                {
                    "id": pk,
                    "consultation_id": c,
                    "year": y - 1,
                    "tax_rate_property_b": rng.randint(300, 900),
                    "tax_rate_trade": rng.randint(320, 480),
                    "personnel_costs_per_inhabitant": Decimal(rng.randint(200, 900)),
                    "debt_per_inhabitant": Decimal(rng.randint(0, 5000)),
                    "deficit": Decimal(rng.randint(-500, 3000) * 1_000),
                    "created_at": self.w.now,
                    "updated_at": self.w.now,
                }
                for pk, (c, y) in zip(self.w.ids(BudgetFigures, len(figures)), figures, strict=True)
            ),
        )
        areas = list(Recommendation.Area.values)
        self.w.write(
            Recommendation,
            (
                {
                    "id": pk,
                    "consultation_id": c,
                    "area": rng.choice(areas),
                    "text": "Gebühren kostendeckend kalkulieren. " + rng.choice(DESCRIPTION_WORDS),
                    "estimated_effect": Decimal(rng.randint(5, 500) * 1_000),
                    "implemented": rng.choice(list(Recommendation.Implemented.values)),
                    "follow_up_due": _after(d, rng, 180, 400),
                    "created_at": _aware(d, rng),
                    "updated_at": _aware(d, rng),
                }
                for pk, (c, d) in zip(
                    self.w.ids(Recommendation, len(recommendations)), recommendations, strict=True
                )
            ),
        )
        self.log(f"Haushaltsberatungen: {n} ({len(recommendations)} Empfehlungen)")
