"""Reads of the payment requests and proofs of use: the grant box on the municipality's
case page, the access rule of the forms, and the adviser's queue. Nothing here writes."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import DecimalField, Prefetch, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest
from django.utils import timezone

from ..models import ClaimStatus, Grant, PaymentRequest, ProofOfUse

if TYPE_CHECKING:
    from accounts.models import User
    from cooperations.models import Cooperation

MONEY = DecimalField(max_digits=14, decimal_places=2)
DESK_LIMIT = 10
NOT_LEAD = (
    "Mittel abrufen und den Verwendungsnachweis einreichen kann nur die federführende Kommune "
    "({lead}). Sie sehen die Förderung nur zur Information."
)
GRANT_GONE = "Diese Förderung gehört nicht zu diesem Vorgang."


def is_lead_member(request: HttpRequest, case: Cooperation) -> bool:
    """The user acts for the case's lead municipality (the only one that requests money)."""
    return case.lead_municipality_id in (getattr(request, "municipality_ids", None) or [])


@dataclass(frozen=True)
class GrantClaims:
    """What the case page shows of the grants' requests and proofs (by grant id)."""

    may_act: bool
    requests: dict[int, list[PaymentRequest]]
    proofs: dict[int, list[ProofOfUse]]
    pending: dict[int, Decimal]

    def for_grant(self, grant: Grant) -> dict[str, Any]:
        pending = self.pending.get(grant.pk, Decimal("0"))
        remaining = getattr(grant, "remaining", None)
        available = max(remaining - pending, Decimal("0")) if remaining is not None else None
        proofs = self.proofs.get(grant.pk, [])
        return {
            "requests": self.requests.get(grant.pk, []),
            "proofs": proofs,
            "pending": pending,
            "available": available,
            "can_request": self.may_act
            and grant.status in (Grant.Status.APPROVED, Grant.Status.PAID)
            and bool(available),
            "can_prove": self.may_act and grant.status == Grant.Status.PAID,
            "proof_overdue": grant.status in (Grant.Status.APPROVED, Grant.Status.PAID)
            and grant.proof_of_use_due is not None
            and grant.proof_of_use_received_on is None
            and grant.proof_of_use_due < timezone.localdate(),
        }


def grant_claims(request: HttpRequest, case: Cooperation) -> GrantClaims:
    """The requests and proofs of the case's grants with their attachments: four queries."""
    documents = Prefetch("documents", to_attr="attachments")
    requests: dict[int, list[PaymentRequest]] = {}
    pending: dict[int, Decimal] = {}
    for r in (
        PaymentRequest.objects.filter(grant__cooperation=case)
        .prefetch_related(documents)
        .order_by("-created_at", "-pk")
    ):
        requests.setdefault(r.grant_id, []).append(r)
        if r.status == ClaimStatus.SUBMITTED:
            pending[r.grant_id] = pending.get(r.grant_id, Decimal("0")) + r.amount
    proofs: dict[int, list[ProofOfUse]] = {}
    for p in (
        ProofOfUse.objects.filter(grant__cooperation=case)
        .prefetch_related(documents)
        .order_by("-created_at", "-pk")
    ):
        proofs.setdefault(p.grant_id, []).append(p)
    return GrantClaims(is_lead_member(request, case), requests, proofs, pending)


def grant_for_lead(request: HttpRequest, case: Cooperation, grant_pk: int) -> Grant:
    """The grant of a case the user already may see (get_case_for_user), for a form of
    the lead municipality: another case's grant is a 404, a partner is refused (403)."""
    grant = (
        Grant.objects.filter(cooperation=case, pk=grant_pk)
        .annotate(paid=Coalesce(Sum("disbursements__amount"), Value(Decimal("0")), output_field=MONEY))
        .select_related("programme", "cooperation__lead_municipality")
        .first()
    )
    if grant is None:
        raise Http404(GRANT_GONE)
    if not is_lead_member(request, case):
        raise PermissionDenied(NOT_LEAD.format(lead=case.lead_municipality.display_name))
    return grant


def open_payment_requests() -> QuerySet[PaymentRequest]:
    return (
        PaymentRequest.objects.filter(status=ClaimStatus.SUBMITTED)
        .select_related("grant__cooperation")
        .order_by("created_at", "pk")
    )


def open_proofs() -> QuerySet[ProofOfUse]:
    return (
        ProofOfUse.objects.filter(status=ClaimStatus.SUBMITTED)
        .select_related("grant__cooperation")
        .order_by("created_at", "pk")
    )


def may_decide(user: User) -> bool:
    return user.has_perm("funding.change_paymentrequest")


def queue(limit: int) -> list[dict[str, Any]]:
    """The Eingang: requests and proofs waiting for a decision, oldest first (two
    bounded queries); each row says which of the two it is."""
    rows: list[dict[str, Any]] = [
        *({"claim": r, "is_request": True} for r in open_payment_requests()[:limit]),
        *({"claim": p, "is_request": False} for p in open_proofs()[:limit]),
    ]
    return sorted(rows, key=lambda row: row["claim"].created_at)[:limit]


def desk_entries(user: User) -> dict[str, Any]:
    """The adviser's start page: requests and proofs waiting for a decision (four
    bounded queries), for who may decide them."""
    if not may_decide(user):
        return {}
    requests, proofs = open_payment_requests(), open_proofs()
    return {
        "grant_claims": {
            "requests": list(requests[:DESK_LIMIT]),
            "requests_count": requests.count(),
            "proofs": list(proofs[:DESK_LIMIT]),
            "proofs_count": proofs.count(),
        }
    }
