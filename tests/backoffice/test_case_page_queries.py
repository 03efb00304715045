"""The case page of the back office ("Vorgang ändern") costs the same number of
queries for a case with one partner, activity, message, grant, document and event
as for one with twelve of each (issue 6: 67/71 queries and 15 s nationwide), and
the grant rows offer a searchable programme box instead of every programme.
Activities, messages, documents and history show their newest ten rows (their count
of older rows comes with the rows, no query of its own)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cooperations.models import Cooperation, Document, Participation
from tests import factories

pytestmark = pytest.mark.django_db


def fill(case: Cooperation, n: int) -> None:
    """n rows in every inline, each pointing at its own user, municipality and programme."""
    for i in range(n):
        person = factories.UserFactory(first_name=f"Person{i}", last_name=f"Fall{case.pk}")
        resolution = Document.objects.create(
            cooperation=case,
            file=f"documents/{case.pk}/beschluss-{i}.pdf",
            original_name=f"Beschluss-{case.pk}-{i}.pdf",
            content_type="application/pdf",
            size=1000,
            uploaded_by=person,
        )
        Participation.objects.create(
            cooperation=case, municipality=factories.MunicipalityFactory(), council_resolution=resolution
        )
        factories.ActivityFactory(cooperation=case, created_by=person)
        factories.MessageFactory(cooperation=case, author=person)
        factories.CaseEventFactory(cooperation=case, actor=person)
        factories.GrantFactory(cooperation=case, programme=factories.ProgrammeFactory())


def change_page(client: Client, case: Cooperation) -> tuple[int, str]:
    url = reverse("admin:cooperations_cooperation_change", args=[case.pk])
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    # The selects of fields of action and advisers read their few rows in one query each,
    # not through a server-side cursor (three round trips, 14 ms nationwide for the advisers).
    assert not [q["sql"][:80] for q in ctx.captured_queries if q["sql"].startswith("DECLARE")]
    return len(ctx.captured_queries), response.content.decode()


def test_the_case_page_needs_the_same_queries_for_one_and_for_twelve_rows_per_inline(
    adviser: Client,
) -> None:
    small = factories.CooperationFactory()
    large = factories.CooperationFactory()
    fill(small, 1)
    fill(large, 12)
    change_page(adviser, small)  # warm the session and the content-type cache

    few, _html = change_page(adviser, small)
    many, html = change_page(adviser, large)

    assert many == few, f"{few} queries for 1 row per inline, {many} for 12"
    # The user, the case (once: the status buttons take the case the form shows), the
    # user's and the groups' permissions, the case's further fields, the rows of the six
    # inlines, the fields of action for the select and for the checkboxes, the lead
    # municipality's label, the advisers, the funding guideline and the partner count of
    # the rule check, the newest cost-sharing key, the savings section's approved funding and
    # reports (the session comes from the cache).
    assert few == 20
    # Everything the rows show is still there: partners, programmes, authors, resolutions.
    for participation in large.participations.select_related("municipality", "council_resolution"):
        assert participation.municipality.name in html
        if participation.council_resolution:
            assert participation.council_resolution.original_name in html
    for grant in large.grants.select_related("programme"):
        assert grant.programme.name in html
    # The open-ended inlines show their newest ten and link to the other two.
    for message in large.messages.select_related("author").order_by("-created_at", "-pk")[:10]:
        assert message.author.email in html
    for text in ("2 ältere Aktivitäten", "2 ältere Nachrichten", "2 ältere Dokumente"):
        assert f"{text} – alle anzeigen</a>" in html


def test_a_grant_row_offers_a_programme_search_not_a_list_of_all_programmes(adviser: Client) -> None:
    case = factories.CooperationFactory()
    chosen = factories.ProgrammeFactory(name="Förderprogramm Interkommunale Zusammenarbeit")
    factories.GrantFactory(cooperation=case, programme=chosen)
    others = [factories.ProgrammeFactory() for _ in range(20)]

    _n, html = change_page(adviser, case)

    assert str(chosen.name) in html  # the selected programme is shown
    assert not [p.name for p in others if str(p.name) in html]  # the other 20 are not options
    assert 'data-field-name="programme"' in html  # a Select2 box that asks the autocomplete view


def test_the_programme_box_finds_programmes_by_name(adviser: Client) -> None:
    case = factories.CooperationFactory()
    factories.ProgrammeFactory(name="Starke Heimat Hessen")
    factories.ProgrammeFactory(name="Digitale Verwaltung")
    response = adviser.get(
        reverse("admin:autocomplete"),
        {
            "term": "Heimat",
            "app_label": "funding",
            "model_name": "grant",
            "field_name": "programme",
        },
        headers={"referer": reverse("admin:cooperations_cooperation_change", args=[case.pk])},
    )
    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["text"] for r in results] == ["Starke Heimat Hessen"]


def test_the_rows_have_no_edit_icons_under_municipality_and_programme_the_case_itself_has(
    adviser: Client,
) -> None:
    case = factories.CooperationFactory()
    fill(case, 2)

    _n, html = change_page(adviser, case)

    assert 'name="participations-0-municipality"' in html and 'name="grants-1-programme"' in html
    for row in ("participations-0-municipality", "grants-1-programme"):
        assert f'id="change_id_{row}"' not in html and f'id="add_id_{row}"' not in html
    assert 'id="change_id_lead_municipality"' in html  # the case's own lead municipality keeps them
