"""The history pages of the back office read German (issue #14): labels, not stored codes;
„–“, not None; no inline style the CSP would block."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from cooperations.models import Cooperation, Status
from cooperations.services import case_assign
from funding.models import Grant
from tests import factories

pytestmark = pytest.mark.django_db

ENGLISH = [
    "View history",
    "Change history",
    "CHANGES",
    "Changes",
    "Date/time",
    "Changed by",
    "Change reason",
    "None",
]


def _history(client: Client, case: Cooperation) -> str:
    response = client.get(reverse("admin:cooperations_cooperation_history", args=[case.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_status_change_reads_with_labels_and_the_reason(adviser: Client, clara: User) -> None:
    case = factories.CooperationFactory(partners=[factories.MunicipalityFactory()])
    Cooperation.objects.filter(pk=case.pk).update(status=Status.APPLIED)
    case.refresh_from_db()
    case.save()  # a history row with the status „Förderantrag gestellt“
    # „bewilligt“ needs an approved grant (cooperations.services.case_transition).
    factories.GrantFactory(cooperation=case, status=Grant.Status.APPROVED)
    adviser.post(
        reverse("admin:cooperations_cooperation_transition", args=[case.pk]),
        {"to": Status.APPROVED.value, "reason": "Bescheid liegt vor"},
    )
    page = _history(adviser, case)
    assert "Verlauf: " in page
    assert "Förderantrag gestellt → bewilligt" in page
    assert "antrag_gestellt" not in page
    table = page[page.index('<table id="change-history"') : page.index("</table>")]
    for english in ENGLISH:
        assert english not in table, english
    assert "Clara Klein" in table


def test_an_empty_adviser_is_a_dash_not_a_deleted_user(adviser: Client, clara: User) -> None:
    case = factories.CooperationFactory(partners=[factories.MunicipalityFactory()])
    case_assign(case=case, adviser=clara, actor=clara)
    page = _history(adviser, case)
    assert "Deleted" not in page
    assert "pk=None" not in page
    assert re.search(r"<strong>[^<]*Berater[^<]*:</strong> – → Clara Klein", page) or "– → clara@" in page


def test_the_history_list_has_no_inline_style(adviser: Client) -> None:
    case = factories.CooperationFactory(partners=[factories.MunicipalityFactory()])
    page = _history(adviser, case)
    content = page[page.index('<div id="content-main">') :]
    assert 'style="' not in content
