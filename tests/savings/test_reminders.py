"""The yearly reminder for last year's report: once when due, once more when overdue,
never twice, never for a year already reported; the beat entry names the task."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings

from accounts.models import User
from cooperations.models import Cooperation
from core.models import OutboxMail
from savings.services import savings_reminders_send
from savings.tasks import send_savings_reminders

from .conftest import report, this_year

pytestmark = pytest.mark.django_db


def test_due_in_january_and_overdue_after_march_each_mailed_once(
    funded_case: Cooperation, anna: User
) -> None:
    year = this_year() - 1
    january = dt.date(this_year(), 1, 10)

    assert savings_reminders_send(today=january) == 1
    assert savings_reminders_send(today=january) == 0  # the second run of the day
    mail = OutboxMail.objects.get()
    assert mail.to == anna.email
    assert mail.subject.endswith(f"Einsparbericht {year} fällig: {funded_case.reference} {funded_case.title}")
    assert f"bis zum 31.03.{this_year()}" in mail.body
    assert f"/vorgaenge/{funded_case.pk}/einsparungen/?jahr={year}" in mail.body

    assert savings_reminders_send(today=dt.date(this_year(), 3, 31)) == 0  # still due, already told
    assert savings_reminders_send(today=dt.date(this_year(), 4, 1)) == 1
    overdue = OutboxMail.objects.latest("pk")
    assert f"Erinnerung: Einsparbericht {year} überfällig" in overdue.subject


def test_a_reported_year_is_not_reminded(funded_case: Cooperation, anna: User) -> None:
    report(funded_case, anna, this_year() - 1, "100000", "80000", today=dt.date(this_year(), 1, 5))
    OutboxMail.objects.all().delete()  # the adviser's notice of the report

    assert savings_reminders_send(today=dt.date(this_year(), 4, 2)) == 0
    assert not OutboxMail.objects.exists()


def test_a_case_past_its_reporting_period_is_not_reminded(funded_case: Cooperation, anna: User) -> None:
    Cooperation.objects.filter(pk=funded_case.pk).update(
        started_on=dt.date(this_year() - 9, 1, 1), planned_duration_years=5
    )

    assert savings_reminders_send(today=dt.date(this_year(), 1, 10)) == 0


def test_the_beat_runs_the_reminder_task_daily(funded_case: Cooperation, anna: User) -> None:
    entry = settings.CELERY_BEAT_SCHEDULE["savings-reminders"]
    assert entry["task"] == "savings.tasks.send_savings_reminders"

    send_savings_reminders.apply()  # today: last year's report is due or overdue

    assert (
        OutboxMail.objects.filter(
            to=anna.email, subject__contains=f"Einsparbericht {this_year() - 1}"
        ).count()
        == 1
    )
