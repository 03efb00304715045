"""The seven-question self-check: anyone answers it without an account, reads and
prints the result; a confirmed municipal user turns it into an inquiry draft."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from cooperations.forms import ANSWER_REQUIRED, CHECKLIST_FIELDS_REQUIRED
from cooperations.models import FieldOfAction, InquiryDraft

pytestmark = pytest.mark.django_db


def answers(field: FieldOfAction) -> dict[str, Any]:
    data: dict[str, Any] = {"q1_fields": [field.pk], "q1_comment": "Vor allem der Bauhof"}
    for n in range(2, 8):
        data[f"q{n}"] = "ja" if n % 2 else "nein"
    data["q3_comment"] = "Standesamt mit Nachbarn"
    return data


def test_anyone_answers_the_seven_questions_and_sees_a_printable_result(client: Client) -> None:
    field = FieldOfAction.objects.order_by("position").first()
    assert field is not None
    form = client.get(reverse("knowledge:selfcheck")).content.decode()
    assert "demografischen Wandel" in form and "7." in form

    response = client.post(reverse("knowledge:selfcheck"), answers(field))
    assert response.status_code == 302
    result = client.get(response["Location"]).content.decode()
    assert "Ergebnis Ihres Selbstchecks" in result
    assert field.name in result and "Vor allem der Bauhof" in result and "Standesamt mit Nachbarn" in result
    assert "Ergebnis drucken" in result and "@media print" in result
    assert "Anmelden und übernehmen" in result  # anonymous: the way to an inquiry is the login


def test_missing_answers_are_named_and_what_was_given_stays(client: Client) -> None:
    field = FieldOfAction.objects.order_by("position").first()
    assert field is not None
    data = answers(field)
    del data["q5"]
    data.pop("q1_fields")
    response = client.post(reverse("knowledge:selfcheck"), data)
    text = response.content.decode()
    assert response.status_code == 200
    assert CHECKLIST_FIELDS_REQUIRED in text
    assert "Frage 5: " + ANSWER_REQUIRED in text
    assert "Standesamt mit Nachbarn" in text


def test_the_result_without_answers_leads_back_to_the_questions(client: Client) -> None:
    response = client.get(reverse("knowledge:selfcheck-result"))
    assert response.status_code == 302 and response["Location"] == reverse("knowledge:selfcheck")


def test_a_confirmed_municipal_user_turns_the_result_into_an_inquiry_draft(
    client: Client, anna: Any, kassel: Any
) -> None:
    field = FieldOfAction.objects.order_by("position").first()
    assert field is not None
    client.post(reverse("knowledge:selfcheck"), answers(field))
    client.force_login(anna)  # the answers survive the login (same session data)
    result = client.get(reverse("knowledge:selfcheck-result")).content.decode()
    assert "Als Kooperationsanfrage übernehmen" in result

    response = client.post(reverse("knowledge:selfcheck-to-inquiry"))
    draft = InquiryDraft.objects.get(user=anna)
    assert response["Location"] == reverse("cooperations:inquiry-step", args=[draft.token, "kommune"])
    assert draft.data["municipality"] == kassel.pk
    assert draft.data["fields"] == [field.pk]
    assert draft.data["checklist"]["q3_comment"] == "Standesamt mit Nachbarn"
    assert draft.data["done"] == []  # every step is still shown for checking
    checklist_page = client.get(reverse("cooperations:inquiry-step", args=[draft.token, "checkliste"]))
    assert checklist_page.status_code == 302  # the wizard asks the earlier steps first


def test_only_confirmed_municipal_users_may_turn_it_into_a_draft(
    client: Client, udo: Any, clara: Any
) -> None:
    field = FieldOfAction.objects.order_by("position").first()
    assert field is not None
    client.post(reverse("knowledge:selfcheck"), answers(field))
    anonymous = client.post(reverse("knowledge:selfcheck-to-inquiry"))
    assert anonymous.status_code == 302 and "/konto/login/" in anonymous["Location"]
    client.force_login(udo)  # signed up, not yet confirmed
    assert client.post(reverse("knowledge:selfcheck-to-inquiry"))["Location"] == reverse(
        "accounts:memberships"
    )
    client.force_login(clara)
    assert client.post(reverse("knowledge:selfcheck-to-inquiry")).status_code == 403
    assert not InquiryDraft.objects.exists()
