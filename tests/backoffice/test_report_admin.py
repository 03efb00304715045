"""The report orders in the back office: deleting one removes its PDF and is audited,
single or in bulk; one being rendered stays; ordering again needs the add permission."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse

from accounts.models import AuditEvent, User
from reports import services
from reports.models import Report
from tests.backoffice.conftest import logged_in, with_totp

pytestmark = pytest.mark.django_db

S = Report.Status


def report_with_pdf(year: int, status: str = S.DONE) -> tuple[Report, str]:
    report = Report.objects.create(
        year=year, cutoff=dt.date(year, 12, 31), data_version=f"v{year}", status=status
    )
    name = default_storage.save(services.report_storage_name(report), ContentFile(b"%PDF-1.7 test"))
    report.file.name = name
    report.save(update_fields=["file"])
    return report, name


def test_deleting_a_report_removes_its_pdf_and_is_audited(
    administrator: Client, admin_user: User, django_capture_on_commit_callbacks: Any
) -> None:
    report, name = report_with_pdf(2023)
    assert default_storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        response = administrator.post(
            reverse("admin:reports_report_delete", args=[report.pk]), {"post": "yes"}
        )
    assert response.status_code == 302
    assert not Report.objects.filter(pk=report.pk).exists()
    assert not default_storage.exists(name)
    event = AuditEvent.objects.get(detail__event="report_deleted")
    assert (event.actor, event.detail["year"], event.detail["file"]) == (admin_user, 2023, name)
    log = administrator.get(reverse("admin:accounts_auditevent_changelist")).content.decode()
    assert "Jahresstatistik 2023 gelöscht" in log


def test_the_bulk_delete_removes_every_pdf_but_keeps_all_while_one_is_rendered(
    administrator: Client, django_capture_on_commit_callbacks: Any
) -> None:
    done, done_file = report_with_pdf(2022)
    failed, failed_file = report_with_pdf(2021, S.FAILED)
    running, running_file = report_with_pdf(2024, S.RUNNING)
    changelist = reverse("admin:reports_report_changelist")

    with django_capture_on_commit_callbacks(execute=True):
        refused = administrator.post(
            changelist,
            {"action": "delete_selected", "_selected_action": [done.pk, running.pk], "post": "yes"},
            follow=True,
        )
    assert services.REPORT_RUNNING.format(year=2024) in refused.content.decode()
    assert Report.objects.filter(pk__in=[done.pk, running.pk]).count() == 2
    assert default_storage.exists(done_file) and default_storage.exists(running_file)

    with django_capture_on_commit_callbacks(execute=True):
        administrator.post(
            changelist, {"action": "delete_selected", "_selected_action": [done.pk, failed.pk], "post": "yes"}
        )
    assert list(Report.objects.values_list("pk", flat=True)) == [running.pk]
    assert not default_storage.exists(done_file)
    assert not default_storage.exists(failed_file)
    default_storage.delete(running_file)


def test_ordering_again_needs_the_add_permission_not_only_the_view(admin_user: User) -> None:
    failed = Report.objects.create(year=2020, cutoff=dt.date(2020, 12, 31), data_version="x", status=S.FAILED)
    viewer = User.objects.create_user(email="leser@kikz.hessen.de", is_staff=True)
    viewer.user_permissions.set(Permission.objects.filter(codename="view_report"))
    client = logged_in(with_totp(viewer))
    changelist = reverse("admin:reports_report_changelist")
    assert "order_again" not in client.get(changelist).content.decode()
    response = client.post(changelist, {"action": "order_again", "_selected_action": [failed.pk]})
    assert response.status_code == 403
    assert Report.objects.count() == 1

    orderer = logged_in(with_totp(admin_user))
    assert "order_again" in orderer.get(changelist).content.decode()
    orderer.post(changelist, {"action": "order_again", "_selected_action": [failed.pk]})
    assert Report.objects.filter(year=2020).count() == 2
