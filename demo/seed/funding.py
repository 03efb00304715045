"""The programme catalogue (Land, Bund, EU) and the Förderlotse questions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from demo import catalogue
from funding.models import (
    Eligibility,
    FunderQuestion,
    FundingArea,
    Programme,
)

from .base import (
    DEMO_DOMAIN,
    Demo,
)

FUNDER_QUESTION_COUNT = 40

ASKER_ELIGIBILITY = {
    "kommune": "kommune",
    "verein": "verband-verein",
    "gruender": "existenzgruender",
    "unternehmen": "unternehmen",
    "sonstige": "verband-verein",
}

OFFICES = {
    "kommune": "Regierungspräsidium {bezirk}, Dezernat Kommunalaufsicht",
    "verein": "Landessportbund Hessen bzw. Ehrenamtsagentur des Landkreises",
    "gruender": "WIBank – Wirtschafts- und Infrastrukturbank Hessen",
    "unternehmen": "WIBank – Wirtschafts- und Infrastrukturbank Hessen",
    "sonstige": "Untere Naturschutzbehörde des Landkreises",
}


def programmes(demo: Demo) -> None:
    eligible = {e.slug: e for e in Eligibility.objects.all()}
    areas = {a.slug: a for a in FundingArea.objects.all()}
    programmes = []
    for p in catalogue.PROGRAMMES:
        deadline = None
        if p.is_active and demo.rng.random() < 0.4:
            deadline = demo.today + demo.days(20, 300)
        programmes.append(
            Programme(
                name=p.name,
                short_name=p.short_name,
                summary=p.summary,
                funder_level=p.level,
                funder=p.funder,
                region=p.region,
                aid_kind=p.aid_kind,
                guideline_version=(
                    "Rahmenvereinbarung zur Förderung der IKZ vom 07.12.2021" if p.is_ikz else ""
                ),
                rate_pct=Decimal(p.rate_pct) if p.rate_pct else None,
                ceiling=Decimal(p.ceiling) if p.ceiling else None,
                deadline=deadline,
                url=p.url,
                contact=p.funder,
                is_active=p.is_active,
                is_ikz=p.is_ikz,
            )
        )
    Programme.objects.bulk_create(programmes)
    through_e = Programme.eligible.through
    through_a = Programme.areas.through
    through_e.objects.bulk_create(
        [
            through_e(programme_id=prog.pk, eligibility_id=eligible[slug].pk)
            for p, prog in zip(catalogue.PROGRAMMES, programmes, strict=True)
            for slug in p.eligible
            if slug in eligible
        ]
    )
    through_a.objects.bulk_create(
        [
            through_a(programme_id=prog.pk, fundingarea_id=areas[slug].pk)
            for p, prog in zip(catalogue.PROGRAMMES, programmes, strict=True)
            for slug in p.areas
            if slug in areas
        ]
    )
    demo.programme_list = programmes
    demo.programme_facets = {
        prog.pk: (set(p.eligible), set(p.areas))
        for p, prog in zip(catalogue.PROGRAMMES, programmes, strict=True)
    }
    demo.ikz_programme = next(prog for prog in programmes if prog.is_ikz)


def funder_questions(demo: Demo) -> None:
    areas = {a.slug: a for a in FundingArea.objects.all()}
    questions = []
    referrals: list[tuple[FunderQuestion, list[Programme]]] = []
    stamps = []
    start = demo.today - dt.timedelta(days=3 * 365)
    days = sorted(start + demo.days(0, 3 * 365 - 1) for _ in range(FUNDER_QUESTION_COUNT))
    for i, day in enumerate(days):
        kind, area_slug, text = (
            catalogue.FUNDER_QUESTIONS[i % len(catalogue.FUNDER_QUESTIONS)]
            if i < len(catalogue.FUNDER_QUESTIONS)
            else demo.pick(catalogue.FUNDER_QUESTIONS)
        )
        first, last = demo.person_name()
        m = demo.pick(demo.local) if kind == "kommune" else None
        place = demo.pick(demo.local).display_name
        organisation = {
            "kommune": m.display_name if m else "",
            "verein": f"TSV {place} e. V.",
            "unternehmen": f"{last} Haustechnik GmbH",
            "sonstige": f"Initiative Streuobst {place}",
        }.get(kind, "")
        age = (demo.today - day).days
        status = (
            FunderQuestion.Status.NEW
            if age < 14
            else FunderQuestion.Status.IN_PROGRESS
            if age < 40
            else demo.pick(
                [
                    FunderQuestion.Status.ANSWERED,
                    FunderQuestion.Status.REFERRED,
                    FunderQuestion.Status.CLOSED,
                ]
            )
        )
        eligible = ASKER_ELIGIBILITY.get(kind, "")
        matching = [
            p for p in demo.programme_list
            if p.is_active and eligible in demo.programme_facets[p.pk][0] and area_slug in demo.programme_facets[p.pk][1]
        ] or [p for p in demo.programme_list if p.is_active and eligible in demo.programme_facets[p.pk][0]]  # fmt: skip
        chosen = demo.rng.sample(matching, min(len(matching), demo.rng.randint(1, 3)))
        answered = status in (
            FunderQuestion.Status.ANSWERED,
            FunderQuestion.Status.REFERRED,
            FunderQuestion.Status.CLOSED,
        )
        office = ""
        if status == FunderQuestion.Status.REFERRED or (answered and demo.rng.random() < 0.4):
            office = OFFICES.get(kind, "").format(bezirk=m.regierungsbezirk if m else "Darmstadt")
        question = FunderQuestion(
            asker_kind=kind,
            name=f"{first} {last}",
            email=f"{first}.{last}@anfrage.{DEMO_DOMAIN}".lower()
            .replace("ö", "oe")
            .replace("ä", "ae")
            .replace("ü", "ue"),
            organisation_name=organisation,
            municipality=m,
            area=areas.get(area_slug),
            text=text,
            status=status,
            assigned_to=None if status == FunderQuestion.Status.NEW else demo.pick(demo.advisers[:2]),
            answer=(
                "Für Ihr Vorhaben kommen vor allem diese Programme in Frage: "
                + ", ".join(p.name for p in chosen)
                + (f". Bitte wenden Sie sich an: {office}." if office else ".")
            )
            if answered
            else "",
            answered_at=demo.moment(day + demo.days(2, 12)) if answered else None,
            referred_office=office,
        )
        questions.append(question)
        referrals.append((question, chosen if answered else []))
        stamps.append(demo.moment(day))
    demo.stamp(questions, stamps, ["created_at", "updated_at"])
    FunderQuestion.objects.bulk_create(questions)
    through = FunderQuestion.referred_programmes.through
    through.objects.bulk_create(
        [through(funderquestion_id=q.pk, programme_id=p.pk) for q, progs in referrals for p in progs]
    )
