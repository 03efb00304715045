"""Reads of the cost-sharing keys: the partners a key is computed for, a case's versions,
the proposal after a new register edition, and the sections of the case pages and the
start page. Nothing here writes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Case, Exists, F, OuterRef, Prefetch, QuerySet, Subquery, Value, When

from cooperations.models import Cooperation, Participation

from .keys import Partner
from .models import AgreementTemplate, CostKey, CostShare, KeyMethod

if TYPE_CHECKING:
    from accounts.models import User

DASHBOARD_LIMIT = 10


def key_participations(case: Cooperation) -> QuerySet[Participation]:
    """The partners who share the costs: the lead and the partners still taking part
    (associated members do not pay), the lead first, then by name."""
    return (
        Participation.objects.filter(
            cooperation=case,
            left_on__isnull=True,
            role__in=[Participation.Role.LEAD, Participation.Role.PARTNER],
        )
        .select_related("municipality")
        .annotate(lead_first=Case(When(role=Participation.Role.LEAD, then=Value(0)), default=Value(1)))
        .order_by("lead_first", "municipality__name", "municipality__ags")
    )


def key_partners(case: Cooperation, *, values: Mapping[int, Decimal | None]) -> list[Partner]:
    return [
        Partner(
            municipality_id=p.municipality_id,
            name=p.municipality.display_name,
            ags=p.municipality.ags,
            population=p.municipality.population,
            population_date=p.municipality.population_date,
            value=values.get(p.municipality_id),
        )
        for p in key_participations(case)
    ]


def case_keys(case: Cooperation) -> QuerySet[CostKey]:
    """Every version, newest first, with its shares and who computed it."""
    return (
        CostKey.objects.filter(cooperation=case)
        .select_related("created_by")
        .prefetch_related(
            Prefetch("shares", queryset=CostShare.objects.select_related("municipality").order_by("position"))
        )
        .order_by("-version")
    )


def current_key(case: Cooperation) -> CostKey | None:
    return case_keys(case).first()


def newer_population_date(key: CostKey) -> dt.date | None:
    """The register's newer reference date when a population key was computed on older
    figures (a new edition of the Gemeindeverzeichnis was imported since); else None."""
    if not key.uses_population:
        return None
    newer = [
        s.municipality.population_date
        for s in key.shares.all()
        if s.municipality.population_date
        and (
            s.basis_date is None
            or s.municipality.population_date > s.basis_date
            or Decimal(s.municipality.population or 0) != s.basis
        )
    ]
    return max(newer) if newer else None


def is_lead_member(user: User, case: Cooperation) -> bool:
    """The lead municipality computes the key in the portal (issue #16)."""
    from accounts.permissions import confirmed_municipality_ids

    return case.lead_municipality_id in set(confirmed_municipality_ids(user))


def template_for(case: Cooperation) -> AgreementTemplate:
    """A Zweckverband gets the Verbandssatzung, every other legal form the
    öffentlich-rechtliche Vereinbarung; the built-in texts when the KIKZ has none saved."""
    from .texts import default_template

    kind = (
        AgreementTemplate.Kind.ZWECKVERBAND
        if case.legal_form == "zweckverband"
        else AgreementTemplate.Kind.PUBLIC_AGREEMENT
    )
    return AgreementTemplate.objects.filter(kind=kind).first() or default_template(kind)


def case_section(case: Cooperation, municipality_ids: list[int]) -> dict[str, Any]:
    """The Kostenverteilung on the municipality's case page (agreements/_case_section.html);
    `municipality_ids` the user's confirmed ones, which the portal has read already."""
    from .tables import table_of_key

    key = current_key(case)
    return {
        "key": key,
        "table": table_of_key(key) if key else None,
        "can_edit": case.lead_municipality_id in municipality_ids,
        "update_from": newer_population_date(key) if key else None,
    }


def office_case_section(case: Cooperation, user: Any) -> dict[str, Any] | None:
    """The same on the adviser's case page (agreements/admin/_case_section.html); None for
    who may not see keys."""
    if not user.has_perm("agreements.view_costkey"):
        return None
    from .tables import table_of_key

    key = current_key(case)
    return {
        "key": key,
        "table": table_of_key(key) if key else None,
        "versions": key.version if key else 0,  # versions count up from 1, none deleted
        "update_from": newer_population_date(key) if key else None,
    }


def outdated_population_keys(limit: int = DASHBOARD_LIMIT) -> list[CostKey]:
    """Open cases whose newest key is by population and a partner's register figure is
    newer than the one the key used: the start page proposes an update."""
    newest = CostKey.objects.filter(cooperation=OuterRef("cooperation")).order_by("-version").values("pk")[:1]
    stale = CostShare.objects.filter(key=OuterRef("pk"), municipality__population_date__gt=F("basis_date"))
    return list(
        CostKey.objects.filter(
            pk=Subquery(newest),
            method__in=[KeyMethod.POPULATION, KeyMethod.MIXED],
            cooperation__in=Cooperation.objects.open(),
        )
        .filter(Exists(stale))
        .select_related("cooperation")
        .order_by("cooperation__reference")[:limit]
    )


def dashboard(user: User) -> dict[str, Any]:
    """The start page's block (desk/views.py): keys whose register figures are outdated."""
    if not user.has_perm("agreements.add_costkey"):
        return {}
    return {"outdated_keys": outdated_population_keys()}
