"""The case page of a long-running case in a real browser: the ten newest activities
are rows to edit, and the line under them leads to all of the case's activities."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from allauth.mfa.models import Authenticator

from accounts import roles
from accounts.models import User
from cooperations.models import Activity
from tests.browser.conftest import ARTIFACTS, axe_check, login, screenshot, visit
from tests.factories import (
    ActivityFactory,
    CaseEventFactory,
    CooperationFactory,
    GrantFactory,
    MessageFactory,
    MunicipalityFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def clara(settings: Any) -> User:
    from django.contrib.auth.models import Group

    from accounts.roles import sync_groups

    settings.IKZ_REQUIRE_STAFF_2FA = True
    sync_groups()  # the flush of a transactional test removed the groups
    user = User.objects.create_user(
        email="clara@kikz.example", password="geheim-genug-123", is_staff=True, first_name="Clara"
    )
    user.groups.set([Group.objects.get(name=roles.KIKZ)])
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    return user


def test_an_adviser_sees_the_newest_activities_and_follows_the_link_to_all_of_them(
    page: Any, live_server: Any, clara: User
) -> None:
    # As the case make bench measures: 24 activities, 8 grants, 6 partners.
    case = CooperationFactory(title="Gemeinsamer Bauhof", partners=[MunicipalityFactory() for _ in range(5)])
    for i in range(24):
        ActivityFactory(
            cooperation=case,
            date=dt.date(2024, 1, 8) + dt.timedelta(weeks=3 * i),
            participants="Bürgermeisterinnen, Bauamt",
            notes=f"Gespräch Nr. {i + 1}",
        )
    for _ in range(8):
        GrantFactory(cooperation=case)
    MessageFactory(cooperation=case, author=clara, body="Die Unterlagen sind vollständig.\nViele Grüße")
    CaseEventFactory(cooperation=case, actor=clara, note="Gremien tagen im Mai")
    login(page, live_server, clara)

    visit(page, live_server, f"/admin/cooperations/cooperation/{case.pk}/change/")

    assert page.locator("#activities-group tr.has_original").count() == 10
    link = page.get_by_role("link", name="14 ältere Aktivitäten – alle anzeigen")
    assert link.is_visible()
    axe_check(page)
    screenshot(page, "backoffice-case-newest-activities")
    page.locator("#activities-group").screenshot(path=str(ARTIFACTS / "backoffice-case-activities-1280.png"))
    assert page.get_by_role("cell", name="Gremien tagen im Mai").is_visible()  # the history, read-only

    with page.expect_navigation(wait_until="load"):
        link.click()

    assert page.get_by_role("heading", name=f"Aktivitäten zum Vorgang {case.reference}").is_visible()
    assert (
        page.locator("#result_list tbody tr").count()
        == Activity.objects.filter(cooperation=case).count()
        == 24
    )
    assert page.get_by_role(
        "cell", name="Gespräch Nr. 1", exact=True
    ).is_visible()  # the oldest, with its notes
    axe_check(page)
    screenshot(page, "backoffice-case-activities-list")
