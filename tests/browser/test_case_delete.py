"""Deleting a case that holds correspondence, in Chromium: the admin's „Ja, ich bin
sicher“ leads back to the case page with the German reason, and the case stays."""

from __future__ import annotations

from typing import Any

import pytest
from allauth.mfa.models import Authenticator

from accounts.models import User
from cooperations.models import Cooperation
from tests.browser.conftest import axe_check, login, press, screenshot, visit
from tests.factories import CooperationFactory, MessageFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_case_with_messages_is_refused_with_the_reason(page: Any, live_server: Any, settings: Any) -> None:
    settings.IKZ_REQUIRE_STAFF_2FA = True
    root = User.objects.create_superuser(email="admin@kikz.example", password="geheim-genug-123")
    Authenticator.objects.create(user=root, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    case = CooperationFactory(title="Gemeinsamer Bauhof")
    MessageFactory(cooperation=case)

    login(page, live_server, root)
    visit(page, live_server, f"/admin/cooperations/cooperation/{case.pk}/delete/")
    press(page, "Ja, ich bin sicher")

    text = page.locator(".messagelist").inner_text()
    assert f"Der Vorgang {case.reference} kann nicht gelöscht werden: Er hat 1 Nachricht(en)." in text
    assert Cooperation.objects.filter(pk=case.pk).exists()
    assert page.url.endswith(f"/admin/cooperations/cooperation/{case.pk}/change/")
    axe_check(page)
    screenshot(page, "case-delete-refused")
