"""Requests to act for a municipality reach the advisers (issue #14): on the start page
and in the Eingang, where they are confirmed or rejected with the same services (and
mails) as in the membership list. And the start page says what it counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from budget_advice.models import Meeting
from contacts.models import Membership, Municipality
from desk import views
from tests.factories import ConsultationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def waiting(udo: User) -> Membership:
    return Membership.objects.get(user=udo)


def test_the_start_page_shows_who_waits_for_a_confirmation(adviser: Client, waiting: Membership) -> None:
    page = adviser.get(reverse("admin:index")).content.decode()
    assert "Zugänge zu Kommunen bestätigen" in page
    assert "Udo Unbestätigt für Fulda" in page


def test_the_eingang_lists_the_request_and_confirms_it_with_a_mail(
    adviser: Client, clara: User, waiting: Membership, django_capture_on_commit_callbacks: object
) -> None:
    triage = reverse("admin:cooperations_cooperation_triage")
    page = adviser.get(triage).content.decode()
    assert "Zugänge zu Kommunen bestätigen (1)" in page
    assert "udo@fulda.de" in page
    url = reverse("admin:cooperations_cooperation_membership", args=[waiting.pk])
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        response = adviser.post(url, {"entscheidung": "bestaetigen", "next": triage}, follow=True)
    waiting.refresh_from_db()
    assert waiting.status == Membership.Status.CONFIRMED
    assert waiting.decided_by == clara
    assert views.MEMBERSHIP_CONFIRMED.format(user="Udo Unbestätigt", municipality="Fulda") in (
        response.content.decode()
    )
    assert [m.to for m in mail.outbox] == [["udo@fulda.de"]]
    assert "Zugänge zu Kommunen bestätigen (0)" in adviser.get(triage).content.decode()


def test_a_rejection_goes_through_the_service(adviser: Client, waiting: Membership) -> None:
    adviser.post(
        reverse("admin:cooperations_cooperation_membership", args=[waiting.pk]), {"entscheidung": "ablehnen"}
    )
    waiting.refresh_from_db()
    assert waiting.status == Membership.Status.REJECTED


def test_the_budget_adviser_may_not_decide(budget_adviser: Client, waiting: Membership) -> None:
    url = reverse("admin:cooperations_cooperation_membership", args=[waiting.pk])
    assert budget_adviser.post(url, {"entscheidung": "bestaetigen"}).status_code == 403
    waiting.refresh_from_db()
    assert waiting.status == Membership.Status.REQUESTED


def test_a_foreign_next_after_deciding_stays_on_the_site(adviser: Client, waiting: Membership) -> None:
    url = reverse("admin:cooperations_cooperation_membership", args=[waiting.pk])
    response = adviser.post(url, {"entscheidung": "bestaetigen", "next": "https://evil.example/"})
    assert response["Location"] == reverse("admin:cooperations_cooperation_triage")


def test_the_start_page_says_what_it_counts(budget_adviser: Client, kuenzell: Municipality) -> None:
    """A consultation dated this month without a meeting this month: the count and the empty
    list of meetings must not read as a contradiction."""
    today = timezone.localdate()
    consultation = ConsultationFactory(municipality=kuenzell, date=today)
    Meeting.objects.create(
        consultation=consultation, kind=Meeting.Kind.FIRST, date=today - dt.timedelta(days=62)
    )
    page = budget_adviser.get(reverse("admin:index")).content.decode()
    assert "Haushaltsberatungen in diesem Monat: 1" not in page
    assert "Beratung hat ihren Beratungstag in diesem Monat" in page
    assert "Keine Gesprächstermine in diesem Monat eingetragen." in page
