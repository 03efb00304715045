"""A payment recorded on the grant page in Chromium: typed the German way, booked by
the service, shown as 60.000,00 € in its row and in the message – axe clean."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from allauth.mfa.models import Authenticator

from accounts import roles
from accounts.models import User
from funding.models import Disbursement, Grant
from tests.browser.conftest import axe_check, login, press, screenshot, visit
from tests.factories import CooperationFactory, GrantFactory, MunicipalityFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_payment_is_typed_and_shown_in_german(page: Any, live_server: Any, settings: Any) -> None:
    from django.contrib.auth.models import Group

    from accounts.roles import sync_groups

    settings.IKZ_REQUIRE_STAFF_2FA = True
    sync_groups()  # the flush of a transactional test removed the groups
    clara = User.objects.create_user(email="clara@kikz.example", password="geheim-genug-123", is_staff=True)
    clara.groups.set([Group.objects.get(name=roles.KIKZ)])
    Authenticator.objects.create(
        user=clara, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    case = CooperationFactory(
        title="Gemeinsamer Bauhof", partners=[MunicipalityFactory(), MunicipalityFactory()]
    )
    grant = GrantFactory(cooperation=case, approved_amount=Decimal("100000"), file_number="HE-2026-1")

    login(page, live_server, clara)
    visit(page, live_server, f"/admin/funding/grant/{grant.pk}/change/")
    page.get_by_role("button", name="Auszahlung hinzufügen").click()
    page.locator('[name="disbursements-0-date"]').fill("10.12.2026")
    page.locator('[name="disbursements-0-betrag"]').fill("60.000,00")
    press(page, "Sichern und weiter bearbeiten")

    assert Disbursement.objects.get(grant=grant).amount == Decimal("60000.00")
    text = page.content()
    assert "60.000,00 € am 10.12.2026" in text
    assert "60.000,00 €" in page.locator("#disbursements-group").inner_text()
    assert page.get_by_label("beantragt (€)").input_value() == "100.000,00"
    grant.refresh_from_db()
    assert grant.status == Grant.Status.PAID
    axe_check(page)
    screenshot(page, "grant-payment")
