"""The payment request and proof of use pages: the lead municipality sees the grant
with its money and acts; a partner sees it read-only and is refused on the forms;
another municipality gets a 404; bad input comes back in German with what was typed.
The adviser decides in the back office, opens the attachments through the audited
download, and finds the open ones on the start page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import AuditEvent, User
from contacts.models import Municipality
from cooperations.models import Cooperation
from core.models import OutboxMail
from funding.grantee import services
from funding.models import ClaimStatus, Disbursement, Grant, PaymentRequest, ProofOfUse
from tests.funding.grantee_helpers import grant_of, member_of, pdf

pytestmark = pytest.mark.django_db


def client_of(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def request_url(case: Cooperation, grant: Grant) -> str:
    return reverse("grantee:payment-request", args=[case.pk, grant.pk])


def proof_url(case: Cooperation, grant: Grant) -> str:
    return reverse("grantee:proof-of-use", args=[case.pk, grant.pk])


def test_the_lead_municipality_sees_its_grant_money_and_may_request(
    case_kassel: Cooperation, anna: User
) -> None:
    grant = grant_of(case_kassel, paid="20000", proof_of_use_due=dt.date(2027, 6, 30))
    page = client_of(anna).get(reverse("cooperations:case-detail", args=[case_kassel.pk])).content.decode()
    assert "60.000,00 €" in page and "20.000,00 €" in page and "40.000,00 €" in page
    assert "30.06.2027" in page
    assert request_url(case_kassel, grant) in page and proof_url(case_kassel, grant) in page


def test_a_partner_sees_the_grant_read_only_and_is_refused_on_the_forms(
    case_kassel: Cooperation, kuenzell: Municipality
) -> None:
    grant = grant_of(case_kassel, paid="20000")
    partner = client_of(member_of(kuenzell, "paula@kuenzell.de"))
    page = partner.get(reverse("cooperations:case-detail", args=[case_kassel.pk])).content.decode()
    assert "60.000,00 €" in page
    assert request_url(case_kassel, grant) not in page
    assert "kann die federführende Kommune" in page
    assert partner.get(request_url(case_kassel, grant)).status_code == 403
    response = partner.post(request_url(case_kassel, grant), {"amount": "1,00", "purpose": "x"})
    assert response.status_code == 403
    assert partner.post(proof_url(case_kassel, grant), {"report": "x"}).status_code == 403
    assert not PaymentRequest.objects.exists()


def test_another_municipality_gets_a_404(case_kassel: Cooperation, bernd: User) -> None:
    grant = grant_of(case_kassel)
    assert client_of(bernd).get(request_url(case_kassel, grant)).status_code == 404


def test_a_grant_of_another_case_is_a_404(
    case_kassel: Cooperation, case_fulda: Cooperation, anna: User
) -> None:
    other = grant_of(case_fulda)
    assert client_of(anna).get(request_url(case_kassel, other)).status_code == 404


@pytest.mark.parametrize("who", ["hanna", "clara", "dieter"])
def test_staff_and_ministry_are_refused(
    case_kassel: Cooperation, who: str, request: pytest.FixtureRequest
) -> None:
    grant = grant_of(case_kassel)
    user = request.getfixturevalue(who)
    assert client_of(user).get(request_url(case_kassel, grant)).status_code == 403


def test_a_payment_request_is_sent_with_an_attachment(case_kassel: Cooperation, anna: User) -> None:
    grant = grant_of(case_kassel)
    client = client_of(anna)
    response = client.post(
        request_url(case_kassel, grant),
        {"amount": "12.500,50", "purpose": "Rechnung der Machbarkeitsstudie", "attachments": [pdf()]},
    )
    assert response.status_code == 302
    request = PaymentRequest.objects.get()
    assert request.amount == Decimal("12500.50") and request.submitted_by == anna
    assert request.documents.get().original_name == "rechnung.pdf"
    page = client.get(response["Location"]).content.decode()
    assert "Ihr Mittelabruf über 12.500,50 € ist eingegangen." in page
    assert "eingereicht, in Prüfung" in page


def test_a_request_above_the_remaining_amount_keeps_what_was_typed(
    case_kassel: Cooperation, anna: User
) -> None:
    grant = grant_of(case_kassel, paid="50000")
    response = client_of(anna).post(
        request_url(case_kassel, grant),
        {"amount": "10.000,01", "purpose": "Honorar Gutachter", "attachments": [pdf()]},
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "Sie können höchstens 10.000,00 € abrufen" in page
    assert "Honorar Gutachter" in page and 'value="10.000,01"' in page
    assert "bitte wählen Sie Ihre Anhänge erneut aus" in page
    assert not PaymentRequest.objects.exists()


def test_a_bad_amount_and_a_missing_purpose_are_named(case_kassel: Cooperation, anna: User) -> None:
    grant = grant_of(case_kassel)
    response = client_of(anna).post(request_url(case_kassel, grant), {"amount": "zwölf", "purpose": ""})
    page = response.content.decode()
    assert response.status_code == 422
    assert "„zwölf“ ist kein Betrag" in page
    assert "Bitte beschreiben Sie, wofür Sie die Mittel abrufen." in page


def test_a_proof_of_use_for_an_unpaid_grant_is_refused_and_the_report_kept(
    case_kassel: Cooperation, anna: User
) -> None:
    grant = grant_of(case_kassel)
    response = client_of(anna).post(
        proof_url(case_kassel, grant),
        {"report": "Der Bauhof arbeitet gemeinsam.", "total_costs": "70.000,00", "grant_used": "0"},
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "Ein Verwendungsnachweis ist erst möglich, wenn Mittel ausgezahlt sind." in page
    assert "Der Bauhof arbeitet gemeinsam." in page and 'value="70.000,00"' in page
    assert not ProofOfUse.objects.exists()


def test_a_proof_of_use_is_submitted(case_kassel: Cooperation, anna: User) -> None:
    grant = grant_of(case_kassel, paid="60000")
    response = client_of(anna).post(
        proof_url(case_kassel, grant),
        {
            "report": "Der Bauhof arbeitet gemeinsam.",
            "total_costs": "75.000,00",
            "grant_used": "60.000,00",
            "attachments": [pdf("belegliste.pdf"), pdf("beschluss.pdf")],
        },
    )
    assert response.status_code == 302
    proof = ProofOfUse.objects.get()
    assert proof.documents.count() == 2
    grant.refresh_from_db()
    assert grant.status == Grant.Status.PROOF_SUBMITTED


# --- the adviser ---------------------------------------------------------------------


@pytest.fixture
def open_request(case_kassel: Cooperation, anna: User) -> PaymentRequest:
    grant = grant_of(case_kassel)
    return services.payment_request_submit(
        grant=grant, amount=Decimal("25000"), purpose="Studie", actor=anna, uploads=[pdf()]
    )


def decide_url(claim: PaymentRequest | ProofOfUse) -> str:
    name = "paymentrequest" if isinstance(claim, PaymentRequest) else "proofofuse"
    return reverse(f"admin:funding_{name}_decide", args=[claim.pk])


def test_the_adviser_finds_open_requests_on_the_start_page_and_the_grant_page(
    adviser: Client, open_request: PaymentRequest
) -> None:
    start = adviser.get(reverse("admin:index")).content.decode()
    assert "Mittelabrufe und Verwendungsnachweise prüfen" in start
    assert decide_url(open_request) in start and "25.000,00 €" in start
    grant_page = adviser.get(
        reverse("admin:funding_grant_change", args=[open_request.grant_id])
    ).content.decode()
    assert decide_url(open_request) in grant_page


def test_the_eingang_lists_open_requests_and_proofs_oldest_first_for_who_decides_them(
    adviser: Client,
    budget_adviser: Client,
    clara: User,
    open_request: PaymentRequest,
    case_kassel: Cooperation,
    anna: User,
) -> None:
    paid = grant_of(case_kassel, approved="40000.00", paid="40000.00")
    proof = services.proof_of_use_submit(
        grant=paid,
        report="Sachbericht",
        total_costs=Decimal("50000"),
        grant_used=Decimal("40000"),
        actor=anna,
    )
    # the proof came in first
    ProofOfUse.objects.filter(pk=proof.pk).update(created_at=open_request.created_at - dt.timedelta(days=2))
    eingang = reverse("admin:cooperations_cooperation_triage")

    page = adviser.get(eingang).content.decode()

    assert "Mittelabrufe und Verwendungsnachweise (2), älteste zuerst" in page
    assert page.index(decide_url(proof)) < page.index(decide_url(open_request))
    assert "25.000,00 €" in page and "davon Zuwendung 40.000,00 €" in page
    # decided: out of the queue
    services.proof_of_use_accept(proof=proof, actor=clara)
    assert decide_url(proof) not in adviser.get(eingang).content.decode()
    # the budget adviser decides neither and does not see them
    assert "Mittelabrufe und Verwendungsnachweise" not in budget_adviser.get(eingang).content.decode()


def test_the_adviser_opens_the_attachment_through_the_audited_download(
    adviser: Client, open_request: PaymentRequest
) -> None:
    page = adviser.get(decide_url(open_request)).content.decode()
    document = open_request.documents.get()
    link = reverse("admin:cooperations_document_download", args=[document.pk])
    assert link in page
    response = adviser.get(link)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")  # type: ignore[attr-defined]
    assert AuditEvent.objects.filter(detail__what="document_download", detail__document=document.pk).exists()


def test_the_adviser_approves_and_the_payment_is_booked(
    adviser: Client, open_request: PaymentRequest, anna: User
) -> None:
    response = adviser.post(decide_url(open_request), {"decision": "annehmen", "paid_on": "10.12.2026"})
    assert response.status_code == 302
    open_request.refresh_from_db()
    assert open_request.status == ClaimStatus.APPROVED
    assert Disbursement.objects.get().date == dt.date(2026, 12, 10)
    assert OutboxMail.objects.filter(to=anna.email, subject__contains="angenommen").exists()
    page = adviser.get(response["Location"]).content.decode()
    assert "25.000,00 € sind als Auszahlung gebucht" in page


def test_returning_without_a_reason_is_refused(adviser: Client, open_request: PaymentRequest) -> None:
    response = adviser.post(decide_url(open_request), {"decision": "zurueckgeben", "reason": ""})
    assert response.status_code == 422
    assert services.RETURN_REASON_MISSING in response.content.decode()
    open_request.refresh_from_db()
    assert open_request.status == ClaimStatus.SUBMITTED


def test_the_budget_adviser_may_not_decide(budget_adviser: Client, open_request: PaymentRequest) -> None:
    assert budget_adviser.get(decide_url(open_request)).status_code == 403
    assert budget_adviser.post(decide_url(open_request), {"decision": "annehmen"}).status_code == 403
    open_request.refresh_from_db()
    assert open_request.status == ClaimStatus.SUBMITTED
