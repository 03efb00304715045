"""Every URL of the municipal portal × every role answers as the role allows: a
municipality's staff see their own cases; another municipality's case, message or
document answers 404 (never 403), so its existence does not leak."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from cooperations.models import Cooperation, Document, InquiryDraft

ROLES = ["anonymous", "udo", "anna", "bernd", "clara", "dieter"]

# url name -> expected status per role (anonymous, udo, anna, bernd, clara, dieter).
# 302: to the login (anonymous) or to "Meine Kommunen" (udo, not yet confirmed);
# 403: the office's own staff and the ministry do not use the municipal portal.
MATRIX: dict[str, tuple[int, ...]] = {
    "my-cases": (302, 302, 200, 200, 403, 403),
    "case-detail": (302, 302, 200, 404, 403, 403),
    "document-download": (302, 302, 200, 404, 403, 403),
    "inquiry-start": (302, 302, 200, 200, 403, 403),
    "inquiry-step": (302, 302, 200, 404, 403, 403),
    "inquiry-review": (302, 302, 200, 404, 403, 403),
    "inquiry-done": (302, 302, 302, 404, 403, 403),
    "budget-request": (302, 302, 200, 200, 403, 403),
    "memberships": (302, 200, 200, 200, 200, 200),
    "login": (200, 302, 302, 302, 302, 302),
    "signup": (200, 302, 302, 302, 302, 302),
    "password-reset": (200, 200, 200, 200, 200, 200),
    "mfa": (302, 200, 200, 200, 200, 200),
}


def _url(name: str, case: Cooperation, document: Document, draft: InquiryDraft) -> str:
    return {
        "my-cases": reverse("cooperations:my-cases"),
        "case-detail": reverse("cooperations:case-detail", args=[case.pk]),
        "document-download": reverse("cooperations:document-download", args=[case.pk, document.pk]),
        "inquiry-start": reverse("cooperations:inquiry-start"),
        "inquiry-step": reverse("cooperations:inquiry-step", args=[draft.token, "partner"]),
        "inquiry-review": reverse("cooperations:inquiry-review", args=[draft.token]),
        "inquiry-done": reverse("cooperations:inquiry-done", args=[draft.token]),
        "budget-request": reverse("budget_advice:request"),
        "memberships": reverse("accounts:memberships"),
        "login": reverse("account_login"),
        "signup": reverse("account_signup"),
        "password-reset": reverse("account_reset_password"),
        "mfa": reverse("mfa_index"),
    }[name]


@pytest.fixture
def cast(udo: User, anna: User, bernd: User, clara: User, dieter: User) -> dict[str, User | None]:
    return {"anonymous": None, "udo": udo, "anna": anna, "bernd": bernd, "clara": clara, "dieter": dieter}


@pytest.mark.parametrize("name", list(MATRIX))
@pytest.mark.parametrize("role", ROLES)
def test_each_portal_url_answers_each_role_as_allowed(
    name: str,
    role: str,
    cast: dict[str, Any],
    case_kassel: Cooperation,
    kassel_document: Document,
    anna_draft: InquiryDraft,
    client: Client,
) -> None:
    user = cast[role]
    if user is not None:
        client.force_login(user)
    response = client.get(_url(name, case_kassel, kassel_document, anna_draft))
    assert response.status_code == MATRIX[name][ROLES.index(role)]


def test_an_unconfirmed_user_is_sent_to_the_state_of_their_request(udo: User, client: Client) -> None:
    client.force_login(udo)
    response = client.get(reverse("cooperations:my-cases"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("accounts:memberships")
    assert "wartet auf Bestätigung" in response.content.decode()


def test_anonymous_users_are_asked_to_log_in(client: Client) -> None:
    response = client.get(reverse("cooperations:my-cases"))
    assert response["Location"].startswith(reverse("account_login"))


def test_another_municipalitys_message_post_answers_404_and_stores_nothing(
    bernd: User, case_kassel: Cooperation, client: Client
) -> None:
    client.force_login(bernd)
    response = client.post(reverse("cooperations:case-message", args=[case_kassel.pk]), {"body": "Hallo"})
    assert response.status_code == 404
    assert not case_kassel.messages.exists()


def test_another_municipalitys_document_upload_answers_404(
    bernd: User, case_kassel: Cooperation, client: Client
) -> None:
    from .conftest import pdf_upload

    client.force_login(bernd)
    response = client.post(
        reverse("cooperations:case-document-upload", args=[case_kassel.pk]),
        {"kind": "sonstiges", "file": pdf_upload()},
    )
    assert response.status_code == 404
    assert not case_kassel.documents.exists()


def test_a_document_of_one_case_cannot_be_fetched_through_another_case(
    bernd: User, case_fulda: Cooperation, kassel_document: Document, client: Client
) -> None:
    client.force_login(bernd)
    url = reverse("cooperations:document-download", args=[case_fulda.pk, kassel_document.pk])
    assert client.get(url).status_code == 404


def test_a_document_hidden_from_the_municipality_answers_404(
    anna: User, kassel_document: Document, client: Client
) -> None:
    kassel_document.visible_to_municipality = False
    kassel_document.save()
    client.force_login(anna)
    url = reverse("cooperations:document-download", args=[kassel_document.cooperation_id, kassel_document.pk])
    assert client.get(url).status_code == 404


def test_a_partner_municipality_sees_the_case_it_takes_part_in(
    case_kassel: Cooperation, kuenzell: Any, client: Client
) -> None:
    from tests.factories import MembershipFactory, UserFactory

    karl = UserFactory(email="karl@kuenzell.de")
    MembershipFactory(user=karl, municipality=kuenzell)
    client.force_login(karl)
    assert client.get(reverse("cooperations:case-detail", args=[case_kassel.pk])).status_code == 200
