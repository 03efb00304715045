"""The key's pages as their users meet them: the lead municipality computes in the portal,
the other partners read, another municipality gets a 404; the adviser works on the same
key in the back office; the drafts download with their file endings."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from agreements import keys, services
from agreements.models import CostKey, KeyMethod
from contacts.models import Membership, Municipality
from cooperations.models import Cooperation
from tests import factories

pytestmark = pytest.mark.django_db


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def anna_client(anna: User) -> Client:
    return client_for(anna)


@pytest.fixture
def key_url(case_kassel: Cooperation) -> str:
    return reverse("agreements:case-key", args=[case_kassel.pk])


def test_anonymous_visitors_are_sent_to_the_login(client: Client, key_url: str) -> None:
    response = client.get(key_url)
    assert response.status_code == 302 and "/konto/login/" in response["Location"]


def test_another_municipality_does_not_learn_the_case_exists(bernd: User, key_url: str) -> None:
    assert client_for(bernd).get(key_url).status_code == 404


def test_the_lead_municipality_computes_and_saves_a_population_key(
    anna_client: Client, case_kassel: Cooperation, key_url: str
) -> None:
    page = anna_client.get(key_url)
    assert page.status_code == 200
    assert "Schlüssel berechnen" in page.text and "Noch kein Schlüssel gespeichert." in page.text
    response = anna_client.post(
        key_url, {"method": "einwohner", "total": "220.702,00", "aktion": "speichern"}
    )
    assert response.status_code == 302
    key = CostKey.objects.get(cooperation=case_kassel)
    assert key.total == Decimal("220702.00")
    # Kassel 204.202, Künzell 16.500 inhabitants: one euro per inhabitant.
    assert [s.amount for s in key.shares.order_by("position")] == [Decimal("204202.00"), Decimal("16500.00")]
    page = anna_client.get(key_url)
    assert "Der Schlüssel ist als Version 1 gespeichert." in page.text
    assert "204.202,00 €" in page.text and "Summe" in page.text
    case_page = anna_client.get(reverse("cooperations:case-detail", args=[case_kassel.pk]))
    assert "Kostenverteilung" in case_page.text
    assert reverse("agreements:case-draft-docx", args=[case_kassel.pk]) in case_page.text


def test_a_preview_shows_the_table_and_saves_nothing(anna_client: Client, key_url: str) -> None:
    response = anna_client.post(key_url, {"method": "gleich", "total": "100", "aktion": "vorschau"})
    assert response.status_code == 200
    assert "Vorschau (noch nicht gespeichert)" in response.text and "50,00 €" in response.text
    assert not CostKey.objects.exists()


def test_percentages_not_adding_up_come_back_in_german_with_what_was_typed(
    anna_client: Client, case_kassel: Cooperation, kassel: Municipality, kuenzell: Municipality, key_url: str
) -> None:
    response = anna_client.post(
        key_url,
        {
            "method": "prozent",
            "total": "1.000,00",
            f"value_{kassel.pk}": "60",
            f"value_{kuenzell.pk}": "30",
            "aktion": "speichern",
        },
    )
    assert response.status_code == 422
    assert keys.PERCENT_SUM.format(total="90") in response.text
    assert "Es gibt ein Problem" in response.text
    assert 'value="1.000,00"' in response.text and 'value="60,00"' in response.text
    assert not CostKey.objects.exists()


def test_negative_units_are_refused_beside_the_partner(
    anna_client: Client, kassel: Municipality, kuenzell: Municipality, key_url: str
) -> None:
    response = anna_client.post(
        key_url,
        {
            "method": "nutzung",
            "total": "500",
            f"value_{kassel.pk}": "10",
            f"value_{kuenzell.pk}": "-3",
            "aktion": "speichern",
        },
    )
    assert response.status_code == 422
    assert keys.NEGATIVE_UNITS.format(name="Künzell") in response.text
    assert f'id="id_value_{kuenzell.pk}_error"' in response.text


def test_text_where_a_number_belongs_is_a_german_error_not_a_500(anna_client: Client, key_url: str) -> None:
    response = anna_client.post(key_url, {"method": "gleich", "total": "viel", "aktion": "speichern"})
    assert response.status_code == 422
    assert "„viel“ ist kein Betrag" in response.text


def test_a_partner_reads_the_key_but_cannot_compute_it(
    case_kassel: Cooperation, kuenzell: Municipality, key_url: str
) -> None:
    partner = factories.UserFactory(email="karl@kuenzell.de")
    Membership.objects.create(user=partner, municipality=kuenzell, status=Membership.Status.CONFIRMED)
    services.cost_key_save(case=case_kassel, method=KeyMethod.EQUAL, total=Decimal("100"), actor=None)
    client = client_for(partner)
    page = client.get(key_url)
    assert page.status_code == 200 and "50,00 €" in page.text
    assert "Schlüssel berechnen" not in page.text
    assert client.post(key_url, {"method": "gleich", "total": "1", "aktion": "speichern"}).status_code == 403
    assert CostKey.objects.count() == 1


def test_the_drafts_download_as_docx_and_pdf(anna_client: Client, case_kassel: Cooperation) -> None:
    docx_url = reverse("agreements:case-draft-docx", args=[case_kassel.pk])
    assert docx_url.endswith(".docx")
    assert anna_client.get(docx_url).status_code == 404  # no key yet
    services.cost_key_save(case=case_kassel, method=KeyMethod.EQUAL, total=Decimal("100"), actor=None)
    docx = anna_client.get(docx_url)
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    assert 'filename="Vereinbarungsentwurf-' in docx["Content-Disposition"]
    pdf = anna_client.get(reverse("agreements:case-draft-pdf", args=[case_kassel.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_the_adviser_computes_on_the_back_office_page_and_the_case_page_links_the_drafts(
    clara: User, case_kassel: Cooperation, settings: object
) -> None:
    settings.IKZ_REQUIRE_STAFF_2FA = False  # type: ignore[attr-defined]
    client = client_for(clara)
    url = reverse("agreements_office:case-key", args=[case_kassel.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"method": "sockel", "total": "1000", "base_share_pct": "30", "aktion": "speichern"}
    )
    assert response.status_code == 302
    key = CostKey.objects.get(cooperation=case_kassel)
    assert key.created_by == clara and key.base_share_pct == Decimal("30")
    case_page = client.get(reverse("admin:cooperations_cooperation_change", args=[case_kassel.pk]))
    assert "Kostenverteilung und Vereinbarung" in case_page.text
    docx = reverse("agreements_office:case-draft-docx", args=[case_kassel.pk])
    pdf = reverse("agreements_office:case-draft-pdf", args=[case_kassel.pk])
    assert docx.endswith(".docx") and pdf.endswith(".pdf")
    assert f'href="{docx}"' in case_page.text and f'href="{pdf}"' in case_page.text
    assert client.get(docx).status_code == 200


def test_a_budget_adviser_is_refused(hanna: User, case_kassel: Cooperation, settings: object) -> None:
    settings.IKZ_REQUIRE_STAFF_2FA = False  # type: ignore[attr-defined]
    client = client_for(hanna)
    assert client.get(reverse("agreements_office:case-key", args=[case_kassel.pk])).status_code == 403
    assert client.get(reverse("agreements_office:case-draft-pdf", args=[case_kassel.pk])).status_code == 403


def test_the_start_page_proposes_updating_an_outdated_population_key(
    clara: User, case_kassel: Cooperation, kassel: Municipality, settings: object
) -> None:
    import datetime as dt

    settings.IKZ_REQUIRE_STAFF_2FA = False  # type: ignore[attr-defined]
    Municipality.objects.filter(pk__in=[kassel.pk]).update(population_date=dt.date(2023, 12, 31))
    Municipality.objects.filter(name="Künzell").update(population_date=dt.date(2023, 12, 31))
    services.cost_key_save(case=case_kassel, method=KeyMethod.POPULATION, total=Decimal("1000"), actor=None)
    Municipality.objects.filter(pk=kassel.pk).update(
        population=205_000, population_date=dt.date(2024, 12, 31)
    )
    page = client_for(clara).get(reverse("admin:index"))
    assert "Kostenschlüssel mit neuem Gebietsstand" in page.text
    assert case_kassel.reference in page.text
