"""Who reports a case's savings: the lead municipality, or an adviser for it. Read by
the case page (savings.selectors) and checked again by the service (savings.services)."""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

from accounts.permissions import confirmed_municipality_ids, is_case_staff

if TYPE_CHECKING:
    from accounts.models import User
    from cooperations.models import Cooperation


def may_report(user: User, case: Cooperation, *, municipality_ids: Collection[int] | None = None) -> bool:
    """The lead municipality reports (its confirmed staff); advisers may record a report
    the municipality sent another way. `municipality_ids`: the user's confirmed
    municipalities where the request knows them already (the portal's case page), so
    they are not read a second time; the role first, which the request has read too."""
    if is_case_staff(user):
        return True
    ids = confirmed_municipality_ids(user) if municipality_ids is None else municipality_ids
    return case.lead_municipality_id in ids
