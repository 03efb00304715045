"""Payment requests and proofs of use through their services: at most what is still
free, two requests for the last euro with exactly one winner, a proof only after a
payment, the adviser's decisions booked and mailed, the overdue reminder once."""

from __future__ import annotations

import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from accounts.models import User
from cooperations.models import Cooperation, Document
from core.models import OutboxMail
from funding.grantee import services
from funding.models import ClaimStatus, Disbursement, Grant, PaymentRequest, ProofOfUse
from tests.funding.grantee_helpers import grant_of, pdf

pytestmark = pytest.mark.django_db


def test_a_request_up_to_the_remaining_amount_is_accepted_with_its_attachments(
    case_kassel: Cooperation, anna: User, clara: User
) -> None:
    Cooperation.objects.filter(pk=case_kassel.pk).update(adviser=clara)
    grant = grant_of(case_kassel, paid="20000")
    request = services.payment_request_submit(
        grant=grant, amount=Decimal("40000.00"), purpose="Rechnung Studie", actor=anna, uploads=[pdf()]
    )
    assert request.status == ClaimStatus.SUBMITTED
    (document,) = request.documents.all()
    assert document.cooperation_id == case_kassel.pk and document.original_name == "rechnung.pdf"
    assert services.grant_money(grant) == (Decimal("20000"), Decimal("40000"), Decimal("0"))
    mail = OutboxMail.objects.get(to=clara.email)
    assert "Mittelabruf eingegangen" in mail.subject and "40.000,00 €" in mail.body


def test_a_request_above_what_is_free_is_refused_in_german(case_kassel: Cooperation, anna: User) -> None:
    grant = grant_of(case_kassel, paid="20000")
    services.payment_request_submit(grant=grant, amount=Decimal("30000"), purpose="erster Abruf", actor=anna)
    with pytest.raises(ValidationError) as refused:
        services.payment_request_submit(
            grant=grant, amount=Decimal("10000.01"), purpose="zweiter", actor=anna
        )
    assert refused.value.message_dict["amount"] == [
        "Sie können höchstens 10.000,00 € abrufen: bewilligt sind 60.000,00 €, ausgezahlt 20.000,00 €"
        " und schon abgerufen, aber noch in Prüfung 30.000,00 €."
    ]
    assert PaymentRequest.objects.count() == 1


@pytest.mark.parametrize("status", [Grant.Status.APPLIED, Grant.Status.CLOSED, Grant.Status.PROOF_SUBMITTED])
def test_no_request_from_a_grant_not_open_for_payments(
    case_kassel: Cooperation, anna: User, status: str
) -> None:
    grant = grant_of(case_kassel, status=status)
    with pytest.raises(ValidationError, match="keine Mittel abrufen"):
        services.payment_request_submit(grant=grant, amount=Decimal("1"), purpose="x", actor=anna)


@pytest.mark.django_db(transaction=True)
def test_two_requests_racing_for_the_last_euro_exactly_one_wins(case_kassel: Cooperation, anna: User) -> None:
    grant = grant_of(case_kassel, approved="60000.00", paid="59999.00")
    first_in = threading.Event()
    second_done = threading.Event()
    outcomes: dict[str, str] = {}

    def first() -> None:
        try:
            with transaction.atomic():
                services.payment_request_submit(grant=grant, amount=Decimal("1.00"), purpose="A", actor=anna)
                first_in.set()
                # Hold the transaction open while the second request runs: with the grant's row
                # lock it waits for this commit (the wait runs out); without the lock it would
                # read the euro as free and finish at once.
                second_done.wait(timeout=2)
            outcomes["first"] = "ok"
        finally:
            connection.close()

    def second() -> None:
        try:
            first_in.wait(timeout=30)
            services.payment_request_submit(grant=grant, amount=Decimal("1.00"), purpose="B", actor=anna)
            outcomes["second"] = "ok"
        except ValidationError as exc:
            outcomes["second"] = exc.messages[0]
        finally:
            second_done.set()
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert outcomes["first"] == "ok"
    assert outcomes["second"].startswith("Sie können höchstens 0,00 € abrufen")
    assert list(PaymentRequest.objects.values_list("purpose", flat=True)) == ["A"]


def test_approving_books_the_payment_and_tells_the_municipality(
    case_kassel: Cooperation, anna: User, clara: User
) -> None:
    grant = grant_of(case_kassel)
    request = services.payment_request_submit(
        grant=grant, amount=Decimal("25000"), purpose="Studie", actor=anna
    )
    services.payment_request_approve(payment_request=request, actor=clara, paid_on=dt.date(2026, 12, 10))
    request.refresh_from_db()
    grant.refresh_from_db()
    assert request.status == ClaimStatus.APPROVED and request.decided_by == clara
    assert request.disbursement == Disbursement.objects.get(grant=grant, amount=Decimal("25000"))
    assert grant.status == Grant.Status.PAID
    mail = OutboxMail.objects.get(to=anna.email)
    assert "angenommen" in mail.subject
    assert "25.000,00 €" in mail.body and "10.12.2026" in mail.body
    # A second click on „annehmen“ books nothing more.
    with pytest.raises(ValidationError, match="schon entschieden"):
        services.payment_request_approve(payment_request=request, actor=clara)
    assert Disbursement.objects.filter(grant=grant).count() == 1


def test_an_approval_never_pays_above_the_approved_amount(
    case_kassel: Cooperation, anna: User, clara: User
) -> None:
    grant = grant_of(case_kassel)
    request = services.payment_request_submit(
        grant=grant, amount=Decimal("50000"), purpose="Studie", actor=anna
    )
    # Meanwhile the adviser books a payment by hand on the grant page.
    from funding.services import disbursement_create

    disbursement_create(grant=grant, date=dt.date(2026, 5, 1), amount=Decimal("20000"), actor=clara)
    with pytest.raises(ValidationError, match="übersteigen"):
        services.payment_request_approve(payment_request=request, actor=clara)
    request.refresh_from_db()
    assert request.status == ClaimStatus.SUBMITTED
    assert Disbursement.objects.filter(grant=grant).count() == 1


