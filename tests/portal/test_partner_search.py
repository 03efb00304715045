"""The partner step of the wizard: what is chosen and what was found are two clear
groups, search as you type (htmx) with the same answer as the „Suchen“ button, and a
merged municipality points to its successor (issue 14)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from contacts.models import Municipality
from cooperations.models import InquiryDraft

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(anna: User, kassel: Municipality, client: Client) -> InquiryDraft:
    client.force_login(anna)
    return InquiryDraft.objects.create(user=anna, data={"municipality": kassel.pk, "done": ["kommune"]})


def url(draft: InquiryDraft) -> str:
    return reverse("cooperations:inquiry-step", args=[draft.token, "partner"])


def groups(body: str) -> tuple[str, str]:
    """(the chosen group, the search results group) of the page."""
    start = body.index('id="partner-choices"')
    chosen_end = body.index("</fieldset>", start)
    results = body[chosen_end:]
    return body[start:chosen_end], results[: results.index("</fieldset>", 12)]


def test_results_are_offered_apart_from_the_chosen_partners(
    client: Client, draft: InquiryDraft, fulda: Municipality, kuenzell: Municipality
) -> None:
    body = client.post(
        url(draft), {"aktion": "suchen", "q": "Fulda", "partners": [kuenzell.pk]}
    ).content.decode()
    chosen, found = groups(body)
    assert "Ausgewählte Partnerkommunen" in chosen
    assert "Künzell" in chosen and f'value="{kuenzell.pk}" id="id_partners_0" checked' in chosen
    assert f'value="{fulda.pk}"' not in chosen
    assert "Suchergebnisse für „Fulda“" in found
    assert f'value="{fulda.pk}"' in found and "checked" not in found
    # The tick is kept in the draft at once.
    draft.refresh_from_db()
    assert draft.data["partners"] == [kuenzell.pk]


def test_nothing_chosen_says_so_and_no_result_stands_under_the_chosen_heading(
    client: Client, draft: InquiryDraft, fulda: Municipality
) -> None:
    chosen, _found = groups(client.post(url(draft), {"aktion": "suchen", "q": "Fulda"}).content.decode())
    assert "Noch keine Partnerkommune ausgewählt." in chosen and 'type="checkbox"' not in chosen


def test_search_as_you_type_answers_with_the_choices_only(
    client: Client, draft: InquiryDraft, fulda: Municipality, kuenzell: Municipality
) -> None:
    page = client.get(url(draft)).content.decode()
    assert 'hx-post="' in page and "htmx.min.js" in page and 'hx-target="#partner-choices"' in page
    response = client.post(
        url(draft), {"aktion": "suchen", "q": "Fu", "partners": [kuenzell.pk]}, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<div id="partner-choices"') and "<html" not in body
    assert "Suchergebnisse für „Fu“" in body and f'value="{fulda.pk}"' in body
    assert f'value="{kuenzell.pk}" id="id_partners_0" checked' in body
    # Too short: the reason, in the results.
    short = client.post(url(draft), {"aktion": "suchen", "q": "F"}, headers={"HX-Request": "true"})
    assert "mindestens 2 Zeichen" in short.content.decode()


def test_a_merged_municipality_points_to_its_successor(client: Client, draft: InquiryDraft) -> None:
    wesertal = Municipality.objects.create(
        ags="06633029", name="Wesertal", kind="gemeinde", valid_from=dt.date(2020, 1, 1)
    )
    Municipality.objects.create(
        ags="06633021",
        name="Oberweser",
        kind="gemeinde",
        valid_until=dt.date(2019, 12, 31),
        successor=wesertal,
    )
    _chosen, found = groups(client.post(url(draft), {"aktion": "suchen", "q": "Oberweser"}).content.decode())
    assert (
        "Oberweser (AGS 06633021) ist in Wesertal aufgegangen (bis 31.12.2019). Wählen Sie Wesertal." in found
    )
    assert f'value="{wesertal.pk}"' in found
    assert 'value="' + str(Municipality.objects.get(ags="06633021").pk) + '"' not in found
