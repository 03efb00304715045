"""The public knowledge base as a visitor uses it: filters, the German search, files
with download counts, versions, and the links from the case, wizard and Förderlotse."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from cooperations.models import FieldOfAction, LegalForm
from knowledge.models import Entry
from knowledge.services import FILE_TYPE_NOT_ALLOWED, entry_new_version
from tests.knowledge.conftest import docx, make_entry, pdf, xlsx

pytestmark = pytest.mark.django_db


def titles(client: Client, query: str = "") -> list[str]:
    page = client.get(reverse("knowledge:list") + query)
    assert page.status_code == 200
    return [e.title for e in page.context["page"].object_list]


def test_the_list_filters_by_kind_field_and_legal_form(client: Client, bauhof: FieldOfAction) -> None:
    make_entry(title="Leitfaden Bauhof", fields=[bauhof])
    make_entry(
        title="Mustervereinbarung Zweckverband",
        kind=Entry.Kind.MODEL_AGREEMENT,
        legal_forms=[LegalForm.ZWECKVERBAND],
    )
    make_entry(
        title="Mustervereinbarung öffentlich-rechtlich",
        kind=Entry.Kind.MODEL_AGREEMENT,
        legal_forms=[LegalForm.PUBLIC_AGREEMENT],
    )
    make_entry(title="Entwurf", is_published=False)

    assert set(titles(client)) == {
        "Leitfaden Bauhof",
        "Mustervereinbarung öffentlich-rechtlich",
        "Mustervereinbarung Zweckverband",
    }
    assert titles(client, "?art=mustervereinbarung&rechtsform=zweckverband") == [
        "Mustervereinbarung Zweckverband"
    ]
    assert titles(client, f"?handlungsfeld={bauhof.pk}") == ["Leitfaden Bauhof"]


def test_the_search_understands_german_word_forms(client: Client) -> None:
    make_entry(title="Gemeinsame Bauhöfe", summary="Wie Kommunen Fahrzeuge teilen.")
    make_entry(title="Standesamt", summary="Ein Amt für mehrere Gemeinden.")
    assert titles(client, "?q=Fahrzeug") == ["Gemeinsame Bauhöfe"]  # stemming: Fahrzeuge
    assert titles(client, "?q=gemeinde") == ["Standesamt"]


def test_a_bad_filter_value_gets_a_german_message(client: Client) -> None:
    page = client.get(reverse("knowledge:list") + "?rechtsform=erfunden&q=" + "x" * 101)
    text = page.content.decode()
    assert page.status_code == 200
    assert "Wählen Sie einen Eintrag aus der Liste." in text
    assert "höchstens 100 Zeichen" in text


def test_a_download_is_counted(client: Client) -> None:
    entry = make_entry(title="Leitfaden", upload=pdf())
    for _ in range(2):
        response = client.get(reverse("knowledge:download", args=[entry.pk]))
        assert response["Content-Disposition"] == 'attachment; filename="leitfaden.pdf"'
        assert b"".join(response.streaming_content).startswith(b"%PDF")
    entry.refresh_from_db()
    assert entry.downloads == 2
    assert "Abrufe" in client.get(reverse("knowledge:detail", args=[entry.pk])).content.decode()


def test_only_documents_are_accepted_and_checked_by_content(db: None) -> None:
    assert make_entry(upload=docx()).original_name == "muster.docx"
    with pytest.raises(ValidationError) as refused:
        make_entry(upload=xlsx())
    assert FILE_TYPE_NOT_ALLOWED in str(refused.value)
    with pytest.raises(ValidationError) as forged:
        make_entry(upload=pdf(name="getarnt.docx"))
    assert "passt nicht zu ihrer Endung" in str(forged.value)


def test_a_new_version_replaces_the_old_which_stays_reachable(client: Client, clara: Any) -> None:
    old = make_entry(title="Checkliste Gründung", kind=Entry.Kind.CHECKLIST, upload=pdf(), version="1.0")
    new = entry_new_version(entry=old, actor=clara, version="2.0", valid_from=dt.date(2026, 6, 1))

    assert titles(client) == ["Checkliste Gründung"]
    assert client.get(reverse("knowledge:list")).context["page"].object_list[0].version == "2.0"
    old_page = client.get(reverse("knowledge:detail", args=[old.pk])).content.decode()
    assert "Diese Fassung 1.0 ist ersetzt. Aktuell gilt die Fassung 2.0." in old_page
    assert reverse("knowledge:detail", args=[new.pk]) in old_page
    assert (
        "Fassung 1.0, gültig ab 01.01.2025"
        in client.get(reverse("knowledge:detail", args=[new.pk])).content.decode()
    )
    assert new.file.name == old.file.name  # the file goes on unless a new one is given
    assert new.history.first().history_user == clara  # type: ignore[attr-defined]
    with pytest.raises(ValidationError, match="schon durch eine neuere ersetzt"):
        entry_new_version(entry=old, actor=clara, version="3.0", valid_from=dt.date(2026, 7, 1))


def test_unpublished_entries_are_not_found(client: Client) -> None:
    entry = make_entry(is_published=False, upload=pdf())
    assert client.get(reverse("knowledge:detail", args=[entry.pk])).status_code == 404
    assert client.get(reverse("knowledge:download", args=[entry.pk])).status_code == 404


def test_the_list_costs_the_same_queries_for_many_entries(
    client: Client, bauhof: FieldOfAction, django_assert_num_queries: Any
) -> None:
    for n in range(2):
        make_entry(title=f"Leitfaden {n}", fields=[bauhof])
    client.get(reverse("knowledge:list"))
    # the count, the Handlungsfeld choices of the filter, the page of entries, their
    # fields of action (prefetch), the full checklist linked above the list
    with django_assert_num_queries(5):
        client.get(reverse("knowledge:list"))
    for n in range(2, 25):
        make_entry(title=f"Leitfaden {n}", fields=[bauhof])
    with django_assert_num_queries(5):
        client.get(reverse("knowledge:list"))


def test_the_case_page_links_the_model_agreements_of_its_legal_form(anna: Any, case_kassel: Any) -> None:
    agreement = make_entry(
        title="Muster Zweckverbandssatzung",
        kind=Entry.Kind.MODEL_AGREEMENT,
        legal_forms=[LegalForm.ZWECKVERBAND],
    )
    make_entry(title="Muster GmbH", kind=Entry.Kind.MODEL_AGREEMENT, legal_forms=[LegalForm.GMBH])
    case_kassel.legal_form = LegalForm.ZWECKVERBAND
    case_kassel.save()
    client = Client()
    client.force_login(anna)
    page = client.get(reverse("cooperations:case-detail", args=[case_kassel.pk])).content.decode()
    assert "Zweckverband" in page
    assert reverse("knowledge:detail", args=[agreement.pk]) in page
    assert "Muster GmbH" not in page


def test_the_wizards_checklist_step_links_the_full_checklist(anna: Any, kassel: Any) -> None:
    from cooperations.models import InquiryDraft

    checklist = make_entry(title="Checkliste IKZ", kind=Entry.Kind.CHECKLIST, upload=pdf())
    done = ["kommune", "partner", "handlungsfelder", "stufe", "beschreibung"]
    draft = InquiryDraft.objects.create(
        user=anna, data={"municipality": kassel.pk, "done": done, "fields": []}
    )
    client = Client()
    client.force_login(anna)
    page = client.get(reverse("cooperations:inquiry-step", args=[draft.token, "checkliste"])).content.decode()
    assert reverse("knowledge:detail", args=[checklist.pk]) in page


def test_the_programme_page_links_its_guides(client: Client) -> None:
    from tests.factories import ProgrammeFactory

    programme = ProgrammeFactory(name="IKZ-Förderung Hessen")
    guide = make_entry(title="Leitfaden zum Förderantrag")
    guide.programmes.set([programme])
    page = client.get(reverse("funding:programme-detail", args=[programme.pk])).content.decode()
    assert "Leitfäden und Arbeitshilfen zu diesem Programm" in page
    assert reverse("knowledge:detail", args=[guide.pk]) in page
