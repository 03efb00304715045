"""Rückforderungen in the statistics: the reclaimed amounts recorded by
funding.services.grant_reclaim, by the date of the reclaim, against a plain Python sum
over the same grants (reclaims before, in and after the year, after the cut-off)."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

import pytest

from accounts.models import User
from funding.models import Grant
from funding.services import grant_reclaim
from reports.statistics import annual_statistics
from tests import factories

pytestmark = pytest.mark.django_db

YEAR = 2025
CUTOFF = dt.date(YEAR, 9, 30)


def test_reclaimed_funding_matches_a_plain_sum_by_the_date_of_the_reclaim(clara: User) -> None:
    rng = random.Random(20261205)
    for _ in range(12):
        grant = factories.GrantFactory(
            budget_year=rng.randint(2019, 2025), approved_amount=Decimal(rng.randint(10, 90) * 1000)
        )
        factories.DisbursementFactory(grant=grant, amount=Decimal(rng.randint(1, 10) * 1000))
        if rng.random() < 0.8:
            on = dt.date(rng.randint(2023, 2026), rng.randint(1, 12), rng.randint(1, 28))
            paid = grant.disbursements.get().amount
            grant_reclaim(grant=grant, amount=paid - Decimal(rng.randint(0, 5) * 100), on=on, actor=clara)
    reclaimed = [
        (g.reclaimed_on, g.reclaimed_amount)
        for g in Grant.objects.all()
        if g.reclaimed_on is not None and g.reclaimed_amount is not None
    ]
    assert reclaimed, "the seed should reclaim some grants"
    want_total = sum((amount for on, amount in reclaimed if on <= CUTOFF), Decimal(0))
    want_year = sum((amount for on, amount in reclaimed if on <= CUTOFF and on.year == YEAR), Decimal(0))

    stats = annual_statistics(YEAR, CUTOFF)

    assert (stats.reclaimed_total, stats.reclaimed_year) == (want_total, want_year)
    row = next(r for r in stats.tables["kennzahlen"].rows if r[0] == "Zurückgeforderte Fördermittel")
    assert row[2] == f"{int(want_total):,} €".replace(",", ".")
