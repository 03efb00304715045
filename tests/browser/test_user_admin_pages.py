"""The back office's user accounts in a real browser: a new municipal account with its
municipality picked, the refusal to take away one's own rights beside the form, and the
security log that reads the role change in German. axe without findings, screenshots."""

from __future__ import annotations

from typing import Any

import pytest
from allauth.mfa.models import Authenticator

from accounts import roles
from accounts.models import AuditEvent, User
from contacts.models import Membership, Municipality
from tests.browser.conftest import axe_check, login, press, screenshot, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def administrator(settings: Any) -> User:
    from accounts.roles import sync_groups

    settings.IKZ_REQUIRE_STAFF_2FA = True
    sync_groups()  # the flush of a transactional test removed the groups
    user = User.objects.create_superuser(email="admin@kikz.example", password="geheim-genug-123")
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    return user


def test_an_administrator_creates_a_municipal_account_and_cannot_demote_themselves(
    page: Any, live_server: Any, administrator: User, kassel: Municipality
) -> None:
    login(page, live_server, administrator)
    # The admin's first page loads its whole JavaScript and CSS from the live server's
    # one thread: on the shared 2-core machine under load that took longer than 10 s.
    page.set_default_timeout(30_000)
    visit(page, live_server, "/admin/accounts/user/add/")
    page.get_by_label("E-Mail-Adresse").fill("neu@kassel.example")
    press(page, "Sichern")
    # Without a role and without a municipality: the rule beside the field, the address kept.
    assert page.get_by_text("Ein Konto ohne Rolle ist ein Konto einer Kommune").first.is_visible()
    assert page.get_by_label("E-Mail-Adresse").input_value() == "neu@kassel.example"
    axe_check(page)
    screenshot(page, "benutzer-anlegen-fehler")

    # The municipality is an autocomplete (select2): type, then pick the suggestion.
    page.locator("#id_municipality + .select2").click()
    page.locator(".select2-search__field").fill("Kassel")
    page.locator(".select2-results__option", has_text="Kassel").first.click()
    page.locator("#id_password1").fill("ein-langes-Passwort-2026")
    page.locator("#id_password2").fill("ein-langes-Passwort-2026")
    press(page, "Sichern")
    created = User.objects.get(email="neu@kassel.example")
    assert Membership.objects.get(user=created).status == Membership.Status.CONFIRMED

    visit(page, live_server, f"/admin/accounts/user/{administrator.pk}/change/")
    page.get_by_label("Administrator-Status").uncheck()
    press(page, "Sichern")
    assert page.get_by_text("Sie können sich Ihre eigenen Administrationsrechte nicht entziehen").is_visible()
    axe_check(page)
    screenshot(page, "benutzer-eigene-rechte")

    clara = User.objects.create_user(email="clara@kikz.example", is_staff=True)
    visit(page, live_server, f"/admin/accounts/user/{clara.pk}/change/")
    # Django's two-box group chooser: pick on the left, move it over.
    page.locator("#id_groups_from").select_option(label=roles.KIKZ)
    page.locator("#id_groups_add").click()
    press(page, "Sichern")
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.ROLE_CHANGED, actor=administrator).count() == 2
    visit(page, live_server, "/admin/accounts/auditevent/?kind=role_changed")
    assert page.get_by_text(
        "Rollen von clara@kikz.example geändert: Gruppen: keine → KIKZ-Beratung"
    ).is_visible()
    axe_check(page)
    screenshot(page, "sicherheitsereignisse-rollen")
