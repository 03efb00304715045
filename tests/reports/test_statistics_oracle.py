"""The funding figures of `annual_statistics` (two hand-written SQL queries) against a
plain Python count over the same rows: many cases, grants of every status and year,
two programmes with the same name, leads that are a Landkreis, a kreisfreie Stadt,
in a Kreis or in none."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from decimal import Decimal
from typing import Any

import pytest

from contacts.models import Municipality
from cooperations.models import FieldOfAction, LegalForm, Participation
from funding.models import Grant
from reports.statistics import NO_DISTRICT, NO_PROGRAMME, annual_statistics
from tests import factories

pytestmark = pytest.mark.django_db

YEAR = 2022


@pytest.fixture
def many_cases() -> None:
    rng = random.Random(20261203)
    kreis = factories.KreisFactory(name="Landkreis Nord")
    other_kreis = factories.KreisFactory(name="Landkreis Süd")
    municipalities = [
        factories.MunicipalityFactory(district=rng.choice([kreis, other_kreis]), name=f"Gemeinde {n}")
        for n in range(8)
    ]
    city = factories.MunicipalityFactory(kind=Municipality.Kind.KREISFREIE_STADT, name="Großstadt")
    lonely = factories.MunicipalityFactory(name="Gemeinde ohne Kreis")
    Municipality.objects.filter(pk__in=[city.pk, lonely.pk]).update(district=None)
    city.refresh_from_db()
    lonely.refresh_from_db()
    municipalities += [city, lonely]
    leads = [*municipalities, kreis]
    programmes = [
        factories.ProgrammeFactory(name="Programm IKZ"),
        factories.ProgrammeFactory(name="Programm IKZ"),  # another one with the same name
        factories.ProgrammeFactory(name="Bundesprogramm"),
        None,
    ]
    fields = list(FieldOfAction.objects.all()[:4])
    for _ in range(25):
        case = factories.CooperationFactory(
            lead_municipality=rng.choice(leads),
            field_of_action=rng.choice(fields),
            legal_form=rng.choice(LegalForm.values),
            partners=rng.sample(municipalities, rng.randint(0, 3)),
        )
        for _ in range(rng.randint(0, 4)):
            factories.GrantFactory(
                cooperation=case,
                budget_year=rng.randint(2019, 2024),
                status=rng.choice(Grant.Status.values),
                approved_amount=Decimal(rng.randint(1, 90) * 1000),
                programme=rng.choice(programmes),
            )


def expected() -> dict[str, Any]:
    grants = [
        g
        for g in Grant.objects.select_related(
            "programme", "cooperation__field_of_action", "cooperation__lead_municipality__district"
        )
        if g.status in Grant.APPROVED_STATES and g.budget_year <= YEAR
    ]

    def district(g: Grant) -> str:
        lead = g.cooperation.lead_municipality
        if lead.kind in (Municipality.Kind.LANDKREIS, Municipality.Kind.KREISFREIE_STADT):
            return lead.name
        return lead.district.name if lead.district else NO_DISTRICT

    labels = {
        "handlungsfelder": lambda g: g.cooperation.field_of_action.name,
        "landkreise": district,
        "rechtsformen": lambda g: str(LegalForm(g.cooperation.legal_form).label),
        "programme": lambda g: g.programme.name if g.programme else NO_PROGRAMME,
    }
    tables = {}
    for slug, label in labels.items():
        per: dict[str, list[Any]] = defaultdict(lambda: [set(), Decimal(0), set(), Decimal(0)])
        for g in grants:
            row = per[label(g)]
            row[2].add(g.cooperation_id)
            row[3] += g.approved_amount
            if g.budget_year == YEAR:
                row[0].add(g.cooperation_id)
                row[1] += g.approved_amount
        tables[slug] = {(k, len(a), b, len(c), d) for k, (a, b, c, d) in per.items()}
    years: dict[int, list[Any]] = defaultdict(lambda: [set(), Decimal(0)])
    for g in grants:
        years[g.budget_year][0].add(g.cooperation_id)
        years[g.budget_year][1] += g.approved_amount
    cases = {g.cooperation_id for g in grants}
    cases_year = {g.cooperation_id for g in grants if g.budget_year == YEAR}
    parts = list(Participation.objects.filter(cooperation__in=cases))
    parts_year = [p for p in parts if p.cooperation_id in cases_year]
    return {
        "tables": tables,
        "jahre": [(y, len(c), a) for y, (c, a) in sorted(years.items())],
        "figures": (
            len(cases),
            len(cases_year),
            sum((g.approved_amount or Decimal(0) for g in grants), Decimal(0)),
            sum((g.approved_amount or Decimal(0) for g in grants if g.budget_year == YEAR), Decimal(0)),
            min(g.budget_year for g in grants),
            len({p.municipality_id for p in parts}),
            len(parts),
            len({p.municipality_id for p in parts_year}),
            len(parts_year),
        ),
    }


def test_the_funding_figures_match_a_plain_count_over_the_rows(many_cases: None) -> None:
    want = expected()
    stats = annual_statistics(YEAR, dt.date(YEAR, 12, 31))
    assert (
        stats.cooperations_total,
        stats.cooperations_year,
        stats.approved_total,
        stats.approved_year,
        stats.first_year,
        stats.municipalities_total,
        stats.participations_total,
        stats.municipalities_year,
        stats.participations_year,
    ) == want["figures"]
    assert [row[:3] for row in stats.tables["jahre"].rows] == want["jahre"]
    for slug, rows in want["tables"].items():
        table = stats.tables[slug].rows
        assert set(table) == rows, slug
        if slug != "handlungsfelder":  # the others list the biggest amounts first
            amounts = [row[4] for row in table]
            assert amounts == sorted(amounts, reverse=True), slug
    # The two programmes of the same name are one row, each case counted once in it.
    assert sum(1 for row in stats.tables["programme"].rows if row[0] == "Programm IKZ") <= 1


def test_a_case_counts_once_per_year_and_per_programme_name_however_its_grants_are_split() -> None:
    # The query counts cases per year and per programme by numbering the grouped grants
    # of a case; grants from two programmes of one name, in one year or several, and
    # several programmes in one year must not count the case twice.
    twin_a = factories.ProgrammeFactory(name="Programm IKZ")
    twin_b = factories.ProgrammeFactory(name="Programm IKZ")
    bund = factories.ProgrammeFactory(name="Bundesprogramm")
    case = factories.CooperationFactory()
    for programme, year, amount in (
        (twin_a, YEAR, 10_000),
        (twin_b, YEAR, 20_000),
        (twin_b, YEAR, 4_000),
        (bund, YEAR, 5_000),
        (twin_b, YEAR - 1, 1_000),
        (None, YEAR - 1, 2_000),
    ):
        factories.GrantFactory(
            cooperation=case,
            programme=programme,
            budget_year=year,
            status=Grant.Status.APPROVED,
            approved_amount=Decimal(amount),
        )
    stats = annual_statistics(YEAR, dt.date(YEAR, 12, 31))
    assert [row[:3] for row in stats.tables["jahre"].rows] == [
        (YEAR - 1, 1, Decimal("3000.00")),
        (YEAR, 1, Decimal("39000.00")),
    ]
    assert stats.tables["programme"].rows == (
        ("Programm IKZ", 1, Decimal("34000.00"), 1, Decimal("35000.00")),
        ("Bundesprogramm", 1, Decimal("5000.00"), 1, Decimal("5000.00")),
        (NO_PROGRAMME, 0, Decimal("0"), 1, Decimal("2000.00")),
    )
    assert set(stats.tables["programme"].rows) == expected()["tables"]["programme"]


def test_budget_advice_counts_only_held_consultations_like_a_plain_count() -> None:
    # Consultations of every status, some dated after the cut-off: only running and done
    # ones up to the cut-off count; requested, planned (even when their day has passed)
    # and cancelled ones never do.
    from budget_advice.models import Consultation

    rng = random.Random(20261205)
    cutoff = dt.date(YEAR, 12, 31)
    municipalities = [factories.MunicipalityFactory(name=f"Gemeinde {n}") for n in range(6)]
    rows = [
        factories.ConsultationFactory(
            municipality=rng.choice(municipalities),
            date=dt.date(YEAR - 2, 1, 1) + dt.timedelta(days=rng.randint(0, 3 * 365)),
            status=rng.choice(Consultation.Status.values),
            size_class=rng.choice(["gemeinde", "kleinstadt"]),
        )
        for _ in range(40)
    ]
    held = [
        c
        for c in rows
        if c.status in (Consultation.Status.RUNNING, Consultation.Status.DONE) and c.date <= cutoff
    ]
    assert any(c.status == Consultation.Status.PLANNED and c.date <= cutoff for c in rows)
    per_muni: dict[int, list[Any]] = defaultdict(list)
    for c in sorted(held, key=lambda c: (c.date, c.pk)):
        per_muni[c.municipality_id].append(c)
    first_class: dict[str, int] = defaultdict(int)
    for talks in per_muni.values():
        first_class[talks[0].size_class] += 1
    stats = annual_statistics(YEAR, cutoff)
    assert stats.consultations_total == len(held)
    assert stats.consultations_year == sum(1 for c in held if c.date.year == YEAR)
    assert stats.consulted_municipalities == len(per_muni)
    assert stats.with_second == sum(1 for t in per_muni.values() if len(t) >= 2)
    assert stats.with_third == sum(1 for t in per_muni.values() if len(t) >= 3)
    assert stats.by_size_class == dict(first_class)
