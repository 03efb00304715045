"""The back office's user accounts: every save, delete and action through
accounts.services — role changes audited and readable, the last administrator and
one's own rights protected, German messages instead of a server error."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from accounts import roles, services
from accounts.models import AuditEvent, User
from contacts.models import Membership, Municipality
from tests.backoffice.conftest import logged_in, with_totp

pytestmark = pytest.mark.django_db


def change_data(user: User, **overrides: Any) -> dict[str, Any]:
    """What the user's change page posts when nothing is touched, plus `overrides`."""
    data: dict[str, Any] = {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "is_active": "on" if user.is_active else "",
        "is_staff": "on" if user.is_staff else "",
        "is_superuser": "on" if user.is_superuser else "",
        "groups": [str(pk) for pk in user.groups.values_list("pk", flat=True)],
        "user_permissions": [str(pk) for pk in user.user_permissions.values_list("pk", flat=True)],
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": user.date_joined.strftime("%d.%m.%Y"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v != ""}


def change_url(user: User) -> str:
    return reverse("admin:accounts_user_change", args=[user.pk])


def test_a_role_change_is_audited_once_and_reads_as_german_in_the_security_log(
    administrator: Client, admin_user: User, clara: User
) -> None:
    administration = Group.objects.get(name=roles.ADMINISTRATION)
    kikz = Group.objects.get(name=roles.KIKZ)
    response = administrator.post(
        change_url(clara), change_data(clara, groups=[str(kikz.pk), str(administration.pk)])
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert set(clara.groups.values_list("name", flat=True)) == {roles.KIKZ, roles.ADMINISTRATION}

    # One row for the whole change (the signal handlers stand aside), with old and new.
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.ROLE_CHANGED, actor=admin_user)
    assert event.detail["groups_before"] == [roles.KIKZ]
    assert event.detail["groups_after"] == sorted([roles.ADMINISTRATION, roles.KIKZ])

    listing = administrator.get(
        reverse("admin:accounts_auditevent_changelist") + "?kind=role_changed"
    ).content.decode()
    assert (
        "Rollen von clara@kikz.hessen.de geändert: Gruppen: KIKZ-Beratung → Administration, KIKZ-Beratung"
        in listing
    )
    assert "admin@kikz.hessen.de" in listing


def test_making_someone_staff_and_superuser_shows_both_flags_from_old_to_new(
    administrator: Client, dieter: User
) -> None:
    response = administrator.post(change_url(dieter), change_data(dieter, is_staff="on", is_superuser="on"))
    assert response.status_code == 302
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.ROLE_CHANGED, actor__isnull=False)
    page = administrator.get(reverse("admin:accounts_auditevent_change", args=[event.pk])).content.decode()
    assert "Rollen von dieter@hmdis.hessen.de geändert" in page
    assert "Mitarbeiter-Status: nein → ja" in page
    assert "Administrator-Status: nein → ja" in page


def test_the_last_administrator_keeps_the_rights_with_a_german_message(admin_user: User) -> None:
    # Someone who may edit accounts but is no administrator tries to demote the only one.
    paul = User.objects.create_user(email="paul@kikz.hessen.de", is_staff=True)
    paul.user_permissions.set(
        Permission.objects.filter(
            content_type__app_label="accounts", codename__in=["view_user", "change_user"]
        )
    )
    client = logged_in(with_totp(paul))
    response = client.post(change_url(admin_user), change_data(admin_user, is_superuser=""))
    assert response.status_code == 200  # the form again, with what was typed
    body = response.content.decode()
    assert "admin@kikz.hessen.de ist das letzte aktive Administrationskonto" in body
    admin_user.refresh_from_db()
    assert admin_user.is_superuser
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.ROLE_CHANGED, actor=paul).exists()


def test_the_service_refuses_the_last_administrator_from_a_shell_too(admin_user: User) -> None:
    admin_user.is_active = False
    with pytest.raises(ValidationError) as refused:
        services.user_update(user=admin_user, actor=None)
    assert refused.value.messages == [services.LAST_ADMINISTRATOR.format(user=admin_user.email)]
    admin_user.refresh_from_db()
    assert admin_user.is_active


def test_nobody_takes_their_own_admin_rights_even_with_another_administrator(
    administrator: Client, admin_user: User, clara: User
) -> None:
    clara.is_superuser = True
    clara.save()
    response = administrator.post(change_url(admin_user), change_data(admin_user, is_superuser=""))
    assert response.status_code == 200
    assert services.OWN_ADMIN_RIGHTS in response.content.decode()
    admin_user.refresh_from_db()
    assert admin_user.is_superuser


def test_deleting_ones_own_account_is_refused_with_a_german_message(
    administrator: Client, admin_user: User
) -> None:
    response = administrator.post(
        reverse("admin:accounts_user_delete", args=[admin_user.pk]), {"post": "yes"}, follow=True
    )
    assert response.status_code == 200
    assert services.OWN_ACCOUNT_DELETE in response.content.decode()
    assert User.objects.filter(pk=admin_user.pk).exists()


