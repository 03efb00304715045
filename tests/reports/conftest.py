"""A data set with known answers for the statistics of 2021 (cut-off 31.12.2021).

Cooperations (funded = at least one approved grant up to 2021):
- c1 lead Gemeinde Adorf (Kreis A), partners Bestadt, Oberweser; Zweckverband, Allgemeine
  Verwaltung; 2019 approved 100.000 (Landesprogramm, paid 100.000 in 2019), 2021 approved
  50.000 (Landesprogramm, paid 30.000 in 2021 and 10.000 in 2022), a reclaimed 2020 grant.
- c2 lead Wahlsburg, partners Oberweser, Cestadt; öff.-rechtl. Vereinbarung, Bauhof;
  2019 approved 75.000 without programme. Oberweser and Wahlsburg merged into Wesertal
  on 1.1.2020: they still count as themselves.
- c3 lead Wesertal, partner Bestadt; Feuerwehr; 2021 closed grant 15.000 (Bundesprogramm).
- c4 lead Kassel: only a rejected and a withdrawn grant → not funded.
- c5 lead Cestadt: only an applied grant → not funded.
- c6 lead Bestadt: approved 40.000 in 2022 → after the year.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import timezone

from budget_advice.models import Consultation
from contacts.models import Municipality
from contacts.services import municipality_merge
from cooperations.models import Cooperation, LegalForm
from funding.models import FunderQuestion, Grant, Programme
from tests import factories


@dataclass
class Dataset:
    kreis_a: Municipality
    kreis_b: Municipality
    adorf: Municipality
    bestadt: Municipality
    cestadt: Municipality
    oberweser: Municipality
    wahlsburg: Municipality
    wesertal: Municipality
    kassel: Municipality
    c1: Cooperation
    c2: Cooperation
    c3: Cooperation
    land: Programme
    bund: Programme
    eu: Programme


def _grant(case: Cooperation, year: int, amount: str | None, status: str, **kw: object) -> Grant:
    return factories.GrantFactory(
        cooperation=case,
        budget_year=year,
        applied_amount=Decimal(amount or "100000"),
        approved_amount=Decimal(amount) if amount else None,
        decision_date=dt.date(year, 6, 1) if amount else None,
        status=status,
        **kw,
    )


def _question(kind: str, day: dt.date, programmes: list[Programme], office: str = "") -> FunderQuestion:
    q = factories.FunderQuestionFactory(asker_kind=kind, referred_office=office)
    q.referred_programmes.set(programmes)
    noon = timezone.make_aware(dt.datetime.combine(day, dt.time(12, 0)))
    FunderQuestion.objects.filter(pk=q.pk).update(created_at=noon)
    return q


def _consult(m: Municipality, day: dt.date, size_class: str, status: str = "abgeschlossen") -> Consultation:
    return factories.ConsultationFactory(municipality=m, date=day, size_class=size_class, status=status)


@pytest.fixture
def dataset(db: None, kassel: Municipality) -> Dataset:
    kreis_a = factories.KreisFactory(ags="06411000", name="Landkreis Alpha")
    kreis_b = factories.KreisFactory(ags="06412000", name="Landkreis Beta")
    adorf = factories.MunicipalityFactory(ags="06411001", name="Adorf", district=kreis_a, population=3_000)
    bestadt = factories.MunicipalityFactory(
        ags="06411002", name="Bestadt", district=kreis_a, kind=Municipality.Kind.STADT, population=8_000
    )
    cestadt = factories.MunicipalityFactory(
        ags="06412003", name="Cestadt", district=kreis_b, kind=Municipality.Kind.STADT, population=25_000
    )
    oberweser = factories.MunicipalityFactory(
        ags="06412004", name="Oberweser", district=kreis_b, population=6_000
    )
    wahlsburg = factories.MunicipalityFactory(
        ags="06412005", name="Wahlsburg", district=kreis_b, population=2_000
    )
    wesertal = factories.MunicipalityFactory(
        ags="06412006", name="Wesertal", district=kreis_b, population=8_000
    )
    municipality_merge(old=[oberweser, wahlsburg], new=wesertal, on=dt.date(2020, 1, 1))

    land = factories.ProgrammeFactory(name="Landesprogramm IKZ", funder_level="land")
    bund = factories.ProgrammeFactory(name="Bundesprogramm Feuerwehr", funder_level="bund", region="")
    eu = factories.ProgrammeFactory(name="EFRE Kommunal", funder_level="eu", region="")

    field = factories.field_of_action
    c1 = factories.CooperationFactory(
        lead_municipality=adorf,
        partners=[bestadt, oberweser],
        field_of_action=field("allgemeine-verwaltung"),
        legal_form=LegalForm.ZWECKVERBAND,
    )
    g19 = _grant(c1, 2019, "100000", Grant.Status.CLOSED, programme=land)
    factories.DisbursementFactory(grant=g19, date=dt.date(2019, 10, 1), amount=Decimal("100000"))
    g21 = _grant(c1, 2021, "50000", Grant.Status.PAID, programme=land)
    factories.DisbursementFactory(grant=g21, date=dt.date(2021, 5, 1), amount=Decimal("30000"))
    factories.DisbursementFactory(grant=g21, date=dt.date(2022, 2, 1), amount=Decimal("10000"))
    _grant(c1, 2020, "20000", Grant.Status.RECLAIMED, programme=land)

    c2 = factories.CooperationFactory(
        lead_municipality=wahlsburg,
        partners=[oberweser, cestadt],
        field_of_action=field("bauhof"),
        legal_form=LegalForm.PUBLIC_AGREEMENT,
    )
    _grant(c2, 2019, "75000", Grant.Status.APPROVED)

    c3 = factories.CooperationFactory(
        lead_municipality=wesertal, partners=[bestadt], field_of_action=field("feuerwehr")
    )
    _grant(c3, 2021, "15000", Grant.Status.CLOSED, programme=bund)

    c4 = factories.CooperationFactory(lead_municipality=kassel, partners=[adorf])
    _grant(c4, 2021, None, Grant.Status.REJECTED)
    _grant(c4, 2021, None, Grant.Status.WITHDRAWN)
    c5 = factories.CooperationFactory(lead_municipality=cestadt, partners=[bestadt])
    _grant(c5, 2021, None, Grant.Status.APPLIED)
    c6 = factories.CooperationFactory(lead_municipality=bestadt, partners=[adorf])
    _grant(c6, 2022, "40000", Grant.Status.APPROVED)

    # Budget advice up to 31.12.2021: 9 consultations of 6 municipalities.
    _consult(adorf, dt.date(2018, 3, 1), "gemeinde")
    _consult(adorf, dt.date(2020, 6, 1), "gemeinde")
    _consult(adorf, dt.date(2021, 9, 1), "gemeinde")
    _consult(adorf, dt.date(2022, 1, 15), "gemeinde")  # after the cut-off
    # Bestadt grew past 5.000 between its two consultations: it stays a Gemeinde.
    _consult(bestadt, dt.date(2019, 5, 1), "gemeinde")
    _consult(bestadt, dt.date(2021, 2, 1), "kleinstadt")
    _consult(cestadt, dt.date(2020, 1, 10), "mittelstadt")
    _consult(cestadt, dt.date(2021, 1, 1), "mittelstadt", status=Consultation.Status.CANCELLED)
    _consult(cestadt, dt.date(2021, 3, 1), "mittelstadt", status=Consultation.Status.REQUESTED)
    # Planned for a day before the cut-off and never recorded as held: not counted.
    _consult(wesertal, dt.date(2021, 10, 5), "kleinstadt", status=Consultation.Status.PLANNED)
    _consult(kassel, dt.date(2021, 11, 11), "grossstadt")
    _consult(kreis_a, dt.date(2021, 4, 4), "landkreis")
    _consult(oberweser, dt.date(2019, 2, 2), "kleinstadt")  # merged away since, counts as it was

    # Förderlotse.
    _question("kommune", dt.date(2021, 3, 1), [land, bund])
    _question("verein", dt.date(2021, 5, 5), [eu], office="Regierungspräsidium Kassel")
    _question("unternehmen", dt.date(2020, 7, 7), [land])
    _question("verein", dt.date(2022, 2, 2), [land])  # after the cut-off

    return Dataset(
        kreis_a,
        kreis_b,
        adorf,
        bestadt,
        cestadt,
        oberweser,
        wahlsburg,
        wesertal,
        kassel,
        c1,
        c2,
        c3,
        land,
        bund,
        eu,
    )
