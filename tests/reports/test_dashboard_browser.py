"""The statistics dashboard in a real Chromium: accessible, looked at, and the report
panel updates itself while a report is being generated."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.base import ContentFile

from accounts.models import User
from reports.models import Report

# The browser set-up of tests/browser (Debian's chromium, CSP guard, reference data).
from tests.browser.conftest import (  # noqa: F401 - fixtures used by name
    axe_check,
    browser_context_args,
    browser_type_launch_args,
    login,
    page,
    screenshot,
    visit,
)

from .conftest import Dataset

pytestmark = pytest.mark.browser


def test_the_dashboard_is_accessible_and_the_report_panel_updates_itself(
    live_server: Any,
    page: Any,  # noqa: F811 - the fixture imported above
    dataset: Dataset,
    dieter: User,
) -> None:
    report = Report.objects.create(
        year=2021, cutoff=dt.date(2021, 12, 31), data_version="v", status=Report.Status.QUEUED
    )
    login(page, live_server, dieter)
    visit(page, live_server, "/statistik/?jahr=2021")
    assert "Seit 2019 wurden 3 kommunale Kooperationen" in page.inner_text("main")
    assert "wird erstellt" in page.inner_text("#bericht")
    axe_check(page)
    screenshot(page, "statistik-dashboard")

    # The worker finishes: the panel shows the download without a reload.
    report.file.save(f"test-{report.pk}.pdf", ContentFile(b"%PDF-1.7 test"), save=False)
    Report.objects.filter(pk=report.pk).update(
        status=Report.Status.DONE, file=report.file.name, finished_at=report.created_at
    )
    page.get_by_role("link", name="PDF herunterladen").wait_for(timeout=10_000)
    assert "wird erstellt" not in page.inner_text("#bericht")
