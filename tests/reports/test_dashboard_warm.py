"""After a change the worker renders the statistics dashboard of the running and the
previous year (reports/dashboard.py, beat task `reports.tasks.warm_dashboard` every
minute), so that ministry staff find it ready: nationwide the figures of a year take
about half a second to compute; the prepared dashboard answers with five queries."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from funding.models import Grant
from ikz_portal.celery import app
from reports.tasks import warm_dashboard
from tests import factories

from .conftest import Dataset

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("reports:dashboard")


def _dashboard(client: Client) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(DASHBOARD)
    assert response.status_code == 200
    return response.content.decode(), len(ctx.captured_queries)


def test_after_a_change_the_worker_renders_the_dashboard_before_anyone_asks(
    client: Client, dieter: User, dataset: Dataset, empty_cache: None
) -> None:
    year = timezone.localdate().year
    client.force_login(dieter)
    assert warm_dashboard() == [year, year - 1]
    page, queries = _dashboard(client)
    # session (cached), user, groups, data state, latest report, recent reports: no
    # statistics query, no year list – what a cached dashboard costs (test_views).
    assert queries == 5
    assert f"Im Haushaltsjahr {year} wurden bisher keine Förderungen bewilligt." in page

    assert warm_dashboard() == []  # nothing changed: nothing rendered again

    factories.GrantFactory(
        cooperation=dataset.c1,
        budget_year=year,
        status=Grant.Status.APPROVED,
        approved_amount=Decimal("12000"),
    )
    assert warm_dashboard() == [year, year - 1]
    page, queries = _dashboard(client)
    assert queries == 5
    assert f"Im Haushaltsjahr {year} wurde 1 Kooperation mit 3 Kommunen gefördert" in page


def test_the_dashboard_is_warmed_in_the_sites_language_whatever_the_last_request_spoke(
    client: Client, dieter: User, dataset: Dataset, empty_cache: None
) -> None:
    client.force_login(dieter)
    client.get(DASHBOARD, headers={"accept-language": "en"})  # English numbers cached for English
    assert warm_dashboard() == [timezone.localdate().year, timezone.localdate().year - 1]
    _page, queries = _dashboard(client)  # a German browser finds its rendering
    assert queries == 5


def test_beat_runs_the_warming_every_minute() -> None:
    entry = settings.CELERY_BEAT_SCHEDULE["reports-dashboard-warm"]
    assert entry["task"] in app.tasks
    assert entry["schedule"] == 60.0
