"""The funding services: answers to the Förderlotse go out once, whichever page they
are written on; a question from a programme page records the programme; a reclaim
records amount and date; money is typed and shown the German way."""

from __future__ import annotations

import datetime as dt
import threading
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse

from accounts.models import User
from backoffice.money import BAD_AMOUNT, MoneyField, euro_text, parse_euro
from cooperations.models import Cooperation
from core.models import OutboxMail
from funding.models import FunderQuestion, Grant
from funding.services import (
    ALREADY_ANSWERED,
    RECLAIM_ABOVE_PAID,
    grant_reclaim,
    question_answer,
)
from tests.factories import DisbursementFactory, FunderQuestionFactory, GrantFactory, ProgrammeFactory
from tests.forms import FormFields
from tests.smtp import smtp_server, text_of


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("25.000,50", Decimal("25000.50")),
        ("25000,50", Decimal("25000.50")),
        ("60.000", Decimal("60000")),
        ("60000", Decimal("60000")),
        ("1.234.567,89 €", Decimal("1234567.89")),
        ("60000.00", Decimal("60000.00")),
        (" 7,5 ", Decimal("7.5")),
    ],
)
def test_money_is_typed_the_german_way(typed: str, amount: Decimal) -> None:
    assert MoneyField(max_digits=12, decimal_places=2).clean(typed) == amount


@pytest.mark.parametrize("typed", ["viel", "25,000.50", "1.2345,00", "25.00.00", "12,345"])
def test_what_is_not_an_amount_gets_a_german_message(typed: str) -> None:
    field = MoneyField(max_digits=12, decimal_places=2)
    with pytest.raises(ValidationError) as exc:
        field.clean(typed)
    assert exc.value.messages[0] in (
        BAD_AMOUNT.format(value=typed),
        "Bitte höchstens zwei Nachkommastellen angeben (Cent).",
    )


def test_money_is_shown_the_german_way() -> None:
    assert euro_text(Decimal("60000")) == "60.000,00 €"
    assert euro_text(Decimal("-1234.5")) == "-1.234,50 €"
    assert parse_euro(euro_text(Decimal("1234567.89"))) == Decimal("1234567.89")


# --- Förderlotse ---------------------------------------------------------------------


def smtp_on(settings: Any, port: int) -> None:
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
        }
    }


@pytest.mark.django_db
def test_answering_on_the_questions_own_page_mails_the_asker(
    adviser: Client, clara: User, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    question = FunderQuestionFactory(
        name="Turnverein Kassel", email="vorstand@tv-kassel.example", text="Gibt es Geld für ein Vereinsheim?"
    )
    url = reverse("admin:funding_funderquestion_change", args=[question.pk])
    parser = FormFields("funderquestion_form")
    parser.feed(adviser.get(url).content.decode())
    data = {k: [v.removeprefix("\n") for v in values] for k, values in parser.fields.items()}
    data["answer"] = ["Das Programm „Sportstättenförderung“ des Landes passt."]
    data["status"] = ["beantwortet"]
    with smtp_server() as inbox:
        smtp_on(settings, inbox.port)
        with django_capture_on_commit_callbacks(execute=True):
            response = adviser.post(url, data)
        assert response.status_code == 302, response.content.decode()[:3000]
        message = inbox.wait_for("vorstand@tv-kassel.example", "Förderlotsen")
    assert "Sportstättenförderung" in text_of(message)
    question.refresh_from_db()
    assert question.status == FunderQuestion.Status.ANSWERED
    assert question.answered_at is not None
    assert question.assigned_to == clara


@pytest.mark.django_db
def test_setting_answered_without_an_answer_is_refused_on_the_questions_page(adviser: Client) -> None:
    question = FunderQuestionFactory(email="frage@example.org")
    url = reverse("admin:funding_funderquestion_change", args=[question.pk])
    parser = FormFields("funderquestion_form")
    parser.feed(adviser.get(url).content.decode())
    data = {k: [v.removeprefix("\n") for v in values] for k, values in parser.fields.items()}
    data["status"] = ["beantwortet"]
    response = adviser.post(url, data)
    assert response.status_code == 200
    assert "Bitte geben Sie eine Antwort ein." in response.content.decode()
    assert not OutboxMail.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_advisers_answering_at_once_send_one_mail(clara: User) -> None:
    from tests.conftest import _user

    other = _user("karl@kikz.hessen.de", staff=True)
    question = FunderQuestionFactory(email="frage@example.org")
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def answer(actor: User, text: str) -> None:
        try:
            barrier.wait(timeout=10)
            question_answer(question=question, answer=text, actor=actor)
            outcomes.append("sent")
        except ValidationError as exc:
            outcomes.append(exc.messages[0])
        finally:
            connection.close()

    threads = [
        threading.Thread(target=answer, args=(clara, "Antwort von Clara")),
        threading.Thread(target=answer, args=(other, "Antwort von Karl")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert outcomes.count("sent") == 1
    (refused,) = [o for o in outcomes if o != "sent"]
    assert refused.startswith(ALREADY_ANSWERED.split("{")[0])
    assert OutboxMail.objects.filter(to="frage@example.org").count() == 1


@pytest.mark.django_db
def test_a_question_from_a_programme_page_records_the_programme(client: Client) -> None:
    programme = ProgrammeFactory(name="Sportstättenförderung", is_active=True)
    url = reverse("funding:question") + f"?programm={programme.pk}"
    page = client.get(url).content.decode()
    assert "Sportstättenförderung" in page
    response = client.post(
        reverse("funding:question"),
        {
            "programm": str(programme.pk),
            "asker_kind": "verein",
            "name": "Turnverein",
            "email": "tv@example.org",
            "text": "Wir möchten unser Vereinsheim sanieren. Passt das Programm?",
            "consent": "on",
        },
    )
    assert response.status_code == 302
    assert FunderQuestion.objects.get().programme == programme


# --- Rückforderung ---------------------------------------------------------------------


@pytest.mark.django_db
def test_a_reclaim_records_amount_and_date_and_at_most_what_was_paid(
    case_kassel: Cooperation, clara: User
) -> None:
    grant = GrantFactory(cooperation=case_kassel)
    DisbursementFactory(grant=grant, amount=Decimal("20000"))
    with pytest.raises(ValidationError) as exc:
        grant_reclaim(grant=grant, amount=Decimal("25000"), on=dt.date(2026, 11, 2), actor=clara)
    assert exc.value.messages == [RECLAIM_ABOVE_PAID.format(paid="20.000,00 €")]
    grant_reclaim(grant=grant, amount=Decimal("15000"), on=dt.date(2026, 11, 2), actor=clara)
    grant.refresh_from_db()
    assert (grant.status, grant.reclaimed_amount, grant.reclaimed_on) == (
        Grant.Status.RECLAIMED,
        Decimal("15000.00"),
        dt.date(2026, 11, 2),
    )
    assert grant.history.first().history_user == clara
