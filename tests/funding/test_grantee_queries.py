"""The lists of payment requests and proofs of use cost the same number of queries for
2 rows as for 20: the adviser's changelists, the start page and the case page's box."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from cooperations.models import Cooperation
from funding.grantee import services
from funding.grantee.selectors import grant_claims
from funding.models import Grant
from tests.funding.grantee_helpers import grant_of, pdf

pytestmark = pytest.mark.django_db


def claims(grant: Grant, anna: User, n: int) -> None:
    for i in range(n):
        services.payment_request_submit(
            grant=grant, amount=Decimal("100"), purpose=f"Abruf {i}", actor=anna, uploads=[pdf()]
        )


def queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "url_name",
    ["admin:funding_paymentrequest_changelist", "admin:funding_proofofuse_changelist", "admin:index"],
)
def test_the_advisers_lists_do_not_grow_with_rows(
    adviser: Client, case_kassel: Cooperation, anna: User, url_name: str
) -> None:
    grant = grant_of(case_kassel, approved="1000000")
    claims(grant, anna, 2)
    url = reverse(url_name)
    queries(adviser, url)  # warm the session and the content-type cache
    few = queries(adviser, url)
    claims(grant, anna, 18)
    assert queries(adviser, url) == few


def test_the_case_pages_grant_box_reads_in_four_queries(case_kassel: Cooperation, anna: User) -> None:
    grant = grant_of(case_kassel, approved="1000000", paid="1000")
    claims(grant, anna, 12)
    services.proof_of_use_submit(
        grant=grant, report="Bericht", total_costs=Decimal("1000"), grant_used=Decimal("1000"), actor=anna
    )
    request = RequestFactory().get("/")
    request.municipality_ids = [case_kassel.lead_municipality_id]  # type: ignore[attr-defined]
    with CaptureQueriesContext(connection) as ctx:
        found = grant_claims(request, case_kassel)
    # 1. the case's payment requests, 2. their attachments, 3. the proofs of use,
    # 4. their attachments – however many requests there are.
    assert len(ctx.captured_queries) == 4
    assert len(found.requests[grant.pk]) == 12 and found.may_act


def test_the_start_pages_open_requests_and_proofs_come_from_their_indexes() -> None:
    from funding.grantee.selectors import open_payment_requests, open_proofs
    from tests.plans import plan_with_only

    requests = open_payment_requests().values("pk")[:10]
    assert "payment_request_open" in plan_with_only(requests, "payment_request_open")
    proofs = open_proofs().values("pk")[:10]
    assert "proof_of_use_open" in plan_with_only(proofs, "proof_of_use_open")
