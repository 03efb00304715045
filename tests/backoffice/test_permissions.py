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
    # No back-office role: the permission matrix refuses.
    assert logged_in(dieter).get(reverse("admin:contacts_person_changelist")).status_code == 403
    # Even with staff status the role has no permission on personal data.
    dieter.is_staff = True
    dieter.save()
    client = logged_in(with_totp(dieter))
    assert client.get(reverse("admin:contacts_person_changelist")).status_code == 403


def test_the_mail_outbox_is_for_the_administration_group_only(adviser: Client) -> None:
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from accounts import roles
    from core.models import OutboxMail

    mail = OutboxMail.objects.create(
        to="erika@kassel.de", subject="Ihre Anfrage", body="Danke", next_attempt_at=timezone.now()
    )
    office = User.objects.create_user(email="it@kikz.hessen.de", password="x-geheim-genug-123", is_staff=True)
    office.groups.set([Group.objects.get(name=roles.ADMINISTRATION)])
    administration = logged_in(with_totp(office))

    listing = administration.get(reverse("admin:ikz_portal_outboxmail_changelist"))
    assert listing.status_code == 200 and "erika@kassel.de" in listing.content.decode()
    # Read-only even for the administration: the worker is the only writer.
    detail = administration.get(
        reverse("admin:ikz_portal_outboxmail_change", args=[mail.pk])
    ).content.decode()
    assert 'name="subject"' not in detail
    assert (
        administration.post(reverse("admin:ikz_portal_outboxmail_delete", args=[mail.pk])).status_code == 403
    )
    # The KIKZ advisers do not read other people's mail.
    assert adviser.get(reverse("admin:ikz_portal_outboxmail_changelist")).status_code == 403
