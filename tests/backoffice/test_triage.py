"""The triage queue: take over, answer, merge duplicates, Förderlotse questions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from contacts.models import Municipality
from cooperations.models import CaseEvent, Cooperation, Message, Status
from funding.models import FunderQuestion
from tests.factories import ActivityFactory, CooperationFactory, FunderQuestionFactory, MessageFactory

pytestmark = pytest.mark.django_db


def test_the_queue_shows_new_inquiries_oldest_first_and_open_questions(
    adviser: Client, kassel: Municipality, fulda: Municipality
) -> None:
    newer = CooperationFactory(title="Neuere Anfrage", lead_municipality=kassel)
    older = CooperationFactory(title="Ältere Anfrage", lead_municipality=fulda)
    Cooperation.objects.filter(pk=older.pk).update(submitted_at=timezone.now() - dt.timedelta(days=3))
    Cooperation.objects.filter(pk=newer.pk).update(submitted_at=timezone.now())
    FunderQuestionFactory(text="Gibt es Geld für ein Vereinsheim?")
    page = adviser.get(reverse("admin:cooperations_cooperation_triage")).content.decode()
    assert page.index("Ältere Anfrage") < page.index("Neuere Anfrage")
    assert "Gibt es Geld für ein Vereinsheim?" in page


def test_taking_over_assigns_me_and_removes_the_inquiry_from_the_queue(
    adviser: Client, clara: User, case_kassel: Cooperation
) -> None:
    adviser.post(reverse("admin:cooperations_cooperation_take_over", args=[case_kassel.pk]))
    case_kassel.refresh_from_db()
    assert case_kassel.adviser == clara
    assert CaseEvent.objects.filter(cooperation=case_kassel, kind=CaseEvent.Kind.ASSIGNED).exists()
    page = adviser.get(reverse("admin:cooperations_cooperation_triage")).content.decode()
    assert reverse("admin:cooperations_cooperation_take_over", args=[case_kassel.pk]) not in page


def test_an_answer_is_a_message_the_municipality_sees_and_gets_by_mail(
    adviser: Client,
    clara: User,
    anna: User,
    case_kassel: Cooperation,
    django_capture_on_commit_callbacks: object,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        response = adviser.post(
            reverse("admin:cooperations_cooperation_message", args=[case_kassel.pk]),
            {"body": "Gern beraten wir Sie. Passt Ihnen der 12. Mai?"},
        )
    assert response.status_code == 302
    message = Message.objects.get(cooperation=case_kassel)
    assert (message.author, message.from_municipality) == (clara, False)
    assert [m.to for m in mail.outbox] == [[anna.email]]
    case_kassel.refresh_from_db()
    assert case_kassel.adviser == clara  # answering takes the inquiry over


def test_an_empty_answer_is_refused_next_to_the_field(adviser: Client, case_kassel: Cooperation) -> None:
    response = adviser.post(
        reverse("admin:cooperations_cooperation_message", args=[case_kassel.pk]), {"body": ""}
    )
    assert response.status_code == 422
    assert not Message.objects.exists()


def test_a_duplicate_inquiry_is_merged_into_the_existing_case(
    adviser: Client, case_kassel: Cooperation, kassel: Municipality, fulda: Municipality
) -> None:
    duplicate = CooperationFactory(title="Bauhof (nochmal)", lead_municipality=kassel, partners=[fulda])
    MessageFactory(cooperation=duplicate, body="Wir fragen noch einmal.")
    ActivityFactory(cooperation=duplicate)
    page = adviser.get(reverse("admin:cooperations_cooperation_merge", args=[duplicate.pk])).content.decode()
    assert case_kassel.reference in page  # offered: same municipality
    response = adviser.post(
        reverse("admin:cooperations_cooperation_merge", args=[duplicate.pk]), {"into": case_kassel.pk}
    )
    assert response.status_code == 302
    duplicate.refresh_from_db()
    assert duplicate.status == Status.WITHDRAWN
    assert case_kassel.messages.filter(body="Wir fragen noch einmal.").exists()
    assert case_kassel.activities.count() == 1
    assert set(case_kassel.participations.values_list("municipality__name", flat=True)) >= {"Kassel", "Fulda"}
    assert CaseEvent.objects.filter(cooperation=case_kassel, kind=CaseEvent.Kind.MERGED).exists()


def test_merging_into_an_unknown_reference_says_so(adviser: Client, case_kassel: Cooperation) -> None:
    response = adviser.post(
        reverse("admin:cooperations_cooperation_merge", args=[case_kassel.pk]), {"reference": "IKZ-1999-0001"}
    )
    assert response.status_code == 422
    assert "Es gibt keinen Vorgang mit dem Aktenzeichen „IKZ-1999-0001“." in response.content.decode()


def test_a_foerderlotse_question_is_taken_over_and_answered_by_mail(
    adviser: Client, clara: User, django_capture_on_commit_callbacks: object
) -> None:
    question = FunderQuestionFactory(email="verein@example.org")
    url = reverse("admin:cooperations_cooperation_question", args=[question.pk])
    adviser.post(url, {"take_over": "1"})
    question.refresh_from_db()
    assert (question.assigned_to, question.status) == (clara, FunderQuestion.Status.IN_PROGRESS)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        adviser.post(url, {"answer": "Das Programm „Vereinsförderung“ passt.", "referred_office": ""})
    question.refresh_from_db()
    assert question.status == FunderQuestion.Status.ANSWERED
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["verein@example.org"]
    assert "Vereinsförderung" in mail.outbox[0].body


def test_budget_advisers_find_consultation_requests_in_their_queue_but_no_cases(
    budget_adviser: Client, case_kassel: Cooperation, kuenzell: Municipality
) -> None:
    from budget_advice.models import Consultation
    from tests.factories import ConsultationFactory

    ConsultationFactory(municipality=kuenzell, status=Consultation.Status.REQUESTED, topics="Grundsteuer")
    page = budget_adviser.get(reverse("admin:cooperations_cooperation_triage")).content.decode()
    assert "Anfragen zur Haushaltsberatung (1)" in page
    assert "Künzell" in page
    assert case_kassel.reference not in page


def test_the_queue_names_every_field_of_action_with_one_query_for_all_rows(
    adviser: Client, kassel: Municipality
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from cooperations.models import FieldOfAction

    bauhof = FieldOfAction.objects.get_or_create(name="Bauhof", defaults={"slug": "bauhof-eingang"})[0]
    it = FieldOfAction.objects.get_or_create(name="IT und E-Government", defaults={"slug": "it-eingang"})[0]
    first = CooperationFactory(lead_municipality=kassel, title="Gemeinsame IT", field_of_action=bauhof)
    first.further_fields.set([it])
    url = reverse("admin:cooperations_cooperation_triage")
    adviser.get(url)  # warm the session and the caches
    with CaptureQueriesContext(connection) as one:
        page = adviser.get(url).content.decode()
    assert "weitere: IT und E-Government" in page  # the second Handlungsfeld from the wizard
    for n in range(3):
        CooperationFactory(lead_municipality=kassel, title=f"Weitere {n}").further_fields.set([it])
    with CaptureQueriesContext(connection) as four:
        adviser.get(url)
    assert len(four.captured_queries) == len(one.captured_queries)
