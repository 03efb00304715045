"""Förderlotse: programme catalogue with the Förderdatenbank facets, and the question form."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from core.spam import RATE_LIMITED
from funding import forms
from funding.models import Eligibility, FunderQuestion, FundingArea
from tests import factories

pytestmark = pytest.mark.django_db

LIST = reverse("funding:programme-list")
QUESTION = reverse("funding:question")
GOOD = {
    "asker_kind": "verein",
    "name": "Turnverein Beispiel e. V.",
    "email": "vorstand@tv-beispiel.de",
    "organisation_name": "Turnverein Beispiel",
    "text": "Welche Programme fördern eine neue Flutlichtanlage für unseren Sportplatz?",
    "consent": "on",
}


def names(response) -> set[str]:
    return {p.name for p in response.context["page"].object_list}


@pytest.fixture
def catalogue(db: None) -> dict[str, object]:
    kommune = Eligibility.objects.get(slug="kommune")
    verein = Eligibility.objects.get(slug="verband-verein")
    ikz = FundingArea.objects.get(slug="interkommunale-zusammenarbeit")
    sport = FundingArea.objects.get(slug="sport-vereine")
    land = factories.ProgrammeFactory(
        name="IKZ-Förderung Hessen",
        funder_level="land",
        region="06",
        aid_kind="zuschuss",
        summary="Zuschüsse für Kooperationen von Kommunen.",
        funder="Innenministerium",
    )
    land.eligible.set([kommune])
    land.areas.set([ikz])
    bund = factories.ProgrammeFactory(
        name="Sportstättenförderung Bund", funder_level="bund", region="", aid_kind="darlehen"
    )
    bund.eligible.set([verein, kommune])
    bund.areas.set([sport])
    eu = factories.ProgrammeFactory(name="LEADER", funder_level="eu", region="06", aid_kind="zuschuss")
    eu.eligible.set([verein])
    old = factories.ProgrammeFactory(name="Ausgelaufenes Programm", is_active=False)
    return {"land": land, "bund": bund, "eu": eu, "old": old}


def test_the_catalogue_lists_only_active_programmes(client: Client, catalogue) -> None:
    response = client.get(LIST)
    assert names(response) == {"IKZ-Förderung Hessen", "Sportstättenförderung Bund", "LEADER"}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"funder_level": "bund"}, {"Sportstättenförderung Bund"}),
        ({"funder_level": ["land", "eu"]}, {"IKZ-Förderung Hessen", "LEADER"}),
        ({"aid_kind": "darlehen"}, {"Sportstättenförderung Bund"}),
        ({"region": "bund"}, {"Sportstättenförderung Bund"}),
        ({"region": "land"}, {"IKZ-Förderung Hessen", "LEADER"}),
        ({"q": "kooperationen"}, {"IKZ-Förderung Hessen"}),
        ({"q": "innenministerium"}, {"IKZ-Förderung Hessen"}),
        ({"q": "Bund Sport"}, {"Sportstättenförderung Bund"}),
    ],
)
def test_the_facets_narrow_the_catalogue(client: Client, catalogue, query, expected) -> None:
    assert names(client.get(LIST, query)) == expected


def test_eligibility_and_area_facets_filter_by_their_lists(client: Client, catalogue) -> None:
    verein = Eligibility.objects.get(slug="verband-verein")
    sport = FundingArea.objects.get(slug="sport-vereine")
    assert names(client.get(LIST, {"eligible": verein.pk})) == {"Sportstättenförderung Bund", "LEADER"}
    assert names(client.get(LIST, {"areas": sport.pk})) == {"Sportstättenförderung Bund"}
    # A programme for two selected groups appears once.
    kommune = Eligibility.objects.get(slug="kommune")
    response = client.get(LIST, {"eligible": [verein.pk, kommune.pk]})
    assert response.context["page"].paginator.count == 3


def test_nonsense_filter_values_show_a_message_instead_of_an_error(client: Client, catalogue) -> None:
    response = client.get(LIST, {"funder_level": "mond", "eligible": "abc", "q": "x" * 101, "seite": "zz"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "kern-error" in html
    assert "Der Suchbegriff darf höchstens 100 Zeichen lang sein." in html


def test_the_catalogue_paginates(client: Client, db: None) -> None:
    factories.ProgrammeFactory.create_batch(25)
    first = client.get(LIST)
    assert len(first.context["page"].object_list) == 20
    second = client.get(LIST, {"seite": 2})
    assert len(second.context["page"].object_list) == 5
    assert "Seite 2 von 2" in second.content.decode()


def test_the_catalogue_costs_the_same_queries_for_few_and_many_programmes(
    client: Client, catalogue, django_assert_num_queries
) -> None:
    # 1 count, 2 page, 3 eligible (prefetch), 4 areas (prefetch), 5 eligibility choices,
    # 6 area choices (filter form), 7 validating the chosen area
    query = {"areas": FundingArea.objects.get(slug="sport-vereine").pk, "funder_level": "bund"}
    with django_assert_num_queries(7):
        client.get(LIST, query)
    for programme in factories.ProgrammeFactory.create_batch(30, funder_level="bund"):
        programme.areas.set(FundingArea.objects.filter(slug="sport-vereine"))
        programme.eligible.set(Eligibility.objects.all())
    with django_assert_num_queries(7):
        response = client.get(LIST, query)
    assert response.context["page"].paginator.count == 31


def test_a_programme_page_shows_the_facts_and_links_the_question_form(client: Client, catalogue) -> None:
    programme = catalogue["land"]
    html = client.get(reverse("funding:programme-detail", args=[programme.pk])).content.decode()
    assert "IKZ-Förderung Hessen" in html
    assert "Kommune" in html
    assert f"{QUESTION}?programm={programme.pk}" in html


def test_an_inactive_programme_is_not_found(client: Client, catalogue) -> None:
    response = client.get(reverse("funding:programme-detail", args=[catalogue["old"].pk]))
    assert response.status_code == 404


# --- the question form ----------------------------------------------------------------


def test_anyone_can_ask_and_gets_a_confirmation_while_the_advisers_get_a_notice(
    client: Client, clara, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(QUESTION, GOOD)
    assert response.status_code == 302
    question = FunderQuestion.objects.get()
    assert question.email == "vorstand@tv-beispiel.de"
    assert question.status == FunderQuestion.Status.NEW
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert set(by_recipient) == {"vorstand@tv-beispiel.de", clara.email}
    assert "Flutlichtanlage" in by_recipient["vorstand@tv-beispiel.de"].body
    assert "angekommen" in by_recipient["vorstand@tv-beispiel.de"].subject
    assert f"/admin/funding/funderquestion/{question.pk}/" in by_recipient[clara.email].body
    done = client.get(response["Location"]).content.decode()
    assert "vorstand@tv-beispiel.de" in done


def test_the_question_form_is_prefilled_from_a_programme(client: Client, catalogue) -> None:
    html = client.get(QUESTION, {"programm": catalogue["land"].pk}).content.decode()
    assert "Frage zum Programm „IKZ-Förderung Hessen“" in html


def test_missing_answers_are_named_next_to_the_field_and_in_the_summary(client: Client, db: None) -> None:
    response = client.post(QUESTION, {"name": "Eva", "email": "eva(at)example"})
    html = response.content.decode()
    for message in (
        forms.ASKER_KIND_REQUIRED,
        forms.EMAIL_INVALID,
        forms.TEXT_REQUIRED,
        forms.CONSENT_REQUIRED,
    ):
        assert html.count(str(message)) == 2, message
    assert 'value="Eva"' in html
    assert 'value="eva(at)example"' in html
    assert 'href="#id_asker_kind_0"' in html
    assert FunderQuestion.objects.count() == 0


def test_html_in_a_question_is_shown_escaped(client: Client, db: None) -> None:
    evil = '<script>alert("x")</script> Brauchen wir für unser Projekt eine Förderung?'
    response = client.post(QUESTION, {**GOOD, "name": "<b>Eva</b>", "text": evil, "consent": ""})
    html = response.content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert "&lt;b&gt;Eva&lt;/b&gt;" in html


def test_an_overlong_question_is_rejected_and_kept(client: Client, db: None) -> None:
    text = "Förderung? " * 500  # 5.500 characters
    response = client.post(QUESTION, {**GOOD, "text": text})
    html = response.content.decode()
    assert str(forms.TEXT_TOO_LONG) in html
    assert "Förderung? Förderung?" in html
    assert FunderQuestion.objects.count() == 0


def test_a_bot_filling_the_honeypot_sees_success_but_nothing_is_stored_or_sent(
    client: Client, clara, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(QUESTION, {**GOOD, "website": "https://casino.example"})
    assert response.status_code == 302
    assert FunderQuestion.objects.count() == 0
    assert mail.outbox == []


def test_many_questions_from_one_address_are_refused_without_losing_the_text(
    client: Client, db: None
) -> None:
    from funding.views import QUESTION_LIMIT

    for _ in range(QUESTION_LIMIT):
        assert client.post(QUESTION, GOOD).status_code == 302
    response = client.post(QUESTION, GOOD)
    assert response.status_code == 429
    html = response.content.decode()
    assert str(RATE_LIMITED) in html
    assert "Flutlichtanlage" in html
    assert FunderQuestion.objects.count() == QUESTION_LIMIT
    # Another address is not affected.
    assert client.post(QUESTION, GOOD, REMOTE_ADDR="10.0.0.9").status_code == 302


def test_the_plain_text_mails_show_special_characters_unescaped(
    client: Client, clara, django_capture_on_commit_callbacks
) -> None:
    text = "Gilt das für Kosten < 5.000 € & „Eigenanteil“ über 10 %?"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(QUESTION, {**GOOD, "name": "Müller & Söhne <GmbH>", "text": text})
    for message in mail.outbox:
        assert text in message.body
        assert "&lt;" not in message.body
        html = message.alternatives[0].content if message.alternatives else ""
        assert "&lt; 5.000" in html  # the HTML part escapes
