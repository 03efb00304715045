"""The case page in sections an adviser can scan (issue #14), the Fallakte linked from it."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

# The seven of issue 14, the savings of a funded case and the cost-sharing key (issue 16).
SECTIONS = [
    "Überblick",
    "Beteiligte",
    "Aktivitäten",
    "Förderung",
    "Einsparungen",
    "Dokumente",
    "Nachrichten",
    "Verlauf",
    "Kostenverteilung",
]
ANCHORS = [
    "ueberblick",
    "beteiligte",
    "aktivitaeten",
    "foerderung",
    "einsparungen",
    "dokumente",
    "nachrichten",
    "verlauf",
    "kostenverteilung",
]


def _page(client: Client, demo_file: dict[str, Any]) -> str:
    case = demo_file["case"]
    return client.get(reverse("admin:cooperations_cooperation_change", args=[case.pk])).content.decode()


def _section(page: str, anchor: str) -> str:
    start = page.index(f'<section id="{anchor}"')
    return page[start : page.index("</section>", start)]


def test_the_case_page_has_its_sections_linked_from_the_top(
    adviser: Client, demo_file: dict[str, Any]
) -> None:
    page = _page(adviser, demo_file)
    nav = page[page.index('<nav class="ikz-case-nav"') :]
    nav = nav[: nav.index("</nav>")]
    assert re.findall(r'href="#(\w+)"[^>]*>([^<]+)<', nav) == list(zip(ANCHORS, SECTIONS, strict=True))
    positions = [page.index(f'<section id="{anchor}"') for anchor in ANCHORS]
    assert positions == sorted(positions)


def test_each_part_of_the_case_sits_in_its_section(adviser: Client, demo_file: dict[str, Any]) -> None:
    page = _page(adviser, demo_file)
    assert 'name="title"' in _section(page, "ueberblick")
    assert "participations-group" in _section(page, "beteiligte")
    assert "activities-group" in _section(page, "aktivitaeten")
    assert "Prüfung nach der Förderrichtlinie" in _section(page, "foerderung")
    assert "grants-group" in _section(page, "foerderung")
    assert "documents-group" in _section(page, "dokumente")
    assert "messages-group" in _section(page, "nachrichten")
    assert 'form="ikz-message-form"' in _section(page, "nachrichten")
    assert "events-group" in _section(page, "verlauf")
    # Every part is shown once: the inlines are not repeated after the sections.
    assert page.count('id="activities-group"') == 1


def test_the_fallakte_is_linked_from_the_case_page(adviser: Client, demo_file: dict[str, Any]) -> None:
    page = _page(adviser, demo_file)
    url = reverse("reports:case-file", args=[demo_file["case"].pk])
    assert f'href="{url}"' in page
    assert f'href="{url}"' in _section(page, "foerderung")
    response = adviser.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"


def test_the_message_written_in_the_nachrichten_section_is_sent_and_comes_back_there(
    adviser: Client, demo_file: dict[str, Any]
) -> None:
    case = demo_file["case"]
    page = _page(adviser, demo_file)
    action = reverse("admin:cooperations_cooperation_message", args=[case.pk])
    form = re.search(
        r'<form id="ikz-message-form" method="post" action="([^"]+)">.*?name="next" value="([^"]+)"', page
    )
    assert form is not None
    assert form.group(1) == action
    response = adviser.post(action, {"body": "Der Antrag ist vollständig.", "next": form.group(2)})
    assert response.status_code == 302
    assert response["Location"].endswith("#nachrichten")
    assert case.messages.filter(body="Der Antrag ist vollständig.").exists()
