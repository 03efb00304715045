"""`next=` only leads to this host (issue #13, item 6): the back-office buttons that
come back to where the adviser was must not become a link to anywhere."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from cooperations.models import Cooperation
from core.redirects import safe_next
from tests import factories

pytestmark = pytest.mark.django_db

FOREIGN = [
    "https://evil.example/",
    "//evil.example/",
    "/\\evil.example/",
    "\\\\evil.example",
    "javascript:alert(1)",
    "https://testserver.evil.example/",
    "http:///evil.example/",
]


@pytest.mark.parametrize("target", FOREIGN)
def test_a_foreign_next_falls_back(target: str) -> None:
    request = RequestFactory().post("/", {"next": target})
    assert safe_next(request, "/admin/") == "/admin/"


def test_a_path_on_this_host_is_kept() -> None:
    request = RequestFactory().post("/", {"next": "/admin/cooperations/cooperation/eingang/"})
    assert safe_next(request, "/admin/") == "/admin/cooperations/cooperation/eingang/"
    assert (
        safe_next(RequestFactory().get("/", {"next": "http://testserver/x/"}), "/") == "http://testserver/x/"
    )


def _unassigned_case() -> Cooperation:
    return factories.CooperationFactory(partners=[factories.MunicipalityFactory()])


@pytest.mark.parametrize("target", FOREIGN)
def test_taking_over_a_case_never_leaves_the_site(adviser: Client, target: str) -> None:
    case = _unassigned_case()
    response = adviser.post(
        reverse("admin:cooperations_cooperation_take_over", args=[case.pk]), {"next": target}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:cooperations_cooperation_change", args=[case.pk])
    case.refresh_from_db()
    assert case.adviser is not None  # the work was done; only the way back is changed


def test_taking_over_from_the_eingang_goes_back_to_it(adviser: Client) -> None:
    case = _unassigned_case()
    eingang = reverse("admin:cooperations_cooperation_triage")
    response = adviser.post(
        reverse("admin:cooperations_cooperation_take_over", args=[case.pk]), {"next": eingang}
    )
    assert response["Location"] == eingang


@pytest.mark.parametrize("target", FOREIGN)
def test_answering_a_case_never_leaves_the_site(
    adviser: Client, demo_file: dict[str, Any], target: str
) -> None:
    case = demo_file["case"]
    response = adviser.post(
        reverse("admin:cooperations_cooperation_message", args=[case.pk]),
        {"body": "Vielen Dank, wir melden uns.", "next": target},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:cooperations_cooperation_change", args=[case.pk])
    assert case.messages.filter(body="Vielen Dank, wir melden uns.").exists()
