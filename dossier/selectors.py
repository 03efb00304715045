"""Reads of the dossier export: the closed cases of a year, and what the shared pages
(the adviser's case page, the start page) show of it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import OuterRef, Subquery
from django.urls import reverse

from cooperations.models import CaseEvent, Cooperation, Status

from .models import DossierExport

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User


def closed_case_ids(year: int) -> list[int]:
    """Cases that are closed now and were closed (their last change to „abgeschlossen“)
    in the year, Europe/Berlin, in the order of their references."""
    closed_at = (
        CaseEvent.objects.filter(
            cooperation=OuterRef("pk"), kind=CaseEvent.Kind.STATUS, new_status=Status.CLOSED
        )
        .order_by("-created_at", "-pk")
        .values("created_at")[:1]
    )
    return list(
        Cooperation.objects.filter(status=Status.CLOSED)
        .annotate(closed_at=Subquery(closed_at))
        .filter(closed_at__year=year)
        .order_by("reference")
        .values_list("pk", flat=True)
    )


def case_dossier(user: User | AnonymousUser, case: Cooperation | None) -> dict[str, Any] | None:
    """The dossier link of the adviser's case page (templates/dossier/_case_link.html);
    None for everyone the download would refuse."""
    # Who may change cases are the advisers the download serves (KIKZ, administration); the
    # admin has loaded that permission already, is_adviser would ask for the groups again.
    if case is None or case.pk is None or not user.has_perm("cooperations.change_cooperation"):
        return None
    # No query of its own: the case page's query count is pinned (tests/backoffice).
    return {"url": reverse("dossier:case-zip", args=[case.pk])}


def desk_dossier_exports(user: User | AnonymousUser) -> list[DossierExport] | None:
    """The start page (templates/dossier/_desk_card.html): the three newest batch exports
    with their progress; None for who may not see them (no card at all)."""
    if not user.has_perm("dossier.view_dossierexport"):
        return None
    return list(DossierExport.objects.select_related("requested_by").order_by("-created_at", "-pk")[:3])
