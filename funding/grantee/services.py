"""Writes of the municipality's payment requests and proofs of use, and the adviser's
decisions on them. Every function is one transaction with the history's acting user;
mails go through the outbox after the commit.

The race for the last euro: a request is checked against what is still free – approved
minus paid minus the requests still in review – under the grant's row lock (the same
lock funding.services.disbursements_record takes), so of two requests for the last
euro exactly one is accepted. The approval books the payment through that service,
which checks again that the payments never pass the approved amount."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone

from backoffice.money import euro_text

from .. import services as funding_services
from ..models import ClaimStatus, Grant, PaymentRequest, ProofOfUse, ProofReminder

if TYPE_CHECKING:
    from accounts.models import User

REQUEST_ABOVE_AVAILABLE = (
    "Sie können höchstens {available} abrufen: bewilligt sind {approved}, ausgezahlt {paid}."
)
REQUEST_ABOVE_AVAILABLE_PENDING = (
    "Sie können höchstens {available} abrufen: bewilligt sind {approved}, ausgezahlt {paid}"
    " und schon abgerufen, aber noch in Prüfung {pending}."
)
REQUEST_NOT_POSITIVE = "Der Betrag muss größer als 0,00 € sein."
REQUEST_PURPOSE_MISSING = "Bitte beschreiben Sie, wofür Sie die Mittel abrufen."
REQUEST_GRANT_CLOSED = (
    "Für diese Förderung können Sie keine Mittel abrufen: sie ist „{status}“. "
    "Mittel lassen sich nur aus einer bewilligten Förderung abrufen, deren Verwendungsnachweis noch aussteht."
)
PROOF_NOT_PAID = (
    "Ein Verwendungsnachweis ist erst möglich, wenn Mittel ausgezahlt sind. "
    "Für diese Förderung ist noch nichts ausgezahlt."
)
PROOF_ALREADY_OPEN = "Für diese Förderung liegt schon ein Verwendungsnachweis zur Prüfung vor."
PROOF_ALREADY_DONE = "Der Verwendungsnachweis dieser Förderung ist schon angenommen."
PROOF_REPORT_MISSING = "Bitte geben Sie den Sachbericht ein."
PROOF_USED_ABOVE_PAID = "Aus der Zuwendung können höchstens die ausgezahlten {paid} verwendet worden sein."
PROOF_USED_ABOVE_TOTAL = "Der Anteil aus der Zuwendung kann nicht größer sein als die Gesamtausgaben."
ALREADY_DECIDED = "Darüber wurde schon entschieden ({status})."
RETURN_REASON_MISSING = "Bitte geben Sie an, warum Sie die Einreichung zurückgeben."

TWO_PLACES = Decimal("0.01")


def grant_money(grant: Grant) -> tuple[Decimal, Decimal, Decimal]:
    """(paid, in review, still free to request) of an approved grant."""
    paid = funding_services.paid_amount(grant)
    pending = grant.payment_requests.filter(status=ClaimStatus.SUBMITTED).aggregate(s=Sum("amount"))[
        "s"
    ] or Decimal("0")
    approved = grant.approved_amount or Decimal("0")
    return paid, pending, max(approved - paid - pending, Decimal("0"))


def _municipal_recipients(grant: Grant, submitter: User | None) -> list[str]:
    """The confirmed members of the lead municipality and who submitted."""
    from contacts.models import Membership

    emails = set(
        Membership.objects.confirmed()
        .filter(municipality_id=grant.cooperation.lead_municipality_id, user__is_active=True)
        .values_list("user__email", flat=True)
    )
    if submitter is not None and submitter.is_active:
        emails.add(submitter.email)
    return sorted(emails)


def _adviser_recipients(grant: Grant) -> list[str]:
    from accounts.selectors import kikz_recipients

    case = grant.cooperation
    return [case.adviser.email] if case.adviser_id and case.adviser else kikz_recipients()


def _case_link(grant: Grant) -> str:
    site = settings.SITE_URL.rstrip("/")
    return site + reverse("cooperations:case-detail", args=[grant.cooperation_id]) + "#foerderung"


def _attach(
    *, claim: PaymentRequest | ProofOfUse, uploads: Sequence[UploadedFile], actor: User, kind: str
) -> None:
    from cooperations.services import document_add

    for upload in uploads:
        claim.documents.add(document_add(case=claim.grant.cooperation, upload=upload, actor=actor, kind=kind))


def _locked_grant(grant: Grant) -> Grant:
    return Grant.objects.select_for_update().select_related("cooperation").get(pk=grant.pk)


# --- the municipality ----------------------------------------------------------------


@transaction.atomic
def payment_request_submit(
    *, grant: Grant, amount: Decimal, purpose: str, actor: User, uploads: Sequence[UploadedFile] = ()
) -> PaymentRequest:
    from core.emails import send_templated_mail

    purpose = purpose.strip()
    errors: dict[str, str] = {}
    if amount is None or amount <= 0:
        errors["amount"] = REQUEST_NOT_POSITIVE
    if not purpose:
        errors["purpose"] = REQUEST_PURPOSE_MISSING
    if errors:
        raise ValidationError(errors)
    grant = _locked_grant(grant)
    if grant.status not in (Grant.Status.APPROVED, Grant.Status.PAID) or grant.approved_amount is None:
        raise ValidationError(REQUEST_GRANT_CLOSED.format(status=grant.get_status_display()))
    paid, pending, available = grant_money(grant)
    if amount > available:
        raise ValidationError(
            {
                "amount": (REQUEST_ABOVE_AVAILABLE_PENDING if pending else REQUEST_ABOVE_AVAILABLE).format(
                    available=euro_text(available),
                    approved=euro_text(grant.approved_amount),
                    paid=euro_text(paid),
                    pending=euro_text(pending),
                )
            }
        )
    request = PaymentRequest(
        grant=grant, amount=amount.quantize(TWO_PLACES), purpose=purpose, submitted_by=actor
    )
    request.full_clean()
    request._history_user = actor  # type: ignore[attr-defined]
    request.save()
    _attach(claim=request, uploads=uploads, actor=actor, kind="sonstiges")
    send_templated_mail(
        "grant_claim_notice",
        _adviser_recipients(grant),
        {
            "claim": request,
            "grant": grant,
            "case": grant.cooperation,
            "kind": "Mittelabruf",
            "link": _admin_link(request),
        },
    )
    return request


@transaction.atomic
def proof_of_use_submit(
    *,
    grant: Grant,
    report: str,
    total_costs: Decimal,
    grant_used: Decimal,
    actor: User,
    uploads: Sequence[UploadedFile] = (),
) -> ProofOfUse:
    from core.emails import send_templated_mail

    grant = _locked_grant(grant)
    paid = funding_services.paid_amount(grant)
    if grant.status == Grant.Status.CLOSED:
        raise ValidationError(PROOF_ALREADY_DONE)
    if (
        grant.status == Grant.Status.PROOF_SUBMITTED
        or grant.proofs_of_use.filter(status=ClaimStatus.SUBMITTED).exists()
    ):
        raise ValidationError(PROOF_ALREADY_OPEN)
    if grant.status != Grant.Status.PAID or paid <= 0:
        raise ValidationError(PROOF_NOT_PAID)
    report = report.strip()
    errors: dict[str, str] = {}
    if not report:
        errors["report"] = PROOF_REPORT_MISSING
    if grant_used > paid:
        errors["grant_used"] = PROOF_USED_ABOVE_PAID.format(paid=euro_text(paid))
    elif grant_used > total_costs:
        errors["grant_used"] = PROOF_USED_ABOVE_TOTAL
    if errors:
        raise ValidationError(errors)
    proof = ProofOfUse(
        grant=grant, report=report, total_costs=total_costs, grant_used=grant_used, submitted_by=actor
    )
    proof.full_clean()
    proof._history_user = actor  # type: ignore[attr-defined]
    try:
        with transaction.atomic():
            proof.save()
    except IntegrityError:  # proof_of_use_one_open: a second tab submitted meanwhile
        raise ValidationError(PROOF_ALREADY_OPEN) from None
    _attach(claim=proof, uploads=uploads, actor=actor, kind="nachweis")
    grant.status = Grant.Status.PROOF_SUBMITTED
    grant.proof_of_use_received_on = timezone.localdate()
    funding_services.grant_update(grant=grant, actor=actor)
    send_templated_mail(
        "grant_claim_notice",
        _adviser_recipients(grant),
        {
            "claim": proof,
            "grant": grant,
            "case": grant.cooperation,
            "kind": "Verwendungsnachweis",
            "link": _admin_link(proof),
        },
    )
    return proof


def _admin_link(claim: PaymentRequest | ProofOfUse) -> str:
    site = settings.SITE_URL.rstrip("/")
    name = "paymentrequest" if isinstance(claim, PaymentRequest) else "proofofuse"
    return site + reverse(f"admin:funding_{name}_change", args=[claim.pk])


# --- the adviser ---------------------------------------------------------------------


def _decided(claim: PaymentRequest | ProofOfUse, status: str, actor: User, reason: str = "") -> None:
    claim.status = status
    claim.decided_by = actor
    claim.decided_at = timezone.now()
    claim.return_reason = reason
    claim._history_user = actor  # type: ignore[union-attr]


def _tell_municipality(claim: PaymentRequest | ProofOfUse, kind: str) -> None:
    from core.emails import send_templated_mail

    grant = claim.grant
    send_templated_mail(
        "grant_claim_decided",
        _municipal_recipients(grant, claim.submitted_by),
        {"claim": claim, "grant": grant, "case": grant.cooperation, "kind": kind, "link": _case_link(grant)},
    )


def _lock_open[C: (PaymentRequest, ProofOfUse)](model: type[C], pk: int) -> C:
    claim = (
        model.objects.select_for_update(of=("self",))
        .select_related("grant__cooperation", "submitted_by")
        .get(pk=pk)
    )
    if claim.status != ClaimStatus.SUBMITTED:
        raise ValidationError(ALREADY_DECIDED.format(status=claim.get_status_display()))
    return claim


@transaction.atomic
def payment_request_approve(
    *, payment_request: PaymentRequest, actor: User, paid_on: dt.date | None = None
) -> PaymentRequest:
    """Approved: the payment is booked through funding.services (never above the
    approved amount) and the municipality hears of it."""
    claim = _lock_open(PaymentRequest, payment_request.pk)
    disbursement = funding_services.disbursement_create(
        grant=claim.grant,
        date=paid_on or timezone.localdate(),
        amount=claim.amount,
        note=f"Mittelabruf vom {timezone.localtime(claim.created_at):%d.%m.%Y}",
        actor=actor,
    )
    _decided(claim, ClaimStatus.APPROVED, actor)
    claim.disbursement = disbursement
    claim.save()
    _tell_municipality(claim, "Mittelabruf")
    return claim


@transaction.atomic
def payment_request_return(*, payment_request: PaymentRequest, actor: User, reason: str) -> PaymentRequest:
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": RETURN_REASON_MISSING})
    claim = _lock_open(PaymentRequest, payment_request.pk)
    _decided(claim, ClaimStatus.RETURNED, actor, reason)
    claim.save()
    _tell_municipality(claim, "Mittelabruf")
    return claim


@transaction.atomic
def proof_of_use_accept(*, proof: ProofOfUse, actor: User) -> ProofOfUse:
    """Accepted: the grant is closed (abgeschlossen)."""
    claim = _lock_open(ProofOfUse, proof.pk)
    _decided(claim, ClaimStatus.APPROVED, actor)
    claim.save()
    grant = _locked_grant(claim.grant)
    grant.status = Grant.Status.CLOSED
    funding_services.grant_update(grant=grant, actor=actor)
    _tell_municipality(claim, "Verwendungsnachweis")
    return claim


@transaction.atomic
def proof_of_use_return(*, proof: ProofOfUse, actor: User, reason: str) -> ProofOfUse:
    """Returned for rework: the grant counts as paid without a proof again, so an
    overdue date shows and reminds once more."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": RETURN_REASON_MISSING})
    claim = _lock_open(ProofOfUse, proof.pk)
    _decided(claim, ClaimStatus.RETURNED, actor, reason)
    claim.save()
    grant = _locked_grant(claim.grant)
    if grant.status == Grant.Status.PROOF_SUBMITTED:
        grant.status = Grant.Status.PAID
        grant.proof_of_use_received_on = None
        funding_services.grant_update(grant=grant, actor=actor)
    _tell_municipality(claim, "Verwendungsnachweis")
    return claim


# --- the daily reminder --------------------------------------------------------------


@transaction.atomic
def proof_of_use_remind_overdue(*, today: dt.date | None = None) -> int:
    """Mail the lead municipality of every grant whose proof of use is overdue, once,
    and again every IKZ_PROOF_REMINDER_DAYS while it stays overdue. The grants are
    locked (skipping those another run holds), so two runs never mail twice."""
    from core.emails import send_templated_mail

    today = today or timezone.localdate()
    again = today - dt.timedelta(days=settings.IKZ_PROOF_REMINDER_DAYS)
    due = (
        Grant.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(
            status__in=[Grant.Status.APPROVED, Grant.Status.PAID],
            proof_of_use_due__lt=today,
            proof_of_use_received_on__isnull=True,
        )
        .exclude(proof_reminder__sent_on__gt=again)
        .select_related("cooperation__lead_municipality")
        .order_by("pk")
    )
    sent = 0
    for grant in due:
        send_templated_mail(
            "proof_of_use_overdue",
            _municipal_recipients(grant, None),
            {"grant": grant, "case": grant.cooperation, "link": _case_link(grant)},
        )
        ProofReminder.objects.update_or_create(grant=grant, defaults={"sent_on": today})
        sent += 1
    return sent
