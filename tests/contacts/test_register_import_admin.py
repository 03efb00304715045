"""The import log in the back office: visible to staff, read only, constant queries."""

from __future__ import annotations

import datetime as dt

import pytest
from allauth.mfa.models import Authenticator
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from contacts.models import RegisterImport

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:contacts_registerimport_changelist"


@pytest.fixture
def administrator(admin_user: User) -> Client:
    Authenticator.objects.create(
        user=admin_user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    client = Client()
    client.force_login(admin_user)
    return client


def _log(n: int, user: User) -> None:
    for i in range(n):
        RegisterImport.objects.create(
            file_name=f"GV100AD_{i}.txt",
            uploaded_by=user,
            status=RegisterImport.Status.DONE,
            gebietsstand=dt.date(2025, 11, 30),
            created_count=446,
            result="Gemeindeverzeichnis Hessen, Gebietsstand 30.11.2025: 446 angelegt",
        )


def test_the_import_log_lists_each_import_with_its_counts(administrator: Client, admin_user: User) -> None:
    _log(1, admin_user)
    response = administrator.get(reverse(CHANGELIST))
    assert response.status_code == 200
    page = response.content.decode()
    assert "GV100AD_0.txt" in page and "446" in page and "fertig" in page


def test_the_import_log_cannot_be_added_to_edited_or_deleted_by_hand(
    administrator: Client, admin_user: User
) -> None:
    _log(1, admin_user)
    job = RegisterImport.objects.get()
    assert administrator.get(reverse("admin:contacts_registerimport_add")).status_code == 403
    detail = administrator.get(reverse("admin:contacts_registerimport_change", args=[job.pk]))
    assert detail.status_code == 200
    assert (
        administrator.post(
            reverse("admin:contacts_registerimport_change", args=[job.pk]), {"status": "angefordert"}
        ).status_code
        == 403
    )
    assert (
        administrator.post(reverse("admin:contacts_registerimport_delete", args=[job.pk])).status_code == 403
    )
    job.refresh_from_db()
    assert job.status == RegisterImport.Status.DONE


def test_the_import_log_needs_a_constant_number_of_queries(administrator: Client, admin_user: User) -> None:
    _log(2, admin_user)
    with CaptureQueriesContext(connection) as few:
        assert administrator.get(reverse(CHANGELIST)).status_code == 200
    _log(20, admin_user)
    with CaptureQueriesContext(connection) as many:
        assert administrator.get(reverse(CHANGELIST)).status_code == 200
    # 1 the user (the session lives in the cache), 2 the count for the paginator,
    # 3 the page rows joined with their uploaders: 3 whether 2 or 22 imports are listed.
    assert len(few) == len(many) == 3
