"""The writes of the cost-sharing key and of the template texts: each one transaction,
with the acting user recorded (the key's version row, the case's Verlauf, the template's
history)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from cooperations.models import CaseEvent, Cooperation
from core.records import record_save

from . import keys
from .models import AgreementTemplate, CostKey, CostShare, KeyMethod
from .selectors import key_partners

if TYPE_CHECKING:
    from accounts.models import User

KEY_SAVED_NOTE = "Kostenverteilungsschlüssel Version {version} berechnet: {method}, {total} im Jahr."
NOT_POPULATION_KEY = "Nur ein Schlüssel nach Einwohnerzahl lässt sich auf einen neuen Gebietsstand bringen."


@transaction.atomic
def cost_key_save(
    *,
    case: Cooperation,
    method: KeyMethod | str,
    total: Decimal | None,
    actor: User | None,
    base_share_pct: Decimal | None = None,
    values: Mapping[int, Decimal | None] | None = None,
    unit_label: str = "",
    note: str = "",
) -> CostKey:
    """Computes the key for the case's current partners (population from the register)
    and saves it as the case's next version."""
    from backoffice.money import euro_text

    method = KeyMethod(method)
    # The case row lock orders two advisers saving at once: versions 3 and 4, never 3 twice.
    case = Cooperation.objects.select_for_update().get(pk=case.pk)
    partners = key_partners(case, values=values or {})
    lines = keys.compute(method=method, total=total, partners=partners, base_share_pct=base_share_pct)
    total = Decimal(total or 0)  # compute refused None and 0
    version = (CostKey.objects.filter(cooperation=case).aggregate(v=Max("version"))["v"] or 0) + 1
    dates = [line.basis_date for line in lines if line.basis_date]
    key = CostKey.objects.create(
        cooperation=case,
        version=version,
        method=method,
        total=total,
        base_share_pct=base_share_pct if method == KeyMethod.MIXED else None,
        unit_label=unit_label.strip()[:100] if method == KeyMethod.USAGE else "",
        population_date=max(dates) if dates else None,
        note=note.strip()[:300],
        created_by=actor,
    )
    CostShare.objects.bulk_create(
        CostShare(
            key=key,
            municipality_id=line.partner.municipality_id,
            position=position,
            basis=line.basis,
            basis_date=line.basis_date,
            percent=line.percent,
            amount=line.amount,
        )
        for position, line in enumerate(lines, start=1)
    )
    CaseEvent.objects.create(
        cooperation=case,
        actor=actor,
        kind=CaseEvent.Kind.NOTE,
        note=KEY_SAVED_NOTE.format(version=version, method=method.label, total=euro_text(total)),
    )
    return key


def cost_key_update_population(*, key: CostKey, actor: User | None) -> CostKey:
    """The proposal after a new register edition: the same key computed again with the
    population the register has now, saved as a new version."""
    if not key.uses_population:
        raise ValidationError(NOT_POPULATION_KEY)
    return cost_key_save(
        case=key.cooperation,
        method=key.method,
        total=key.total,
        base_share_pct=key.base_share_pct,
        actor=actor,
        note=key.note,
    )


def agreement_template_save(*, template: AgreementTemplate, actor: User | None) -> AgreementTemplate:
    """A template text as the KIKZ edited it (validated; the history names the editor)."""
    return record_save(record=template, actor=actor)
