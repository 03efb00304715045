"""Accounts through allauth in the portal's look: sign-up with a mailed code, rate
limits on a real cache, two-factor with an authenticator app, password reset."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY, format_hotp_value, hotp_value
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from accounts.adapter import INCORRECT_CODE, TOO_MANY_LOGIN_ATTEMPTS
from accounts.models import User
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Kooperation-2026-sicher"
NAMES = {"first_name": "Nina", "last_name": "Neumann"}


@pytest.fixture(autouse=True)
def fresh_rate_limits() -> Iterator[None]:
    cache.clear()  # allauth keeps its counters in the cache
    yield
    cache.clear()


def verified(user: User) -> User:
    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user


def test_signing_up_mails_a_code_that_confirms_the_address(
    client: Client, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("account_signup"),
            {
                "first_name": " Nina ",
                "last_name": "Neumann",
                "email": "Neu@Kuenzell.de",
                "password1": NEW_PASSWORD,
                "password2": NEW_PASSWORD,
            },
        )
    assert response["Location"] == reverse("account_email_verification_sent")
    # The name is on the user, for the advisers who confirm the membership.
    assert User.objects.get(email="neu@kuenzell.de").get_full_name() == "Nina Neumann"
    (message,) = mail.outbox
    assert message.to == ["neu@kuenzell.de"]
    assert message.body.startswith("Guten Tag,") and "Ihr Bestätigungscode" in message.body
    code = re.search(r"\b([A-Z0-9]{4}-[A-Z0-9]{4})\b", message.body)
    assert code
    page = client.get(response["Location"]).content.decode()
    assert "Wir haben einen Code an" in page and 'lang="de"' in page
    response = client.post(reverse("account_email_verification_sent"), {"code": code.group(1)})
    assert response["Location"] == reverse("accounts:memberships")
    assert EmailAddress.objects.get(email="neu@kuenzell.de").verified


def test_a_wrong_code_is_refused_in_german(client: Client) -> None:
    client.post(
        reverse("account_signup"),
        {**NAMES, "email": "neu@kuenzell.de", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    response = client.post(reverse("account_email_verification_sent"), {"code": "AAAA-AAAA"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Es gibt ein Problem" in body and "<title>Fehler: " in body
    assert INCORRECT_CODE in body


def test_a_weak_password_is_refused_and_the_address_kept(client: Client) -> None:
    response = client.post(
        reverse("account_signup"),
        {**NAMES, "email": "neu@kuenzell.de", "password1": "12345678", "password2": "12345678"},
    )
    body = response.content.decode()
    assert "mindestens 10 Zeichen" in body and 'value="neu@kuenzell.de"' in body
    assert not User.objects.filter(email="neu@kuenzell.de").exists()


def test_sign_up_asks_for_first_and_last_name_and_keeps_what_was_typed(client: Client) -> None:
    form = client.get(reverse("account_signup")).content.decode()
    assert "Vorname" in form and "Nachname" in form and 'autocomplete="given-name"' in form
    response = client.post(
        reverse("account_signup"),
        {
            "first_name": "Nina",
            "email": "neu@kuenzell.de",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Bitte geben Sie Ihren Nachnamen ein." in body
    assert 'value="Nina"' in body and 'value="neu@kuenzell.de"' in body
    assert not User.objects.filter(email="neu@kuenzell.de").exists()


def test_the_header_links_to_the_account_for_signed_in_users(client: Client, anna: User) -> None:
    anonymous = client.get(reverse("home")).content.decode()
    assert "Mein Konto" not in anonymous and "Registrieren" in anonymous
    client.force_login(anna)
    body = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("accounts:memberships")}"' in body and "Mein Konto" in body
    account = client.get(reverse("accounts:memberships")).content.decode()
    # From there: password, two-factor and devices.
    for name in ("account_change_password", "mfa_index", "usersessions_list"):
        assert reverse(name) in account


def test_the_403_page_shows_a_signed_in_user_signed_in(client: Client, clara: User) -> None:
    # An adviser on a municipal page: refused, and still shown as signed in.
    client.force_login(clara)
    response = client.get(reverse("cooperations:my-cases"))
    body = response.content.decode()
    assert response.status_code == 403 and "Zugriff nicht erlaubt" in body
    assert "Abmelden" in body and clara.email in body
    assert "Registrieren" not in body and ">Anmelden<" not in body


def test_repeated_wrong_passwords_are_rate_limited(client: Client, anna: User) -> None:
    verified(anna)
    for _ in range(5):
        assert (
            client.post(reverse("account_login"), {"login": anna.email, "password": "falsch!"}).status_code
            == 200
        )
    # Even the right password is refused now: the attempts count per address.
    response = client.post(reverse("account_login"), {"login": anna.email, "password": PASSWORD})
    assert TOO_MANY_LOGIN_ATTEMPTS in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_unverified_addresses_cannot_log_in_without_the_code(client: Client, anna: User) -> None:
    response = client.post(reverse("account_login"), {"login": anna.email, "password": PASSWORD})
    assert response["Location"] == reverse("account_email_verification_sent")


def test_a_user_turns_on_two_factor_and_then_needs_the_code(client: Client, anna: User) -> None:
    verified(anna)
    client.post(reverse("account_login"), {"login": anna.email, "password": PASSWORD})
    # Changing the second factor asks for the password again (ASVS 7.5.1).
    ask = client.get(reverse("mfa_activate_totp"))
    assert ask["Location"].startswith(reverse("account_reauthenticate"))
    client.post(ask["Location"], {"password": PASSWORD})
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200 and "Authenticator" in page.content.decode()
    secret = client.session[SECRET_SESSION_KEY]
    code = format_hotp_value(hotp_value(secret, int(time.time()) // 30))
    response = client.post(reverse("mfa_activate_totp"), {"code": code})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=anna, type=Authenticator.Type.TOTP).exists()
    client.logout()
    response = client.post(reverse("account_login"), {"login": anna.email, "password": PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate")


def test_a_password_reset_mail_is_sent_in_formal_german(
    client: Client, anna: User, django_capture_on_commit_callbacks: Any
) -> None:
    verified(anna)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_reset_password"), {"email": anna.email})
    assert response.status_code == 302
    (message,) = mail.outbox
    assert "Über diesen Link legen Sie es fest" in message.body
    assert "/konto/password/reset/key/" in message.body


def test_signed_in_devices_are_listed_in_german_and_others_can_be_signed_out(anna: User) -> None:
    EmailAddress.objects.create(user=anna, email=anna.email, verified=True, primary=True)
    phone, laptop = Client(HTTP_USER_AGENT="Telefon-Browser"), Client(HTTP_USER_AGENT="Laptop-Browser")
    for device in (phone, laptop):
        response = device.post(reverse("account_login"), {"login": anna.email, "password": PASSWORD})
        assert response.status_code == 302

    page = laptop.get(reverse("usersessions_list")).content.decode()

    assert '<h1 class="kern-heading-large">Angemeldete Geräte</h1>' in page
    assert "Telefon-Browser" in page and "Laptop-Browser" in page and "dieses Gerät" in page
    assert "Sessions" not in page
    laptop.post(reverse("usersessions_list"))
    assert phone.get(reverse("cooperations:my-cases")).status_code == 302  # signed out
    page = laptop.get(reverse("usersessions_list")).content.decode()
    assert "Sie sind nur auf diesem Gerät angemeldet." in page
