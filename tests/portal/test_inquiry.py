"""The cooperation inquiry wizard: one topic per page, answers kept in a server-side
draft, clear German errors, a check-answers page and exactly one case per draft."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from accounts.models import User
from contacts.models import Municipality
from cooperations import forms as wizard
from cooperations.models import Cooperation, FieldOfAction, InquiryDraft
from cooperations.services import PARTNER_IS_OWN, inquiry_submit
from core import uploads

from .conftest import EXE, PDF, complete_data, pdf_upload


def step_url(draft: InquiryDraft, slug: str) -> str:
    return reverse("cooperations:inquiry-step", args=[draft.token, slug])


def review_url(draft: InquiryDraft) -> str:
    return reverse("cooperations:inquiry-review", args=[draft.token])


@pytest.fixture
def anna_client(anna: User, client: Client) -> Client:
    client.force_login(anna)
    return client


def start(client: Client) -> InquiryDraft:
    response = client.post(reverse("cooperations:inquiry-start"))
    assert response.status_code == 302
    return InquiryDraft.objects.latest("created_at")


def test_a_confirmed_user_walks_through_the_wizard_and_gets_one_case(
    anna_client: Client,
    anna: User,
    kassel: Municipality,
    fulda: Municipality,
    kuenzell: Municipality,
    clara: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    draft = start(anna_client)
    # Anna has one municipality: it is pre-selected but still shown for checking.
    page = anna_client.get(step_url(draft, "kommune"))
    assert "checked" in page.content.decode()
    r = anna_client.post(step_url(draft, "kommune"), {"municipality": kassel.pk})
    assert r["Location"] == step_url(draft, "partner")
    r = anna_client.post(step_url(draft, "partner"), {"aktion": "suchen", "q": "Fulda"})
    assert "Fulda" in r.content.decode() and "06631009" in r.content.decode()
    r = anna_client.post(
        step_url(draft, "partner"),
        {
            "aktion": "weiter",
            "partners": [fulda.pk, kuenzell.pk],
            "other_partners": "Zweckverband Nordhessen",
        },
    )
    assert r["Location"] == step_url(draft, "handlungsfelder")
    fields = list(FieldOfAction.objects.order_by("position")[:2])
    anna_client.post(step_url(draft, "handlungsfelder"), {"fields_of_action": [f.pk for f in fields]})
    anna_client.post(step_url(draft, "stufe"), {"stage": "vereinbarung"})
    anna_client.post(
        step_url(draft, "beschreibung"),
        {"title": "Gemeinsamer Bauhof", "description": "Ein Bauhof für drei."},
    )
    checklist = {"q1_fields": [fields[0].pk]} | {f"q{n}": "unsicher" for n in range(2, 8)}
    r = anna_client.post(step_url(draft, "checkliste"), checklist)
    assert r["Location"] == step_url(draft, "anhaenge")
    r = anna_client.post(step_url(draft, "anhaenge"), {"aktion": "weiter", "file": pdf_upload()})
    assert r["Location"] == review_url(draft)

    review = anna_client.get(review_url(draft)).content.decode()
    for text in (
        "Kassel",
        "Fulda",
        "Künzell",
        "Zweckverband Nordhessen",
        "Gemeinsamer Bauhof",
        "skizze.pdf",
        "Ändern",
    ):
        assert text in review

    with django_capture_on_commit_callbacks(execute=True):
        r = anna_client.post(review_url(draft))
    case = Cooperation.objects.get()
    assert r["Location"] == reverse("cooperations:inquiry-done", args=[draft.token])
    done = anna_client.get(r["Location"]).content.decode()
    assert case.reference in done
    assert case.lead_municipality == kassel
    assert set(case.partners.values_list("name", flat=True)) == {"Kassel", "Fulda", "Künzell"}
    assert case.field_of_action == fields[0] and list(case.further_fields.all()) == [fields[1]]
    assert case.stage == "vereinbarung" and case.submitted_by == anna
    assert case.checklist["q7"] == "unsicher"
    document = case.documents.get()
    assert document.original_name == "skizze.pdf" and document.file.read() == PDF
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["anna@kassel.de", "clara@kikz.hessen.de"]
    assert any(case.reference in m.subject for m in mail.outbox)


def test_a_second_submit_of_the_same_draft_creates_no_second_case(
    anna_client: Client, anna: User, kassel: Municipality, fulda: Municipality
) -> None:
    draft = InquiryDraft.objects.create(user=anna, data=complete_data(kassel, [fulda]))
    first = anna_client.post(review_url(draft))
    second = anna_client.post(review_url(draft))  # double click / back button and submit again
    assert first["Location"] == second["Location"]
    assert Cooperation.objects.count() == 1
    # The back button to a step lands on the confirmation, too.
    r = anna_client.get(step_url(draft, "beschreibung"))
    assert r["Location"] == reverse("cooperations:inquiry-done", args=[draft.token])


def test_the_submit_service_is_idempotent(anna: User, kassel: Municipality, fulda: Municipality) -> None:
    draft = InquiryDraft.objects.create(user=anna, data=complete_data(kassel, [fulda]))
    assert inquiry_submit(draft=draft, actor=anna) == inquiry_submit(draft=draft, actor=anna)
    assert Cooperation.objects.count() == 1


def test_the_own_municipality_is_refused_as_partner(
    anna_client: Client, anna_draft: InquiryDraft, kassel: Municipality
) -> None:
    r = anna_client.post(
        step_url(anna_draft, "partner"), {"partners": [kassel.pk], "other_partners": "ZV Nord"}
    )
    body = r.content.decode()
    assert r.status_code == 200
    assert PARTNER_IS_OWN.format(name="Kassel") in body
    assert "Es gibt ein Problem" in body and "ZV Nord" in body  # typed text kept
    assert "partner" not in InquiryDraft.objects.get(pk=anna_draft.pk).data["done"]


@pytest.mark.parametrize(
    ("term", "message"),
    [
        ("066110001", wizard.AGS_TOO_LONG.format(length=9)),
        ("06999999", wizard.AGS_NOT_FOUND.format(term="06999999")),
        ("Atlantis", wizard.NAME_NOT_FOUND.format(term="Atlantis")),
        ("K", wizard.SEARCH_TOO_SHORT),
    ],
)
def test_a_partner_search_explains_what_is_wrong(
    anna_client: Client, anna_draft: InquiryDraft, fulda: Municipality, term: str, message: str
) -> None:
    r = anna_client.post(
        step_url(anna_draft, "partner"),
        {"aktion": "suchen", "q": term, "partners": [fulda.pk], "other_partners": "x"},
    )
    body = r.content.decode()
    assert r.status_code == 200
    assert message.replace("„", "&bdquo;") in body or message in body
    assert f'value="{fulda.pk}" id="id_partners_0" checked' in body  # the tick stays
    # …and the draft already holds what was ticked.
    assert InquiryDraft.objects.get(pk=anna_draft.pk).data["partners"] == [fulda.pk]


def test_a_search_by_ags_finds_the_municipality(
    anna_client: Client, anna_draft: InquiryDraft, fulda: Municipality
) -> None:
    body = anna_client.post(
        step_url(anna_draft, "partner"), {"aktion": "suchen", "q": "06631009"}
    ).content.decode()
    assert "Fulda" in body


@pytest.mark.parametrize(
    ("slug", "message"),
    [
        ("partner", wizard.PARTNER_NONE),
        ("handlungsfelder", wizard.CHOOSE_FIELDS),
        ("stufe", wizard.CHOOSE_STAGE),
        ("beschreibung", wizard.TITLE_REQUIRED),
        ("checkliste", wizard.ANSWER_REQUIRED),
    ],
)
def test_an_empty_step_is_refused_with_a_german_message(
    anna_client: Client, anna: User, kassel: Municipality, fulda: Municipality, slug: str, message: str
) -> None:
    data = complete_data(kassel, [fulda])
    draft = InquiryDraft.objects.create(user=anna, data=data)
    r = anna_client.post(step_url(draft, slug), {"aktion": "weiter"})
    body = r.content.decode()
    assert r.status_code == 200
    assert "<title>Fehler: " in body
    assert (
        body.count(message.replace("„", "&bdquo;").replace("“", "&ldquo;")) >= 2 or body.count(message) >= 2
    )


def test_the_first_step_needs_a_confirmed_municipality(
    anna_client: Client, anna_draft: InquiryDraft, fulda: Municipality
) -> None:
    r = anna_client.post(step_url(anna_draft, "kommune"), {"municipality": fulda.pk})
    assert wizard.CHOOSE_MUNICIPALITY in r.content.decode()


def test_html_and_script_are_shown_escaped_everywhere(
    anna_client: Client, anna: User, kassel: Municipality, fulda: Municipality
) -> None:
    evil = '<script>alert("x")</script><b>fett</b>'
    draft = InquiryDraft.objects.create(user=anna, data=complete_data(kassel, [fulda]))
    anna_client.post(
        step_url(draft, "beschreibung"), {"title": evil[:200], "description": evil, "aendern": "1"}
    )
    anna_client.post(
        step_url(draft, "partner"), {"partners": [fulda.pk], "other_partners": evil, "aendern": "1"}
    )
    review = anna_client.get(review_url(draft)).content.decode()
    assert "<script>alert" not in review and "&lt;script&gt;" in review
    anna_client.post(review_url(draft))
    case = Cooperation.objects.get()
    anna_client.post(reverse("cooperations:case-message", args=[case.pk]), {"body": evil})
    page = anna_client.get(reverse("cooperations:case-detail", args=[case.pk])).content.decode()
    assert "<script>alert" not in page and "<b>fett</b>" not in page
    assert page.count("&lt;script&gt;") >= 3  # title, description and message


def test_overlong_texts_are_refused_and_kept(
    anna_client: Client, anna: User, kassel: Municipality, fulda: Municipality
) -> None:
    draft = InquiryDraft.objects.create(user=anna, data=complete_data(kassel, [fulda]))
    r = anna_client.post(step_url(draft, "beschreibung"), {"title": "T" * 201, "description": "D" * 5001})
    body = r.content.decode()
    assert "höchstens 200 Zeichen lang sein (jetzt 201)" in body
    assert "höchstens 5000 Zeichen lang sein (jetzt 5001)" in body
    assert "T" * 201 in body
    assert InquiryDraft.objects.get(pk=draft.pk).data["title"] == "Gemeinsamer Bauhof"


def test_change_links_return_to_the_summary(
    anna_client: Client, anna: User, kassel: Municipality, fulda: Municipality
) -> None:
    draft = InquiryDraft.objects.create(user=anna, data=complete_data(kassel, [fulda]))
    review = anna_client.get(review_url(draft)).content.decode()
    assert f"{step_url(draft, 'stufe')}?aendern=1" in review
    r = anna_client.post(step_url(draft, "stufe") + "?aendern=1", {"stage": "vertrag", "aendern": "1"})
    assert r["Location"] == review_url(draft)
    assert InquiryDraft.objects.get(pk=draft.pk).data["stage"] == "vertrag"


def test_the_wizard_does_not_skip_ahead(anna_client: Client, anna_draft: InquiryDraft) -> None:
    r = anna_client.get(step_url(anna_draft, "beschreibung"))
    assert r["Location"] == step_url(anna_draft, "partner")


def test_an_incomplete_draft_cannot_be_submitted(anna_client: Client, anna_draft: InquiryDraft) -> None:
    r = anna_client.post(review_url(anna_draft))
    assert r.status_code == 200
    assert "Die Anfrage ist noch nicht vollständig" in r.content.decode()
    assert not Cooperation.objects.exists()


def test_another_users_draft_answers_404(bernd: User, anna_draft: InquiryDraft, client: Client) -> None:
    client.force_login(bernd)
    assert client.get(review_url(anna_draft)).status_code == 404
    assert client.post(review_url(anna_draft)).status_code == 404


def _attach(client: Client, draft: InquiryDraft, upload: SimpleUploadedFile) -> Any:
    return client.post(step_url(draft, "anhaenge"), {"aktion": "hochladen", "file": upload})


@pytest.fixture
def ready_draft(anna: User, kassel: Municipality, fulda: Municipality) -> InquiryDraft:
    data = complete_data(kassel, [fulda])
    data["done"].remove("anhaenge")
    return InquiryDraft.objects.create(user=anna, data=data)


def test_an_exe_renamed_to_pdf_is_refused(anna_client: Client, ready_draft: InquiryDraft) -> None:
    r = _attach(anna_client, ready_draft, SimpleUploadedFile("bericht.pdf", EXE))
    assert r.status_code == 200
    assert "Der Inhalt der Datei" in r.content.decode() and "bericht.pdf" in r.content.decode()
    assert InquiryDraft.objects.get(pk=ready_draft.pk).data.get("attachments", []) == []


def test_a_30_mb_upload_is_refused(anna_client: Client, ready_draft: InquiryDraft) -> None:
    r = _attach(anna_client, ready_draft, pdf_upload("gross.pdf", PDF + b"0" * (30 * 1024 * 1024)))
    assert r.status_code == 200
    assert "ist zu groß: höchstens 20" in r.content.decode()


def test_an_unknown_file_type_is_refused(anna_client: Client, ready_draft: InquiryDraft) -> None:
    r = _attach(anna_client, ready_draft, SimpleUploadedFile("tool.exe", EXE))
    assert "hat keinen erlaubten Dateityp" in r.content.decode()


def test_an_attachment_gets_a_server_made_name_and_can_be_removed(
    anna_client: Client, ready_draft: InquiryDraft
) -> None:
    r = _attach(anna_client, ready_draft, pdf_upload("../../etc/passwd.pdf"))
    assert r.status_code == 302
    att = InquiryDraft.objects.get(pk=ready_draft.pk).data["attachments"][0]
    assert att["original_name"] == "passwd.pdf"
    assert att["name"].startswith(f"drafts/{ready_draft.token.hex}/") and "passwd" not in att["name"]
    anna_client.post(step_url(ready_draft, "anhaenge"), {"aktion": f"entfernen-{att['id']}"})
    assert InquiryDraft.objects.get(pk=ready_draft.pk).data["attachments"] == []


def test_upload_checks_name_the_allowed_types() -> None:
    assert "PDF" in uploads.UPLOAD_BAD_EXTENSION