def test_the_bulk_delete_goes_through_the_service_all_or_none(
    administrator: Client, admin_user: User, clara: User, hanna: User
) -> None:
    changelist = reverse("admin:accounts_user_changelist")
    response = administrator.post(
        changelist,
        {"action": "delete_selected", "_selected_action": [clara.pk, admin_user.pk], "post": "yes"},
        follow=True,
    )
    assert services.OWN_ACCOUNT_DELETE in response.content.decode()
    assert User.objects.filter(pk=clara.pk).exists()  # rolled back with the refused one

    administrator.post(
        changelist, {"action": "delete_selected", "_selected_action": [clara.pk, hanna.pk], "post": "yes"}
    )
    assert not User.objects.filter(pk__in=[clara.pk, hanna.pk]).exists()
    deleted = AuditEvent.objects.filter(kind=AuditEvent.Kind.ROLE_CHANGED, detail__change="deleted")
    assert sorted(e.detail["user"] for e in deleted) == ["clara@kikz.hessen.de", "hanna@lbwv.hessen.de"]


def test_the_deactivate_action_is_audited(administrator: Client, admin_user: User, clara: User) -> None:
    administrator.post(
        reverse("admin:accounts_user_changelist"), {"action": "deactivate", "_selected_action": [clara.pk]}
    )
    clara.refresh_from_db()
    assert not clara.is_active
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.ROLE_CHANGED, actor=admin_user)
    assert (event.actor, event.detail["flags"]) == (admin_user, {"is_active": [True, False]})


def test_an_address_differing_only_in_case_is_refused(administrator: Client, clara: User, anna: User) -> None:
    response = administrator.post(change_url(anna), change_data(anna, email="Clara@KIKZ.hessen.de"))
    assert response.status_code == 200
    assert "Die E-Mail-Adresse clara@kikz.hessen.de gehört schon zu einem anderen Benutzerkonto." in (
        response.content.decode()
    )


def add_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "email": "neu@kassel.de",
        "usable_password": "true",
        "password1": "ein-langes-Passwort-2026",
        "password2": "ein-langes-Passwort-2026",
        "first_name": "Nina",
        "last_name": "Neu",
    }
    data.update(overrides)
    return data


def test_a_new_account_without_a_role_needs_a_municipality(administrator: Client) -> None:
    response = administrator.post(reverse("admin:accounts_user_add"), add_data())
    assert response.status_code == 200
    body = response.content.decode()
    assert "Ein Konto ohne Rolle ist ein Konto einer Kommune" in body
    assert 'value="neu@kassel.de"' in body  # nothing typed is lost
    assert not User.objects.filter(email="neu@kassel.de").exists()


def test_a_new_municipal_account_is_confirmed_for_its_municipality_and_audited(
    administrator: Client, admin_user: User, kassel: Municipality
) -> None:
    response = administrator.post(reverse("admin:accounts_user_add"), add_data(municipality=str(kassel.pk)))
    assert response.status_code == 302, response.content.decode()[:3000]
    user = User.objects.get(email="neu@kassel.de")
    assert user.check_password("ein-langes-Passwort-2026")
    membership = Membership.objects.get(user=user)
    assert (membership.municipality, membership.status, membership.decided_by) == (
        kassel,
        Membership.Status.CONFIRMED,
        admin_user,
    )
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.ROLE_CHANGED, actor=admin_user)
    assert (event.actor, event.detail["change"], event.detail["user"]) == (admin_user, "created", user.email)


def test_a_new_adviser_gets_the_group_and_no_municipality(administrator: Client) -> None:
    kikz = Group.objects.get(name=roles.KIKZ)
    response = administrator.post(
        reverse("admin:accounts_user_add"),
        add_data(email="Neu@KIKZ.hessen.de", is_staff="on", groups=[str(kikz.pk)]),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    user = User.objects.get(email="neu@kikz.hessen.de")
    assert list(user.groups.values_list("name", flat=True)) == [roles.KIKZ]
    assert user.is_staff and not Membership.objects.filter(user=user).exists()


def test_the_delete_confirmation_is_german_for_an_english_browser(administrator: Client, clara: User) -> None:
    page = administrator.get(
        reverse("admin:accounts_user_delete", args=[clara.pk]), HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9"
    )
    body = page.content.decode()
    assert page.status_code == 200
    assert "Ja, ich bin sicher" in body
    for english in ("Are you sure", "Yes, I’m sure", "relationship", "Summary", "Delete"):
        assert english not in body, english


def test_the_rights_on_an_accounts_page_are_named_in_german(administrator: Client, clara: User) -> None:
    # Django names the permissions it creates in English; after migrate they read German
    # (accounts.roles.german_permission_names), on the account's page and everywhere else.
    page = administrator.get(change_url(clara)).content.decode()
    assert "Darf Kooperation ansehen" in page and "Darf Förderung ändern" in page
    assert "Can view" not in page and "Can change" not in page and "historical" not in page
    assert "Darf Verlauf von Kooperation ansehen" in page  # django-simple-history's table
    english = Permission.objects.filter(name__startswith="Can ").values_list("codename", flat=True)
    assert list(english) == []


def test_renaming_keeps_the_permissions_own_names_and_is_idempotent() -> None:
    from django.db import DEFAULT_DB_ALIAS

    view = Permission.objects.get(codename="view_cooperation")
    Permission.objects.filter(pk=view.pk).update(name="Can view cooperation")
    own = Permission.objects.exclude(codename__regex=r"^(add|change|delete|view)_").values("codename", "name")
    before = list(own)

    assert roles.german_permission_names(DEFAULT_DB_ALIAS) == 1
    assert roles.german_permission_names(DEFAULT_DB_ALIAS) == 0
    assert Permission.objects.get(pk=view.pk).name == "Darf Kooperation ansehen"
    assert list(own) == before
