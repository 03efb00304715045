"""The funding rules as data (FundingGuideline): which guideline is in force, the
standard amount it proposes for a case, and the rules a case breaks. Used by the
grant form in the admin; an old grant keeps the guideline stored on it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from core.formats import number, places_needed

from .models import FundingGuideline

if TYPE_CHECKING:
    from cooperations.models import Cooperation

TOO_FEW_PARTNERS = (
    "Nur {count} Partner: die Richtlinie verlangt mindestens {min}. "
    "Ausnahmen (ab {exception}) brauchen eine Begründung."
)
BELOW_EXCEPTION = "Nur {count} Partner: auch als Ausnahme sind mindestens {exception} nötig."
DURATION_SHORT = "Geplante Laufzeit {years} Jahre: die Richtlinie verlangt mindestens {min} Jahre."
DURATION_MISSING = "Die geplante Laufzeit fehlt (mindestens {min} Jahre)."
SAVINGS_LOW = "Erwartete Einsparung {pct} %: die Richtlinie verlangt mindestens {min} %."
SAVINGS_MISSING = "Die erwartete Einsparung in % fehlt (mindestens {min} %)."
NO_GUIDELINE = "Für das Land {land} gilt am {date} keine Förderrichtlinie."


@dataclass
class RuleCheck:
    guideline: FundingGuideline | None
    partners: int
    amount: Decimal | None
    basis: str
    warnings: list[str] = field(default_factory=list)


def guideline_in_force(land: str | None = None, on: dt.date | None = None) -> FundingGuideline | None:
    land = land or settings.IKZ_LAND
    day = on or timezone.localdate()
    return (
        FundingGuideline.objects.filter(land=land, valid_from__lte=day)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day))
        .order_by("-valid_from")
        .first()
    )


def _pct(value: Decimal) -> str:
    return number(value, places_needed(value))


def standard_amount(
    guideline: FundingGuideline, partners: int, *, legal_form: str = ""
) -> tuple[Decimal | None, str]:
    """The Regelzuwendung and how it was found (shown next to the proposal)."""
    if legal_form == "gvv" and guideline.per_gvv_member:
        amount = guideline.per_gvv_member * partners
        return amount, f"{partners} Mitgliedsgemeinden × {guideline.per_gvv_member:.2f} € (GVV)"
    rows = sorted(guideline.amounts or [], key=lambda r: int(r["partners"]))
    fitting = [r for r in rows if int(r["partners"]) <= partners]
    if not fitting:
        return None, "Keine Regelzuwendung für so wenige Partner."
    row = fitting[-1]
    amount = Decimal(str(row["amount"]))
    basis = f"Regelzuwendung für {row['partners']} Partner"
    if row is rows[-1] and partners > int(row["partners"]) and guideline.per_additional_partner:
        extra = partners - int(row["partners"])
        amount += guideline.per_additional_partner * extra
        basis += f" + {extra} × {guideline.per_additional_partner:.2f} €"
    return amount, basis


def check_case(
    case: Cooperation,
    *,
    exception_reason: str = "",
    on: dt.date | None = None,
    guideline: FundingGuideline | None = None,
) -> RuleCheck:
    """Proposal and rule warnings for a case under `guideline` (default: the one in
    force); partners count the municipalities still taking part (lead included)."""
    guideline = guideline or guideline_in_force(on=on)
    partners = case.participations.filter(left_on__isnull=True).count() if case.pk else 0
    if guideline is None:
        day = on or timezone.localdate()
        return RuleCheck(
            None, partners, None, "", [NO_GUIDELINE.format(land=settings.IKZ_LAND, date=f"{day:%d.%m.%Y}")]
        )
    amount, basis = standard_amount(guideline, partners, legal_form=case.legal_form)
    warnings: list[str] = []
    if partners < guideline.exception_min_partners:
        warnings.append(BELOW_EXCEPTION.format(count=partners, exception=guideline.exception_min_partners))
    elif partners < guideline.min_partners and not exception_reason.strip():
        warnings.append(
            TOO_FEW_PARTNERS.format(
                count=partners, min=guideline.min_partners, exception=guideline.exception_min_partners
            )
        )
    if guideline.min_duration_years:
        if case.planned_duration_years is None:
            warnings.append(DURATION_MISSING.format(min=guideline.min_duration_years))
        elif case.planned_duration_years < guideline.min_duration_years:
            warnings.append(
                DURATION_SHORT.format(years=case.planned_duration_years, min=guideline.min_duration_years)
            )
    if guideline.min_savings_pct:
        if case.expected_savings_pct is None:
            warnings.append(SAVINGS_MISSING.format(min=_pct(guideline.min_savings_pct)))
        elif case.expected_savings_pct < guideline.min_savings_pct:
            warnings.append(
                SAVINGS_LOW.format(pct=_pct(case.expected_savings_pct), min=_pct(guideline.min_savings_pct))
            )
    return RuleCheck(guideline, partners, amount, basis, warnings)
