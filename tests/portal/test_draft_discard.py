"""„Entwurf löschen“ asks first, on a page that works without JavaScript (issue 14)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse

from accounts.models import User
from contacts.models import Municipality
from cooperations.models import InquiryDraft

from .conftest import complete_data, pdf_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft_with_file(anna: User, kassel: Municipality, fulda: Municipality, client: Client) -> InquiryDraft:
    draft = InquiryDraft.objects.create(user=anna, data=complete_data(kassel, [fulda]))
    client.force_login(anna)
    client.post(
        reverse("cooperations:inquiry-step", args=[draft.token, "anhaenge"]),
        {"aktion": "hochladen", "file": pdf_upload("skizze.pdf")},
    )
    draft.refresh_from_db()
    assert len(draft.data["attachments"]) == 1
    return draft


def test_the_review_links_to_a_confirmation_page_that_deletes_nothing(
    client: Client, draft_with_file: InquiryDraft
) -> None:
    review = client.get(reverse("cooperations:inquiry-review", args=[draft_with_file.token])).content.decode()
    url = reverse("cooperations:inquiry-discard", args=[draft_with_file.token])
    # A link, not a button that deletes at once.
    assert f'href="{url}"' in review
    page = client.get(url).content.decode()
    assert "Entwurf löschen?" in page and "Gemeinsamer Bauhof" in page and "skizze.pdf" in page
    assert "Ja, Entwurf löschen" in page and "Nein, Entwurf behalten" in page
    assert InquiryDraft.objects.filter(pk=draft_with_file.pk).exists()


def test_a_post_without_the_confirmation_keeps_the_draft(
    client: Client, draft_with_file: InquiryDraft
) -> None:
    response = client.post(reverse("cooperations:inquiry-discard", args=[draft_with_file.token]))
    assert response.status_code == 200 and "Entwurf löschen?" in response.content.decode()
    assert InquiryDraft.objects.filter(pk=draft_with_file.pk).exists()


def test_the_confirmed_delete_removes_the_draft_and_its_files(
    client: Client, draft_with_file: InquiryDraft, django_capture_on_commit_callbacks: Any
) -> None:
    name = draft_with_file.data["attachments"][0]["name"]
    assert default_storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("cooperations:inquiry-discard", args=[draft_with_file.token]), {"bestaetigt": "ja"}
        )
    assert response["Location"] == reverse("cooperations:my-cases")
    assert not InquiryDraft.objects.filter(pk=draft_with_file.pk).exists()
    assert not default_storage.exists(name)
    assert "Der Entwurf wurde gelöscht." in client.get(response["Location"]).content.decode()


def test_another_user_cannot_delete_the_draft(
    client: Client, bernd: User, draft_with_file: InquiryDraft
) -> None:
    client.force_login(bernd)
    url = reverse("cooperations:inquiry-discard", args=[draft_with_file.token])
    assert client.get(url).status_code == 404
    assert client.post(url, {"bestaetigt": "ja"}).status_code == 404
    assert InquiryDraft.objects.filter(pk=draft_with_file.pk).exists()
