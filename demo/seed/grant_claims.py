"""Demo data of the payment requests and proofs of use (issue 16, part 0), through the
services: on the demo Kassel user's open grant an approved request (booked), a returned
one and two open ones; and one grant whose proof of use is overdue, for the adviser's
start page and the reminder. Idempotent (a grant that has requests is left alone) and
deterministic (amounts from the approved amount, dates from `today`)."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_DOWN, Decimal
from typing import TYPE_CHECKING

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from funding import services as funding_services
from funding.grantee import services
from funding.models import ClaimStatus, Grant, PaymentRequest

if TYPE_CHECKING:
    from accounts.models import User

# A one-page PDF that passes the upload check (magic bytes), as an invoice.
INVOICE = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
OPEN_STATES = (Grant.Status.APPROVED, Grant.Status.PAID)


def _share(free: Decimal, pct: str) -> Decimal:
    """A part of what is still free to request, in whole hundreds of euro."""
    return (free * Decimal(pct) / 100 / 100).quantize(Decimal("1"), rounding=ROUND_DOWN) * 100


def _backdate(request: PaymentRequest, when: dt.date) -> None:
    # The service stamped "now"; the demo tells a story over the last weeks.
    moment = timezone.make_aware(dt.datetime.combine(when, dt.time(10, 30)))
    PaymentRequest.objects.filter(pk=request.pk).update(created_at=moment, updated_at=moment)


def seed(*, today: dt.date, municipal: User, adviser: User) -> dict[str, str]:
    from contacts.models import Membership

    own = Membership.objects.confirmed().filter(user=municipal).values_list("municipality_id", flat=True)
    grant = (
        Grant.objects.filter(
            cooperation__lead_municipality_id__in=own, status__in=OPEN_STATES, approved_amount__gt=0
        )
        .order_by("pk")
        .first()
    )
    if grant is not None and not grant.payment_requests.exists():
        _, _, free = services.grant_money(grant)
        plan = [
            ("Rechnung des Beratungsbüros für die Machbarkeitsstudie", _share(free, "30"), 40),
            ("Anschaffung gemeinsamer Software (Angebot liegt bei)", _share(free, "25"), 20),
            ("Personalkosten der Projektstelle, erstes Halbjahr", _share(free, "20"), 6),
            ("Honorar für die Moderation der Partnerrunden", _share(free, "10"), 2),
        ]
        if all(amount > 0 for _, amount, _ in plan):
            made = []
            for purpose, amount, days_ago in plan:
                request = services.payment_request_submit(
                    grant=grant,
                    amount=amount,
                    purpose=purpose,
                    actor=municipal,
                    uploads=[SimpleUploadedFile("Rechnung.pdf", INVOICE, content_type="application/pdf")],
                )
                _backdate(request, today - dt.timedelta(days=days_ago))
                made.append(request)
            services.payment_request_approve(
                payment_request=made[0], actor=adviser, paid_on=today - dt.timedelta(days=35)
            )
            services.payment_request_return(
                payment_request=made[1],
                actor=adviser,
                reason="Bitte reichen Sie die Rechnung statt des Angebots ein.",
            )
    overdue = Grant.objects.filter(
        status__in=OPEN_STATES, proof_of_use_due__lt=today, proof_of_use_received_on__isnull=True
    )
    if not overdue.exists():
        # A paid grant of another municipality whose proof of use is six weeks late.
        late = (
            Grant.objects.filter(status=Grant.Status.PAID, proof_of_use_received_on__isnull=True)
            .exclude(pk=grant.pk if grant else 0)
            .order_by("pk")
            .first()
        )
        if late is not None:
            late.proof_of_use_due = today - dt.timedelta(days=42)
            funding_services.grant_update(grant=late, actor=adviser)
    open_requests = PaymentRequest.objects.filter(status=ClaimStatus.SUBMITTED).count()
    return {
        "Mittelabrufe offen": str(open_requests),
        "Verwendungsnachweise überfällig": str(overdue.count()),
    }
