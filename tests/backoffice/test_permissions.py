"""Who may do what in the back office."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from cooperations.models import Cooperation, Status
from tests.backoffice.conftest import logged_in, with_totp

pytestmark = pytest.mark.django_db


def test_the_admin_login_is_allauths_login(client: Client) -> None:
    response = client.get(reverse("admin:login"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_staff_without_a_second_factor_are_sent_to_the_totp_setup(clara: User) -> None:
    response = logged_in(clara).get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("mfa_activate_totp"))


def test_staff_with_a_second_factor_get_in(adviser: Client) -> None:
    assert adviser.get(reverse("admin:index")).status_code == 200


def test_a_budget_adviser_cannot_change_cooperations(
    budget_adviser: Client, case_kassel: Cooperation
) -> None:
    change = reverse("admin:cooperations_cooperation_change", args=[case_kassel.pk])
    assert budget_adviser.get(change).status_code == 403
    response = budget_adviser.post(
        reverse("admin:cooperations_cooperation_transition", args=[case_kassel.pk]),
        {"to": Status.IN_CONSULTATION},
    )
    assert response.status_code == 403
    case_kassel.refresh_from_db()
    assert case_kassel.status == Status.RECEIVED


def test_a_budget_adviser_reads_municipalities_but_cannot_edit_them(
    budget_adviser: Client, kassel: object
) -> None:
    assert budget_adviser.get(reverse("admin:contacts_municipality_changelist")).status_code == 200
    assert budget_adviser.get(reverse("admin:contacts_municipality_add")).status_code == 403


def test_ministry_users_cannot_open_persons(dieter: User) -> None:
    # Not staff: the admin sends them to the login.
    assert logged_in(dieter).get(reverse("admin:contacts_person_changelist")).status_code == 302
    # Even with staff status the role has no permission on personal data.
    dieter.is_staff = True
    dieter.save()
    client = logged_in(with_totp(dieter))
    assert client.get(reverse("admin:contacts_person_changelist")).status_code == 403
