"""The back office of the events as a KIKZ adviser uses it: the list with its counts,
the participant exports, the sign-in sheet read back, attendance and a mail to all."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from events.models import Event, Registration
from tests.events.conftest import confirmed, make_event
from tests.smtp import Inbox, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def adviser(clara: Any) -> Client:
    client = Client()
    client.force_login(clara)
    return client


@pytest.fixture
def full_event(event: Event, django_capture_on_commit_callbacks: Any) -> Event:
    with django_capture_on_commit_callbacks(execute=True):
        confirmed(event, "a@kassel.de", "Anna Ahrens", role="Bürgermeisterin")
        confirmed(event, "b@kassel.de", "Bernd Bauer")
        confirmed(event, "c@kassel.de", "Clara Christ")  # waiting list
    return event


def test_the_event_list_shows_the_counts_with_a_fixed_number_of_queries(
    adviser: Client, full_event: Event, django_capture_on_commit_callbacks: Any
) -> None:
    url = reverse("admin:events_event_changelist")
    adviser.get(url)  # session and content types
    with CaptureQueriesContext(connection) as few:
        page = adviser.get(url)
    text = page.content.decode()
    assert "Interkommunale Zusammenarbeit im Bauhof" in text
    row = text[text.index("Interkommunale Zusammenarbeit im Bauhof") :]
    assert '<td class="field-registered">2</td>' in row
    assert '<td class="field-waiting">1</td>' in row
    for n in range(5):
        other = make_event(title=f"Workshop {n}")
        with django_capture_on_commit_callbacks(execute=True):
            confirmed(other, f"x{n}@kassel.de")
    with CaptureQueriesContext(connection) as many:
        adviser.get(url)
    # session, user, the user's groups and permissions (2FA check and admin), the date
    # hierarchy's years, the filtered and the full count, the page of events with their four counts
    assert len(many.captured_queries) == len(few.captured_queries) == 8


def test_the_participant_list_exports_as_csv_and_xlsx(adviser: Client, full_event: Event) -> None:
    response = adviser.get(reverse("admin:events_event_csv", args=[full_event.pk]))
    assert response["Content-Disposition"].startswith('attachment; filename="teilnehmende-')
    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:3] == ["Name", "E-Mail", "Kommune oder Organisation"]
    by_name = {r[0]: r for r in rows[1:]}
    assert by_name["Anna Ahrens"][3] == "Bürgermeisterin"
    assert by_name["Anna Ahrens"][5] == "angemeldet"
    assert by_name["Clara Christ"][5] == "Warteliste"
    assert len(by_name["Anna Ahrens"][6]) == 10 and by_name["Anna Ahrens"][6][2] == "."  # 31.12.2026

    xlsx = adviser.get(reverse("admin:events_event_xlsx", args=[full_event.pk]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None and sheet.title == "Teilnehmende"
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0][0] == "Name" and {v[0] for v in values[1:]} == {
        "Anna Ahrens",
        "Bernd Bauer",
        "Clara Christ",
    }


def test_the_sign_in_sheet_lists_everyone_with_a_seat(
    adviser: Client, full_event: Event, artifacts_dir: Any
) -> None:
    response = adviser.get(reverse("admin:events_event_pdf", args=[full_event.pk]))
    assert response["Content-Type"] == "application/pdf"
    (artifacts_dir / "events-signin-sheet.pdf").write_bytes(response.content)  # for a person to look at
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Teilnehmerliste" in text and full_event.title in text
    assert "Anna Ahrens" in text and "Bernd Bauer" in text
    assert "Clara Christ" not in text  # on the waiting list, not expected in the room


def test_attendance_is_marked_from_the_sheet(adviser: Client, full_event: Event) -> None:
    anna = Registration.objects.get(email="a@kassel.de")
    bernd = Registration.objects.get(email="b@kassel.de")
    url = reverse("admin:events_event_attendance", args=[full_event.pk])
    assert "Anna Ahrens" in adviser.get(url).content.decode()
    response = adviser.post(url, {f"r{anna.pk}": "on"})
    assert response.status_code == 302
    anna.refresh_from_db()
    bernd.refresh_from_db()
    assert anna.attended and not bernd.attended
    assert "teilgenommen" in adviser.get(reverse("admin:events_event_changelist")).content.decode()


def test_a_mail_to_all_reaches_everyone_with_a_seat_with_their_own_link(
    adviser: Client, full_event: Event, smtp: Inbox, django_capture_on_commit_callbacks: Any
) -> None:
    url = reverse("admin:events_event_broadcast", args=[full_event.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = adviser.post(url, {"subject": "Raumänderung", "text": "Wir treffen uns im Saal 2."})
    assert response.status_code == 302
    to_anna = smtp.wait_for("a@kassel.de", "Raumänderung")
    to_bernd = smtp.wait_for("b@kassel.de", "Raumänderung")
    assert "Saal 2" in text_of(to_anna)
    assert text_of(to_anna).split("abmelden/")[1][:20] != text_of(to_bernd).split("abmelden/")[1][:20]
    assert not [m for m in smtp.to("c@kassel.de") if "Raumänderung" in str(m["Subject"])]


def test_an_empty_mail_to_all_is_refused_and_keeps_the_subject(adviser: Client, full_event: Event) -> None:
    url = reverse("admin:events_event_broadcast", args=[full_event.pk])
    response = adviser.post(url, {"subject": "Raumänderung", "text": ""})
    assert response.status_code == 422
    assert 'value="Raumänderung"' in response.content.decode()


def test_cancelling_in_the_back_office_moves_the_waiting_list_up(
    adviser: Client, full_event: Event, django_capture_on_commit_callbacks: Any
) -> None:
    anna = Registration.objects.get(email="a@kassel.de")
    with django_capture_on_commit_callbacks(execute=True):
        adviser.post(
            reverse("admin:events_registration_changelist"),
            {"action": "cancel_selected", "_selected_action": [anna.pk]},
        )
    assert Registration.objects.get(email="c@kassel.de").status == Registration.Status.CONFIRMED


def test_an_adviser_creates_an_event_through_the_admin_form(adviser: Client, case_kassel: Any) -> None:
    response = adviser.post(
        reverse("admin:events_event_add"),
        {
            "title": "Online-Seminar Standesamt",
            "kind": "online_seminar",
            "audiences": ["verwaltung"],
            "organiser": "KIKZ",
            "starts_at_0": "10.03.2027",
            "starts_at_1": "10:00",
            "ends_at_0": "10.03.2027",
            "ends_at_1": "11:30",
            "online_url": "https://konferenz.example.de/standesamt",
            "capacity": "40",
            "registration_deadline_0": "08.03.2027",
            "registration_deadline_1": "12:00",
            "cooperation": case_kassel.pk,
            "is_published": "on",
            "registrations-TOTAL_FORMS": "0",
            "registrations-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    event = Event.objects.get(title="Online-Seminar Standesamt")
    assert event.activity is not None and event.activity.cooperation == case_kassel
    assert event.history.first().history_user is not None  # type: ignore[attr-defined]