def test_a_returned_request_carries_its_reason_to_the_municipality(
    case_kassel: Cooperation, anna: User, clara: User
) -> None:
    grant = grant_of(case_kassel)
    request = services.payment_request_submit(
        grant=grant, amount=Decimal("1000"), purpose="Studie", actor=anna
    )
    with pytest.raises(ValidationError):
        services.payment_request_return(payment_request=request, actor=clara, reason="  ")
    services.payment_request_return(payment_request=request, actor=clara, reason="Rechnung fehlt")
    request.refresh_from_db()
    assert request.status == ClaimStatus.RETURNED
    assert services.grant_money(grant)[2] == Decimal("60000")  # the amount is free again
    mail = OutboxMail.objects.get(to=anna.email)
    assert "zurückgegeben" in mail.subject and "Rechnung fehlt" in mail.body


def test_a_proof_of_use_for_a_grant_not_yet_paid_is_refused(case_kassel: Cooperation, anna: User) -> None:
    grant = grant_of(case_kassel)
    with pytest.raises(ValidationError) as refused:
        services.proof_of_use_submit(
            grant=grant, report="Bericht", total_costs=Decimal("1"), grant_used=Decimal("0"), actor=anna
        )
    assert refused.value.messages == [services.PROOF_NOT_PAID]
    assert not ProofOfUse.objects.exists()


def test_a_proof_of_use_cannot_claim_more_than_was_paid(case_kassel: Cooperation, anna: User) -> None:
    grant = grant_of(case_kassel, paid="30000")
    with pytest.raises(ValidationError) as refused:
        services.proof_of_use_submit(
            grant=grant,
            report="Bericht",
            total_costs=Decimal("90000"),
            grant_used=Decimal("30000.01"),
            actor=anna,
        )
    assert refused.value.message_dict["grant_used"] == [
        "Aus der Zuwendung können höchstens die ausgezahlten 30.000,00 € verwendet worden sein."
    ]


def test_a_proof_of_use_is_received_accepted_and_closes_the_grant(
    case_kassel: Cooperation, anna: User, clara: User
) -> None:
    grant = grant_of(case_kassel, paid="60000", proof_of_use_due=dt.date(2026, 6, 30))
    proof = services.proof_of_use_submit(
        grant=grant,
        report="Bauhof gemeinsam betrieben",
        total_costs=Decimal("80000"),
        grant_used=Decimal("60000"),
        actor=anna,
        uploads=[pdf("belegliste.pdf")],
    )
    grant.refresh_from_db()
    assert grant.status == Grant.Status.PROOF_SUBMITTED and grant.proof_of_use_received_on is not None
    assert proof.documents.get().kind == Document.Kind.PROOF
    assert proof.own_share == Decimal("20000")
    with pytest.raises(ValidationError, match="schon ein Verwendungsnachweis"):
        services.proof_of_use_submit(
            grant=grant, report="nochmal", total_costs=Decimal("1"), grant_used=Decimal("0"), actor=anna
        )
    services.proof_of_use_accept(proof=proof, actor=clara)
    grant.refresh_from_db()
    assert grant.status == Grant.Status.CLOSED
    assert grant.history.first().history_user == clara  # type: ignore[union-attr]
    assert "Förderung ist damit abgeschlossen" in OutboxMail.objects.get(to=anna.email).body


def test_a_returned_proof_of_use_is_due_again(case_kassel: Cooperation, anna: User, clara: User) -> None:
    grant = grant_of(case_kassel, paid="60000", proof_of_use_due=dt.date(2026, 6, 30))
    proof = services.proof_of_use_submit(
        grant=grant, report="Bericht", total_costs=Decimal("60000"), grant_used=Decimal("60000"), actor=anna
    )
    services.proof_of_use_return(proof=proof, actor=clara, reason="Belege fehlen")
    grant.refresh_from_db()
    assert grant.status == Grant.Status.PAID and grant.proof_of_use_received_on is None
    again = services.proof_of_use_submit(
        grant=grant,
        report="mit Belegen",
        total_costs=Decimal("60000"),
        grant_used=Decimal("60000"),
        actor=anna,
    )
    assert again.status == ClaimStatus.SUBMITTED


def test_an_overdue_proof_of_use_is_reminded_once_and_again_two_weeks_later(
    case_kassel: Cooperation, anna: User, settings: object
) -> None:
    grant_of(case_kassel, paid="10000", proof_of_use_due=dt.date(2026, 11, 30))
    grant_of(case_kassel, paid="10000", proof_of_use_due=dt.date(2026, 12, 31))  # not yet due
    today = dt.date(2026, 12, 5)
    assert services.proof_of_use_remind_overdue(today=today) == 1
    mail = OutboxMail.objects.get(to=anna.email)
    assert "Verwendungsnachweis" in mail.subject and "30.11.2026" in mail.body
    assert services.proof_of_use_remind_overdue(today=today + dt.timedelta(days=1)) == 0
    assert services.proof_of_use_remind_overdue(today=today + dt.timedelta(days=14)) == 1
    assert OutboxMail.objects.filter(to=anna.email).count() == 2


def test_the_beat_schedule_runs_the_reminder_task(settings: object) -> None:
    from django.conf import settings as conf

    from funding.tasks import remind_overdue_proofs

    assert conf.CELERY_BEAT_SCHEDULE["funding-proof-reminders"]["task"] == remind_overdue_proofs.name
