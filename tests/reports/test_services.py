"""The report services without a worker: claims, retries, the sweep and the schedule."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from django.conf import settings
from django.utils import timezone

from reports import services, tasks
from reports.models import Report

pytestmark = pytest.mark.django_db

S = Report.Status


def _report(status: str = S.REQUESTED, **kw: object) -> Report:
    return Report.objects.create(
        year=2021, cutoff=dt.date(2021, 12, 31), data_version="v", status=status, **kw
    )


def test_only_one_claim_wins_and_a_finished_report_is_never_claimed_again() -> None:
    report = _report(S.QUEUED)
    assert services.report_claim(report.pk, worker="w1") == 1
    assert services.report_claim(report.pk, worker="w2") is None  # duplicate delivery
    Report.objects.filter(pk=report.pk).update(status=S.DONE)
    assert services.report_claim(report.pk, worker="w1") is None


def test_a_running_row_of_a_dead_process_on_the_same_node_is_taken_over() -> None:
    report = _report(S.RUNNING, worker="celery@host", worker_pid=2**22 + 12345, attempts=1,
                     lease_until=timezone.now() + dt.timedelta(hours=1))  # fmt: skip
    assert services.report_claim(report.pk, worker="celery@other") is None
    assert services.report_claim(report.pk, worker="celery@host") == 2
    report.refresh_from_db()
    assert report.worker_pid == os.getpid()


def test_a_late_finish_of_a_superseded_attempt_is_dropped() -> None:
    report = _report(S.QUEUED)
    first = services.report_claim(report.pk, worker="a")
    Report.objects.filter(pk=report.pk).update(lease_until=timezone.now() - dt.timedelta(seconds=1))
    second = services.report_claim(report.pk, worker="b")
    assert (first, second) == (1, 2)
    assert services.report_render(pk=report.pk, attempt=1) is False
    assert services.report_render(pk=report.pk, attempt=2) is True
    report.refresh_from_db()
    assert (report.status, report.renders) == (S.DONE, 1)


def test_the_sweep_brings_back_crashed_rows_and_fails_them_after_the_last_attempt(monkeypatch) -> None:
    sent: list[int] = []

    def enqueue(pk: int) -> bool:
        sent.append(pk)
        return True

    monkeypatch.setattr(services, "report_enqueue", enqueue)
    past = timezone.now() - dt.timedelta(minutes=1)
    crashed = _report(S.RUNNING, attempts=1, lease_until=past)
    exhausted = Report.objects.create(
        year=2020, cutoff=dt.date(2020, 12, 31), data_version="w", status=S.RUNNING,
        attempts=services.MAX_ATTEMPTS, lease_until=past,
    )  # fmt: skip
    alive = Report.objects.create(
        year=2019, cutoff=dt.date(2019, 12, 31), data_version="x", status=S.RUNNING, attempts=1,
        lease_until=timezone.now() + dt.timedelta(minutes=5),
    )  # fmt: skip
    waiting = Report.objects.create(year=2018, cutoff=dt.date(2018, 12, 31), data_version="y")
    assert services.reports_recover() == 2
    assert sorted(sent) == sorted([crashed.pk, waiting.pk])
    crashed.refresh_from_db()
    assert (crashed.status, crashed.error) == (S.REQUESTED, services.ERROR_CRASHED)
    exhausted.refresh_from_db()
    assert exhausted.status == S.FAILED
    assert exhausted.error == services.ERROR_FAILED.format(attempts=services.MAX_ATTEMPTS)
    alive.refresh_from_db()
    assert alive.status == S.RUNNING


def test_a_restarted_worker_takes_back_what_it_left_running(monkeypatch) -> None:
    monkeypatch.setattr(services, "report_enqueue", lambda pk: True)
    booted = timezone.now()
    left = _report(S.RUNNING, worker="celery@host", attempts=1, started_at=booted - dt.timedelta(seconds=30),
                   lease_until=booted + dt.timedelta(minutes=10))  # fmt: skip
    services.reports_recover(worker="celery@host", booted_at=booted)
    left.refresh_from_db()
    assert left.status == S.REQUESTED


def test_a_transient_error_is_retried_and_then_marked_failed_in_german(monkeypatch) -> None:
    report = _report(S.QUEUED)

    def broken(**kwargs: object) -> bool:
        raise OSError("Platte voll")

    monkeypatch.setattr(services, "report_render", broken)
    retries: list[int] = []

    class Retry(Exception):
        pass

    def fake_retry(*args: object, **kwargs: object) -> Exception:
        retries.append(1)
        return Retry()

    monkeypatch.setattr(tasks.render_report, "retry", fake_retry)
    for attempt in range(1, services.MAX_ATTEMPTS + 1):
        if attempt < services.MAX_ATTEMPTS:
            with pytest.raises(Retry):
                tasks.render_report.run(report.pk)
            report.refresh_from_db()
            assert report.status == S.QUEUED
            assert report.error == services.ERROR_RETRYING.format(attempt=attempt)
        else:
            tasks.render_report.run(report.pk)
    report.refresh_from_db()
    assert (report.status, report.attempts, len(retries)) == (S.FAILED, services.MAX_ATTEMPTS, 3)
    assert report.error == services.ERROR_FAILED.format(attempts=services.MAX_ATTEMPTS)


def test_a_programming_error_fails_at_once_without_retrying(monkeypatch) -> None:
    report = _report(S.QUEUED)
    monkeypatch.setattr(services, "report_render", lambda **kw: 1 / 0)
    tasks.render_report.run(report.pk)
    report.refresh_from_db()
    assert (report.status, report.attempts, report.error) == (S.FAILED, 1, services.ERROR_BROKEN)


def test_an_enqueue_failure_keeps_the_order(monkeypatch) -> None:
    report = _report()

    def down(*args: object, **kwargs: object) -> None:
        raise ConnectionError("Redis weg")

    monkeypatch.setattr(tasks.render_report, "apply_async", down)
    assert services.report_enqueue(report.pk) is False
    report.refresh_from_db()
    assert report.status == S.REQUESTED


def test_beat_orders_the_previous_year_on_new_year_and_the_running_year_monthly(
    django_capture_on_commit_callbacks,
) -> None:
    schedule = settings.CELERY_BEAT_SCHEDULE
    assert schedule["reports-sweep"]["task"] == "reports.tasks.sweep_reports"
    annual = schedule["reports-annual"]
    assert annual["kwargs"] == {"which": "previous"}
    assert (annual["schedule"].month_of_year, annual["schedule"].day_of_month) == ({1}, {1})
    assert schedule["reports-monthly"]["schedule"].month_of_year == set(range(2, 13))
    assert schedule["reports-monthly"]["kwargs"] == {"which": "current"}
    with django_capture_on_commit_callbacks(execute=True):
        previous = services.report_order_scheduled(which="previous", today=dt.date(2026, 1, 1))
    assert (previous.year, previous.cutoff, previous.scheduled) == (2025, dt.date(2025, 12, 31), True)
    previous.refresh_from_db()
    assert previous.status == S.DONE  # eager in tests: rendered at once


def test_the_admin_orders_a_failed_report_again(admin_user, django_capture_on_commit_callbacks) -> None:
    from django.test import Client
    from django.urls import reverse

    failed = _report(S.FAILED, error="kaputt")
    client = Client()
    client.force_login(admin_user)
    url = reverse("admin:reports_report_changelist")
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"action": "order_again", "_selected_action": [failed.pk]}, follow=True)
    assert response.status_code == 200
    fresh = Report.objects.exclude(pk=failed.pk).get()
    assert (fresh.year, fresh.status) == (2021, S.DONE)


def test_a_gone_workers_report_is_taken_back_within_a_couple_of_minutes_by_default() -> None:
    # Lease (renewed while rendering) plus the sweep's interval: the worst case after a crash.
    sweep = settings.CELERY_BEAT_SCHEDULE["reports-sweep"]["schedule"]
    assert services.lease_seconds() + sweep <= 150
    # The node name does not matter: a row whose lease ran out goes back to the queue.
    report = _report(S.RUNNING, worker="celery@alter-container", worker_pid=4242, attempts=1,
                     lease_until=timezone.now() - dt.timedelta(seconds=1))  # fmt: skip
    assert report.worker_gone
    services.reports_recover(worker="celery@neuer-container", booted_at=timezone.now())
    report.refresh_from_db()
    assert report.status in (S.REQUESTED, S.QUEUED, S.DONE)
    assert report.attempts >= 1
