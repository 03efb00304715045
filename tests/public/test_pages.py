"""Start page, Ansprechpartner, Impressum, Datenschutz and the header per role."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests import factories

PUBLIC_PAGES = [
    "home",
    "contacts-public",
    "accessibility",
    "imprint",
    "privacy",
    "atlas:list",
    "atlas:partner-search",
    "funding:programme-list",
    "funding:question",
]


@pytest.mark.django_db
@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_every_public_page_opens_without_login_and_links_the_legal_pages(client: Client, name: str) -> None:
    response = client.get(reverse(name))
    assert response.status_code == 200
    html = response.content.decode()
    for legal in ("accessibility", "imprint", "privacy"):
        assert f'href="{reverse(legal)}"' in html
    assert 'href="#inhalt"' in html  # skip link
    assert '<html lang="de"' in html


@pytest.mark.django_db
@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_pages_need_no_inline_styles_or_scripts_so_the_csp_holds(client: Client, name: str) -> None:
    response = client.get(reverse(name))
    html = response.content.decode()
    assert " style=" not in html
    assert "<style" not in html
    assert "<script>" not in html  # only <script src=…>
    assert "script-src 'self'" in response["Content-Security-Policy"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "expected", "absent"),
    [
        (None, ["Anmelden", "Registrieren"], ["Meine Vorgänge", "Statistik", "Back Office", "Abmelden"]),
        ("anna", ["Meine Vorgänge", "Abmelden"], ["Statistik", "Back Office", "Anmelden<"]),
        ("udo", ["Meine Vorgänge", "Abmelden"], ["Statistik", "Back Office"]),
        ("clara", ["Statistik", "Back Office", "Abmelden"], ["Meine Vorgänge"]),
        ("dieter", ["Statistik", "Abmelden"], ["Meine Vorgänge", "Back Office"]),
    ],
)
def test_the_header_shows_the_links_of_the_users_role(
    client: Client, request: pytest.FixtureRequest, who: str | None, expected: list[str], absent: list[str]
) -> None:
    if who:
        client.force_login(request.getfixturevalue(who))
    html = client.get(reverse("home")).content.decode()
    header = html.split("<header", 1)[1].split("</header>", 1)[0]
    for text in expected:
        assert text in header
    for text in absent:
        assert text not in header


@pytest.mark.django_db
def test_the_start_page_explains_the_three_services_in_plain_and_easy_language(client: Client) -> None:
    html = client.get(reverse("home")).content.decode()
    for service in ("Beratung zur Zusammenarbeit", "Haushaltsberatung", "Förderlotse"):
        assert service in html
    assert 'id="leichte-sprache"' in html
    assert 'id="gebaerdensprache"' in html
    assert reverse("funding:question") in html
    assert reverse("atlas:list") in html


@pytest.mark.django_db
def test_only_public_contact_people_are_listed(client: Client) -> None:
    factories.PersonFactory(last_name="Öffentlich", is_public=True, function="Beraterin")
    factories.PersonFactory(last_name="Geheimhalter", is_public=False)
    hidden = factories.PersonFactory(last_name="Anonymisiert", is_public=True)
    hidden.anonymised_at = hidden.created_at
    hidden.save()
    for name in ("home", "contacts-public"):
        html = client.get(reverse(name)).content.decode()
        assert "Öffentlich" in html
        assert "Geheimhalter" not in html
        assert "Anonymisiert" not in html


@pytest.mark.django_db
def test_the_contact_list_costs_the_same_queries_for_few_and_many_people(
    client: Client, django_assert_num_queries
) -> None:
    factories.PersonFactory(is_public=True)
    # 1 the public people with organisation and municipality joined
    with django_assert_num_queries(1):
        client.get(reverse("contacts-public"))
    factories.PersonFactory.create_batch(15, is_public=True)
    with django_assert_num_queries(1):
        client.get(reverse("contacts-public"))


@pytest.mark.django_db
def test_the_error_title_and_focusable_summary_appear_only_with_errors(client: Client) -> None:
    fine = client.get(reverse("funding:question")).content.decode()
    assert "<title>Fehler:" not in fine
    assert "data-error-summary" not in fine
    broken = client.post(reverse("funding:question"), {}).content.decode()
    assert "<title>Fehler: " in broken
    assert 'tabindex="-1" data-error-summary' in broken
    assert "Es gibt ein Problem" in broken


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["anna", "udo", "clara", "hanna", "dieter", "admin_user"])
@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_pages_open_for_every_role(
    client: Client, request: pytest.FixtureRequest, who: str, name: str
) -> None:
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse(name)).status_code == 200


@pytest.mark.django_db
def test_the_start_page_costs_one_query_for_visitors_whatever_the_number_of_contacts(
    client: Client, django_assert_num_queries
) -> None:
    # 1 the first public contact people (one more than shown, to know if there are more)
    with django_assert_num_queries(1):
        client.get(reverse("home"))
    factories.PersonFactory.create_batch(8, is_public=True)
    with django_assert_num_queries(1):
        response = client.get(reverse("home"))
    assert reverse("contacts-public") in response.content.decode()
