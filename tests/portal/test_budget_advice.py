"""A confirmed user asks for a budget consultation."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from budget_advice import forms as budget_forms
from budget_advice.models import Consultation
from contacts.models import Municipality


def test_a_request_becomes_a_requested_consultation_and_notifies_the_budget_advisers(
    client: Client, anna: User, kassel: Municipality, hanna: User, django_capture_on_commit_callbacks: Any
) -> None:
    client.force_login(anna)
    day = timezone.localdate() + dt.timedelta(days=30)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("budget_advice:request"),
            {
                "municipality": kassel.pk,
                "topics": ["konsolidierung", "personal"],
                "other_topics": "Kita-Gebühren",
                "earliest": day.isoformat(),
                "preferred_dates": "dienstags",
            },
        )
    assert response.status_code == 302
    consultation = Consultation.objects.get()
    assert consultation.status == Consultation.Status.REQUESTED
    assert consultation.municipality == kassel and consultation.date == day
    assert "Kita-Gebühren" in consultation.topics and consultation.requested_by == anna
    assert consultation.size_class == "grossstadt"
    assert [m.to for m in mail.outbox] == [["hanna@lbwv.hessen.de"]]
    assert "angefragt" in client.get(reverse("budget_advice:request")).content.decode()


def test_bad_input_is_explained_and_kept(client: Client, anna: User, kassel: Municipality) -> None:
    client.force_login(anna)
    past = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    body = client.post(
        reverse("budget_advice:request"),
        {"municipality": kassel.pk, "earliest": past, "preferred_dates": "<i>bald</i>"},
    ).content.decode()
    assert budget_forms.DATE_IN_PAST in body
    assert "Wählen Sie mindestens ein Thema aus" in body
    assert "&lt;i&gt;bald&lt;/i&gt;" in body
    body = client.post(
        reverse("budget_advice:request"), {"municipality": kassel.pk, "earliest": "31.02.2027"}
    ).content.decode()
    assert budget_forms.DATE_INVALID in body
    assert not Consultation.objects.exists()


def test_another_municipality_cannot_be_chosen(client: Client, anna: User, fulda: Municipality) -> None:
    client.force_login(anna)
    body = client.post(reverse("budget_advice:request"), {"municipality": fulda.pk}).content.decode()
    assert budget_forms.CHOOSE_MUNICIPALITY in body
