"""Meine Vorgänge and the case page: filters, pagination, a constant number of
queries, the status timeline, messages with the KIKZ and documents."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from contacts.models import Municipality
from cooperations.models import CaseEvent, Cooperation, Document, Message
from cooperations.services import MESSAGE_EMPTY, case_transition, message_send
from tests.factories import CooperationFactory, DisbursementFactory, GrantFactory

from .conftest import EXE, PDF, pdf_upload


def make_cases(lead: Municipality, n: int, **kwargs: Any) -> list[Cooperation]:
    return [CooperationFactory(lead_municipality=lead, **kwargs) for _ in range(n)]


def test_my_cases_lists_only_the_users_municipalities(
    client: Client, anna: User, case_kassel: Cooperation, case_fulda: Cooperation
) -> None:
    client.force_login(anna)
    body = client.get(reverse("cooperations:my-cases")).content.decode()
    assert case_kassel.reference in body
    assert case_fulda.reference not in body


def test_my_cases_filters_by_status_and_year(client: Client, anna: User, kassel: Municipality) -> None:
    old, new = make_cases(kassel, 2)
    Cooperation.objects.filter(pk=old.pk).update(created_at=timezone.make_aware(dt.datetime(2024, 5, 1)))
    Cooperation.objects.filter(pk=new.pk).update(status="in_beratung")
    client.force_login(anna)
    url = reverse("cooperations:my-cases")
    body = client.get(url, {"year": "2024"}).content.decode()
    assert old.reference in body and new.reference not in body
    body = client.get(url, {"status": "in_beratung"}).content.decode()
    assert new.reference in body and old.reference not in body
    # A bad filter value is explained, never a 500.
    response = client.get(url, {"status": "<script>", "year": "abc"})
    assert response.status_code == 200
    assert (
        "&lt;script&gt;" in response.content.decode()
        or "Wählen Sie eine gültige" in response.content.decode()
    )


def test_my_cases_paginates(client: Client, anna: User, kassel: Municipality) -> None:
    make_cases(kassel, 25)
    client.force_login(anna)
    first = client.get(reverse("cooperations:my-cases")).content.decode()
    assert "Seite 1 von 2" in first and "25 Vorgänge" in first
    second = client.get(reverse("cooperations:my-cases"), {"seite": 2})
    assert second.status_code == 200 and "Seite 2 von 2" in second.content.decode()


@pytest.mark.parametrize("rows", [1, 30])
def test_my_cases_needs_the_same_number_of_queries_for_few_and_many_cases(
    client: Client, anna: User, kassel: Municipality, rows: int, django_assert_num_queries: Any
) -> None:
    make_cases(kassel, rows)
    client.force_login(anna)
    client.get(reverse("cooperations:my-cases"))  # warm the session cache
    # user, memberships (access), groups (visible_to), years, drafts, count, page rows,
    # budget consultations; the session comes from the cache.
    with django_assert_num_queries(8):
        response = client.get(reverse("cooperations:my-cases"))
    assert response.status_code == 200


@pytest.mark.parametrize("rows", [1, 20])
def test_the_case_page_needs_the_same_number_of_queries_for_few_and_many_entries(
    client: Client, anna: User, case_kassel: Cooperation, rows: int, django_assert_num_queries: Any
) -> None:
    for i in range(rows):
        Message.objects.create(
            cooperation=case_kassel, author=anna, from_municipality=True, body=f"Nachricht {i}"
        )
        CaseEvent.objects.create(cooperation=case_kassel, kind=CaseEvent.Kind.NOTE, note=f"Vermerk {i}")
        Document.objects.create(
            cooperation=case_kassel,
            file="documents/x.pdf",
            original_name=f"d{i}.pdf",
            content_type="application/pdf",
            size=10,
        )
        DisbursementFactory(grant=GrantFactory(cooperation=case_kassel), amount=Decimal("10.00"))
    client.force_login(anna)
    client.get(reverse("cooperations:case-detail", args=[case_kassel.pk]))
    # user, memberships, groups, case, further fields, grants, their payments,
    # participations, their population editions (contacts.demography), events, messages,
    # documents, the grants' payment requests and proofs of use (funding.grantee.selectors;
    # their attachments only when there are any), the newest cost-sharing key (agreements),
    # the savings reports and their target (savings.selectors), and marking the KIKZ's
    # replies as read
    with django_assert_num_queries(18):
        response = client.get(reverse("cooperations:case-detail", args=[case_kassel.pk]))
    assert response.status_code == 200


def test_the_timeline_shows_only_events_the_municipality_may_see(
    client: Client, anna: User, clara: User, case_kassel: Cooperation
) -> None:
    case_transition(case=case_kassel, to="in_beratung", actor=clara)
    CaseEvent.objects.create(
        cooperation=case_kassel,
        kind=CaseEvent.Kind.NOTE,
        note="Interner Vermerk",
        visible_to_municipality=False,
    )
    client.force_login(anna)
    body = client.get(reverse("cooperations:case-detail", args=[case_kassel.pk])).content.decode()
    assert "Status: in Beratung" in body
    assert "Interner Vermerk" not in body


def test_a_message_from_the_municipality_reaches_the_adviser_by_mail(
    client: Client, anna: User, clara: User, case_kassel: Cooperation, django_capture_on_commit_callbacks: Any
) -> None:
    case_kassel.adviser = clara
    case_kassel.save()
    client.force_login(anna)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("cooperations:case-message", args=[case_kassel.pk]), {"body": "Wann können wir sprechen?"}
        )
    assert response.status_code == 302
    message = case_kassel.messages.get()
    assert message.from_municipality and message.author == anna
    assert [m.to for m in mail.outbox] == [["clara@kikz.hessen.de"]]
    assert "Wann können wir sprechen?" not in mail.outbox[0].body  # only a link, no content by mail


def test_an_advisers_reply_reaches_the_municipality_and_shows_on_the_page(
    client: Client, anna: User, clara: User, case_kassel: Cooperation, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        message_send(case=case_kassel, author=clara, body="Gern am Dienstag.")
    assert ["anna@kassel.de"] in [m.to for m in mail.outbox]
    client.force_login(anna)
    body = client.get(reverse("cooperations:case-detail", args=[case_kassel.pk])).content.decode()
    assert "Gern am Dienstag." in body and "Kompetenzzentrum" in body


def test_an_empty_message_is_refused_next_to_the_field(
    client: Client, anna: User, case_kassel: Cooperation
) -> None:
    client.force_login(anna)
    response = client.post(reverse("cooperations:case-message", args=[case_kassel.pk]), {"body": "   "})
    assert response.status_code == 200
    assert MESSAGE_EMPTY in response.content.decode()
    assert not case_kassel.messages.exists()


def test_an_overlong_message_is_refused_and_kept(
    client: Client, anna: User, case_kassel: Cooperation
) -> None:
    client.force_login(anna)
    text = "x" * 10_001
    body = client.post(
        reverse("cooperations:case-message", args=[case_kassel.pk]), {"body": text}
    ).content.decode()
    assert "höchstens 10000 Zeichen" in body and text in body


def test_a_document_is_uploaded_and_downloaded_as_an_attachment(
    client: Client, anna: User, case_kassel: Cooperation
) -> None:
    client.force_login(anna)
    response = client.post(
        reverse("cooperations:case-document-upload", args=[case_kassel.pk]),
        {"kind": "beschluss", "file": pdf_upload("Beschluss Rat.pdf")},
    )
    assert response.status_code == 302
    document = case_kassel.documents.get()
    assert document.kind == "beschluss" and "Beschluss" not in str(document.file.name)
    assert not document.file.name.startswith("/")
    download = client.get(reverse("cooperations:document-download", args=[case_kassel.pk, document.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert b"".join(download.streaming_content) == PDF


def test_a_disguised_executable_is_refused_on_the_case_page(
    client: Client, anna: User, case_kassel: Cooperation
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(anna)
    response = client.post(
        reverse("cooperations:case-document-upload", args=[case_kassel.pk]),
        {"kind": "sonstiges", "file": SimpleUploadedFile("rechnung.pdf", EXE)},
    )
    assert response.status_code == 200
    assert "Der Inhalt der Datei" in response.content.decode()
    assert not case_kassel.documents.exists()


def test_no_file_chosen_is_explained(client: Client, anna: User, case_kassel: Cooperation) -> None:
    client.force_login(anna)
    response = client.post(
        reverse("cooperations:case-document-upload", args=[case_kassel.pk]), {"kind": "sonstiges"}
    )
    assert "Wählen Sie eine Datei aus." in response.content.decode()


def test_new_replies_are_flagged_in_the_list_until_the_case_is_opened(
    client: Client, anna: User, clara: User, case_kassel: Cooperation
) -> None:
    message_send(case=case_kassel, author=clara, body="Eine Rückfrage.")
    message_send(case=case_kassel, author=anna, body="Eigene Nachricht zählt nicht.")
    client.force_login(anna)
    assert "1 neue Nachricht" in client.get(reverse("cooperations:my-cases")).content.decode()
    client.get(reverse("cooperations:case-detail", args=[case_kassel.pk]))
    assert "neue Nachricht" not in client.get(reverse("cooperations:my-cases")).content.decode()


def test_messages_of_deleted_accounts_still_show_with_their_side(
    client: Client, anna: User, clara: User, case_kassel: Cooperation
) -> None:
    message_send(case=case_kassel, author=anna, body="Unsere Frage zum Bauhof.")
    message_send(case=case_kassel, author=clara, body="Unsere Antwort dazu.")
    Message.objects.update(author=None)  # both accounts were deleted (GDPR)
    client.force_login(anna)

    page = client.get(reverse("cooperations:case-detail", args=[case_kassel.pk])).content.decode()

    assert "Unsere Frage zum Bauhof." in page and "Unsere Antwort dazu." in page
    assert "<strong>Kommune</strong>" in page
    assert "<strong>Kompetenzzentrum</strong>" in page
