"""Saved cost-sharing keys on a few demo cases (a step of demo/seed/steps.py): every
method once, a case with two versions, and one population key on an older register
edition, so the proposal to update it shows on the case and the start page. Idempotent
(a case with a key is left alone) and deterministic (cases in reference order)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q

from accounts.models import User
from agreements import services
from agreements.models import CostKey, CostShare, KeyMethod
from cooperations.models import Cooperation, LegalForm, Participation

KASSEL_AGS = "06611000"
ADVISER_EMAIL_PREFIX = "beratung@"
# The older register edition the demo ships (demo/seed/register.py EDITIONS): the outdated key.
OLDER_EDITION = dt.date(2021, 12, 31)


def _cases() -> list[Cooperation]:
    paying = Q(participations__role__in=[Participation.Role.LEAD, Participation.Role.PARTNER])
    many = Cooperation.objects.annotate(n=Count("participations", filter=paying)).filter(n__gte=2)
    chosen: list[Cooperation] = list(
        many.filter(legal_form__in=[LegalForm.PUBLIC_AGREEMENT, LegalForm.ZWECKVERBAND]).order_by(
            "reference"
        )[:4]
    )
    kassel = many.filter(lead_municipality__ags=KASSEL_AGS).order_by("reference").first()
    if kassel is not None and kassel not in chosen:
        chosen.append(kassel)
    return chosen


def _save(case: Cooperation, actor: User | None, method: KeyMethod, total: Decimal, **kw: object) -> CostKey:
    try:
        return services.cost_key_save(case=case, method=method, total=total, actor=actor, **kw)  # type: ignore[arg-type]
    except ValidationError:  # a partner without a population figure: equal shares instead
        return services.cost_key_save(case=case, method=KeyMethod.EQUAL, total=total, actor=actor)


@transaction.atomic
def seed(*, adviser: User | None = None) -> int:
    """Keys on up to five cases; returns how many keys were saved."""
    adviser = adviser or User.objects.filter(email__startswith=ADVISER_EMAIL_PREFIX, is_staff=True).first()
    saved = 0
    for i, case in enumerate(_cases()):
        if CostKey.objects.filter(cooperation=case).exists():
            continue
        actor = case.adviser or adviser
        total = Decimal(60_000 + 12_500 * i)
        partners = list(
            case.participations.order_by("municipality__ags").values_list("municipality_id", flat=True)
        )
        match i % 5:
            case 0:  # first equal, then agreed by population: two versions
                _save(case, actor, KeyMethod.EQUAL, total)
                _save(case, actor, KeyMethod.POPULATION, total, note="Beschluss der Lenkungsgruppe")
                saved += 2
                continue
            case 1:
                _save(case, actor, KeyMethod.MIXED, total, base_share_pct=Decimal(30))
            case 2:
                units = {pk: Decimal(40 + 25 * n) for n, pk in enumerate(partners)}
                _save(case, actor, KeyMethod.USAGE, total, values=units, unit_label="Fälle im Jahr")
            case 3:
                _save(case, actor, KeyMethod.EQUAL, total)
            case _:
                key = _save(case, actor, KeyMethod.POPULATION, total)
                if key.method == KeyMethod.POPULATION:
                    # Demo history: this key was computed on the older edition, so the
                    # portal proposes the update to the current one.
                    CostShare.objects.filter(key=key).update(basis_date=OLDER_EDITION)
                    CostKey.objects.filter(pk=key.pk).update(population_date=OLDER_EDITION)
        saved += 1
    return saved
