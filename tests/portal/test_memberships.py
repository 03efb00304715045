"""After sign-up a user asks to be confirmed for municipalities; an adviser confirms."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.models import User
from contacts.models import Membership, Municipality
from contacts.services import (
    MEMBERSHIP_NONE_CHOSEN,
    membership_confirm,
    membership_reject,
    membership_request,
)
from cooperations import forms as wizard
from tests.factories import UserFactory


@pytest.fixture
def new_user(db: None) -> User:
    return UserFactory(email="neu@kuenzell.de")


def test_a_new_user_finds_a_municipality_by_name_and_requests_confirmation(
    client: Client,
    new_user: User,
    kuenzell: Municipality,
    clara: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    client.force_login(new_user)
    url = reverse("accounts:memberships")
    found = client.post(url, {"aktion": "suchen", "q": "Künz", "function": "Hauptamt"}).content.decode()
    assert "Künzell" in found and 'value="Hauptamt"' in found
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"aktion": "anfragen", "municipalities": [kuenzell.pk], "function": "Hauptamt"}
        )
    assert response.status_code == 302
    membership = Membership.objects.get(user=new_user)
    assert membership.status == Membership.Status.REQUESTED and membership.function == "Hauptamt"
    assert mail.outbox[0].to == ["clara@kikz.hessen.de"]
    assert "wartet auf Bestätigung" in client.get(url).content.decode()


def test_a_search_by_ags_and_a_wrong_ags_are_answered(
    client: Client, new_user: User, kuenzell: Municipality
) -> None:
    client.force_login(new_user)
    url = reverse("accounts:memberships")
    assert "Künzell" in client.post(url, {"aktion": "suchen", "q": "06631016"}).content.decode()
    body = client.post(url, {"aktion": "suchen", "q": "12345678"}).content.decode()
    assert (
        wizard.AGS_NOT_FOUND.format(term="12345678").replace("„", "&bdquo;") in body
        or "Keine Kommune mit dem Gemeindeschlüssel" in body
    )


def test_requesting_nothing_is_explained(client: Client, new_user: User) -> None:
    client.force_login(new_user)
    body = client.post(
        reverse("accounts:memberships"), {"aktion": "anfragen", "note": "<b>hallo</b>"}
    ).content.decode()
    assert MEMBERSHIP_NONE_CHOSEN in body and "&lt;b&gt;hallo&lt;/b&gt;" in body


def test_confirming_mails_the_user_once_and_opens_the_portal(
    client: Client, udo: User, clara: User, fulda: Municipality, django_capture_on_commit_callbacks: Any
) -> None:
    membership = Membership.objects.get(user=udo)
    with django_capture_on_commit_callbacks(execute=True):
        membership_confirm(membership=membership, actor=clara)
        membership_confirm(membership=membership, actor=clara)  # double click
    assert [m.to for m in mail.outbox] == [["udo@fulda.de"]]
    assert "bestätigt" in mail.outbox[0].subject
    client.force_login(udo)
    assert client.get(reverse("cooperations:my-cases")).status_code == 200


def test_a_rejected_request_can_be_asked_again(
    udo: User, clara: User, fulda: Municipality, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        membership = membership_reject(
            membership=Membership.objects.get(user=udo), actor=clara, reason="Nicht zuständig"
        )
    assert membership.status == Membership.Status.REJECTED
    assert "Nicht zuständig" in mail.outbox[0].body
    (again,) = membership_request(user=udo, municipalities=[fulda])
    assert again.status == Membership.Status.REQUESTED and again.decided_by is None


def test_after_login_each_role_lands_where_its_work_is(
    client: Client, anna: User, udo: User, dieter: User, clara: User
) -> None:
    from tests.conftest import PASSWORD

    for user, target in (
        (anna, reverse("cooperations:my-cases")),
        (udo, reverse("accounts:memberships")),
        (dieter, reverse("reports:dashboard")),
        (clara, reverse("admin:index")),
    ):
        client.logout()
        from allauth.account.models import EmailAddress

        EmailAddress.objects.get_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )
        response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
        assert response["Location"] == target
