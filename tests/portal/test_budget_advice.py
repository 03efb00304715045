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
from budget_advice.views import REQUEST_SENT
from contacts.models import Municipality
from tests.factories import ConsultationFactory


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
                "earliest_tag": str(day.day),
                "earliest_monat": str(day.month),
                "earliest_jahr": str(day.year),
                "preferred_dates": "dienstags",
            },
        )
    consultation = Consultation.objects.get()
    # The request does not vanish: a page confirms it and shows its state.
    assert response.status_code == 302
    assert response["Location"] == reverse("budget_advice:detail", args=[consultation.pk])
    page = client.get(response["Location"]).content.decode()
    assert REQUEST_SENT in page and "Wir haben Ihnen eine Bestätigung per E-Mail geschickt" in page
    assert "angefragt" in page and "Kita-Gebühren" in page
    assert consultation.status == Consultation.Status.REQUESTED
    assert consultation.municipality == kassel and consultation.date == day
    assert "Kita-Gebühren" in consultation.topics and consultation.requested_by == anna
    assert consultation.size_class == "grossstadt"
    # A confirmation to the asker, a notice to the budget advisers.
    assert sorted(m.to[0] for m in mail.outbox) == ["anna@kassel.de", "hanna@lbwv.hessen.de"]
    confirmation = next(m for m in mail.outbox if m.to == ["anna@kassel.de"])
    assert "ist eingegangen" in confirmation.subject
    assert reverse("budget_advice:detail", args=[consultation.pk]) in confirmation.body
    # … and it is listed under Meine Vorgänge with its state.
    my_cases = client.get(reverse("cooperations:my-cases")).content.decode()
    row = my_cases[my_cases.index('id="haushaltsberatungen"') :]
    assert reverse("budget_advice:detail", args=[consultation.pk]) in row
    assert "angefragt" in row and "1. Beratung" in row


def test_another_municipality_cannot_open_the_consultation(
    client: Client, anna: User, bernd: User, kassel: Municipality
) -> None:
    consultation = ConsultationFactory(municipality=kassel, status=Consultation.Status.REQUESTED)
    client.force_login(bernd)
    assert client.get(reverse("budget_advice:detail", args=[consultation.pk])).status_code == 404
    client.force_login(anna)
    assert client.get(reverse("budget_advice:detail", args=[consultation.pk])).status_code == 200
    client.logout()
    assert client.get(reverse("budget_advice:detail", args=[consultation.pk])).status_code == 302


def test_the_running_number_counts_held_consultations_of_the_municipality(
    client: Client, anna: User, kassel: Municipality
) -> None:
    ConsultationFactory(municipality=kassel, date=dt.date(2019, 1, 1))
    ConsultationFactory(municipality=kassel, date=dt.date(2020, 1, 1), status=Consultation.Status.CANCELLED)
    second = ConsultationFactory(municipality=kassel, date=dt.date(2021, 1, 1))
    client.force_login(anna)
    page = client.get(reverse("budget_advice:detail", args=[second.pk])).content.decode()
    assert "2. Beratung Ihrer Kommune" in page


def test_bad_input_is_explained_and_kept(client: Client, anna: User, kassel: Municipality) -> None:
    client.force_login(anna)
    past = timezone.localdate() - dt.timedelta(days=1)
    body = client.post(
        reverse("budget_advice:request"),
        {
            "municipality": kassel.pk,
            **date_parts(past.day, past.month, past.year),
            "preferred_dates": "<i>bald</i>",
        },
    ).content.decode()
    assert budget_forms.DATE_IN_PAST in body
    assert "Wählen Sie mindestens ein Thema aus" in body
    # The summary lists the problems in the order of the fields: topics come before the date.
    summary = body[body.index("Es gibt ein Problem") : body.index("</ul>", body.index("Es gibt ein Problem"))]
    assert summary.index("Wählen Sie mindestens ein Thema aus") < summary.index(budget_forms.DATE_IN_PAST)
    assert "&lt;i&gt;bald&lt;/i&gt;" in body
    body = client.post(
        reverse("budget_advice:request"), {"municipality": kassel.pk, **date_parts(31, 2, 2027)}
    ).content.decode()
    assert budget_forms.DATE_INVALID in body
    # What was typed stays in the three fields, and the summary links to the Tag field.
    assert 'name="earliest_tag" type="text" inputmode="numeric" maxlength="2" value="31"' in body
    assert 'value="2027"' in body and 'href="#id_earliest_tag"' in body
    assert not Consultation.objects.exists()


def test_the_date_is_asked_as_tag_monat_jahr(client: Client, anna: User, kassel: Municipality) -> None:
    client.force_login(anna)
    year = timezone.localdate().year + 1
    for typed, expected in (
        (date_parts(5, 3, year), dt.date(year, 3, 5)),
        (date_parts("05", "03", str(year)[2:]), dt.date(year, 3, 5)),  # "27" means 2027
    ):
        response = client.post(
            reverse("budget_advice:request"),
            {"municipality": kassel.pk, "topics": ["personal"], **typed},
        )
        assert response.status_code == 302
        assert Consultation.objects.latest("pk").date == expected
    for typed in (date_parts("", 3, year), date_parts("x", 3, year), date_parts(1, 13, year)):
        body = client.post(
            reverse("budget_advice:request"), {"municipality": kassel.pk, **typed}
        ).content.decode()
        assert budget_forms.DATE_INVALID in body
    body = client.post(reverse("budget_advice:request"), {"municipality": kassel.pk}).content.decode()
    assert budget_forms.DATE_REQUIRED in body


def date_parts(day: object, month: object, year: object) -> dict[str, str]:
    return {"earliest_tag": str(day), "earliest_monat": str(month), "earliest_jahr": str(year)}


def test_another_municipality_cannot_be_chosen(client: Client, anna: User, fulda: Municipality) -> None:
    client.force_login(anna)
    body = client.post(reverse("budget_advice:request"), {"municipality": fulda.pk}).content.decode()
    assert budget_forms.CHOOSE_MUNICIPALITY in body
