"""The findings of issue #13 on roles: the budget adviser got every export and could
import grants; the GDPR Auskunft showed case messages to roles that may not read them;
no export was audited. And the walk of the matrix finds a refused role let through."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from accounts.models import AuditEvent, User
from accounts.permission_matrix import Refusal
from cooperations.models import Cooperation
from funding.models import Grant
from tests import factories

from .conftest import Actor, World
from .urls import build, world_values

pytestmark = pytest.mark.django_db

EXPORTS = [
    "admin:cooperations_cooperation_export",
    "admin:funding_grant_export",
    "admin:funding_funderquestion_export",
    "admin:funding_disbursement_export",
    "admin:funding_programme_export",
]
IMPORTS = [
    "admin:funding_grant_import",
    "admin:funding_grant_process_import",
    "admin:funding_programme_import",
    "admin:funding_programme_process_import",
]


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_budget_adviser_gets_no_export_or_import_of_what_it_may_not_see(
    hanna: User, case_kassel: Cooperation
) -> None:
    client = logged_in(hanna)
    for name in EXPORTS + IMPORTS:
        assert client.post(reverse(name), {"format": "0"}).status_code == 403, name
    for name in EXPORTS + IMPORTS[::2]:
        assert client.get(reverse(name)).status_code == 403, name
    # … and the export action of the case list, selected rows and all.
    response = client.post(
        reverse("admin:cooperations_cooperation_changelist"),
        {"action": "export_admin_action", ACTION_CHECKBOX_NAME: [case_kassel.pk], "index": "0"},
    )
    assert response.status_code == 403
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.EXPORT).exists()


def test_a_grant_import_by_the_budget_adviser_changes_nothing(hanna: User, case_kassel: Cooperation) -> None:
    grant = factories.GrantFactory(cooperation=case_kassel, file_number="IKZ 2008/001")
    csv = 'Aktenzeichen (Bescheid),Zweck,bewilligt\nIKZ 2008/001,Test,"70.000,00 €"\n'.encode()
    response = logged_in(hanna).post(
        reverse("admin:funding_grant_import"),
        {"format": "0", "import_file": SimpleUploadedFile("f.csv", csv, content_type="text/csv")},
    )
    assert response.status_code == 403
    grant.refresh_from_db()
    assert grant.approved_amount == Decimal("100000.00")
    assert Grant.objects.count() == 1


def test_the_budget_adviser_still_exports_the_budget_consultations(hanna: User) -> None:
    factories.ConsultationFactory()
    from budget_advice.resources import ConsultationResource

    fields = {f"consultationresource_{name}": "on" for name in ConsultationResource().get_export_order()}
    response = logged_in(hanna).post(
        reverse("admin:budget_advice_consultation_export"), {"format": "0", "resource": "0", **fields}
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")


def test_an_export_is_audited_with_who_what_filter_and_rows(clara: User) -> None:
    factories.PersonFactory(last_name="Privat", is_public=False)
    factories.PersonFactory(last_name="Öffentlich", is_public=True)
    from contacts.resources import PersonResource

    url = reverse("admin:contacts_person_export") + "?is_public__exact=1"
    fields = {f"personresource_{name}": "on" for name in PersonResource().get_export_order()}
    response = logged_in(clara).post(url, {"format": "0", "resource": "0", **fields})
    assert response.status_code == 200
    assert "Öffentlich" in response.content.decode("utf-8-sig")
    event = AuditEvent.objects.get(kind=AuditEvent.Kind.EXPORT)
    assert event.actor == clara
    assert event.path == reverse("admin:contacts_person_export")
    assert (event.detail["what"], event.detail["count"], event.detail["format"], event.detail["filter"]) == (
        "contacts.Person",
        1,
        "csv",
        "is_public__exact=1",
    )


def test_the_auskunft_is_for_who_reads_people_and_case_messages(
    hanna: User, clara: User, anna: User, kassel: Any
) -> None:
    person = factories.PersonFactory(municipality=kassel, user=anna)
    page = reverse("admin:contacts_person_auskunft", args=[person.pk])
    action = {"action": "export_personal_data", ACTION_CHECKBOX_NAME: [person.pk], "index": "0"}
    changelist = reverse("admin:contacts_person_changelist")
    # The budget adviser reads people, not the messages the file holds.
    budget = logged_in(hanna)
    assert budget.get(page).status_code == 403
    assert budget.post(changelist, action).status_code == 403
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.EXPORT).exists()
    adviser = logged_in(clara)
    assert adviser.get(page)["Content-Disposition"].startswith("attachment;")
    assert adviser.post(changelist, action)["Content-Disposition"].startswith("attachment;")
    assert AuditEvent.objects.filter(kind=AuditEvent.Kind.EXPORT, actor=clara).count() == 2


def test_a_refused_role_let_through_is_found_by_the_walk(
    cast: dict[str, Actor], world: World, settings: Any, empty_cache: None
) -> None:
    """Without the middleware and the library's permission codes the budget adviser gets
    the exports again, as in the issue: the walk reports each of them."""
    from .test_permission_matrix import walk

    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "PermissionMatrix" not in m]
    settings.IMPORT_EXPORT_EXPORT_PERMISSION_CODE = None
    actor = cast["hanna (Haushaltsberatung)"]
    urls = [u for u in build(world_values(world)) if u.name in EXPORTS]
    client = Client(raise_request_exception=False)
    client.force_login(actor.user)  # type: ignore[arg-type]
    wrong = walk(client, actor, urls)
    assert {line.split(" ")[1] for line in wrong} == {reverse(n) for n in EXPORTS}
    assert all(line.endswith(f"Matrix: {Refusal.FORBIDDEN}") for line in wrong)
