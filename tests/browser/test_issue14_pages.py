"""The portal pages changed for issue 14 in a real Chromium: axe-core on each, and
screenshots at 320 and 1280 px in test-artifacts/ for a person to look at."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from budget_advice.models import Consultation
from contacts.models import Municipality
from cooperations.models import FieldOfAction, InquiryDraft
from funding.services import disbursement_create
from tests.browser.conftest import axe_check, login, press, screenshot, visit
from tests.factories import ConsultationFactory, CooperationFactory, GrantFactory, ProgrammeFactory
from tests.portal.conftest import complete_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fields() -> list[FieldOfAction]:
    for i, name in enumerate(("Bauhof", "Allgemeine Verwaltung")):
        FieldOfAction.objects.get_or_create(name=name, defaults={"slug": f"feld-{i}", "position": -10 + i})
    return list(FieldOfAction.objects.order_by("position")[:2])


def look(page: Any, name: str) -> None:
    axe_check(page)
    screenshot(page, f"issue14-{name}")


def test_the_case_page_shows_the_money_and_both_fields(
    page: Any, live_server: Any, anna: User, clara: User, kassel: Municipality, fulda: Municipality
) -> None:
    first, second = fields()
    case = CooperationFactory(
        title="Gemeinsamer Bauhof Kassel", lead_municipality=kassel, partners=[fulda], field_of_action=first
    )
    case.further_fields.set([second])
    grant = GrantFactory(
        cooperation=case,
        programme=ProgrammeFactory(name="Landesprogramm IKZ"),
        applied_amount=Decimal("75000"),
        approved_amount=Decimal("60000"),
        budget_year=2026,
        decision_date=dt.date(2026, 9, 1),
        proof_of_use_due=dt.date(2028, 6, 30),
    )
    disbursement_create(grant=grant, date=dt.date(2026, 12, 10), amount=Decimal("25000.50"), actor=clara)
    login(page, live_server, anna)
    visit(page, live_server, reverse("cooperations:case-detail", args=[case.pk]))
    assert page.get_by_role("heading", name="Förderung").is_visible()
    assert page.get_by_text("34.999,50 €").is_visible()
    assert page.get_by_text(f"{first.name}, {second.name}").is_visible()
    assert page.get_by_role("link", name="Mein Konto").is_visible()
    look(page, "case-money")


def test_a_budget_consultation_request_is_confirmed_and_listed(
    page: Any, live_server: Any, anna: User, kassel: Municipality, hanna: User
) -> None:
    ConsultationFactory(municipality=kassel, date=dt.date(2019, 5, 1))
    login(page, live_server, anna)
    visit(page, live_server, reverse("budget_advice:request"))
    page.get_by_label("Personal und Organisation").check()
    day = timezone.localdate() + dt.timedelta(days=40)
    page.get_by_label("Tag").fill(str(day.day))
    page.get_by_label("Monat").fill(str(day.month))
    page.get_by_label("Jahr").fill(str(day.year))
    press(page, "Beratung anfragen")
    assert page.get_by_text("Ihre Anfrage ist eingegangen").is_visible()
    assert page.get_by_text("2. Beratung Ihrer Kommune").is_visible()
    look(page, "consultation-confirmed")
    visit(page, live_server, reverse("cooperations:my-cases"))
    assert page.get_by_role("heading", name="Haushaltsberatungen").is_visible()
    assert Consultation.objects.filter(status=Consultation.Status.REQUESTED).count() == 1
    look(page, "my-cases")


def test_deleting_a_draft_asks_first(
    page: Any, live_server: Any, anna: User, kassel: Municipality, fulda: Municipality
) -> None:
    fields()
    draft = InquiryDraft.objects.create(user=anna, data=complete_data(kassel, [fulda]))
    login(page, live_server, anna)
    visit(page, live_server, reverse("cooperations:inquiry-review", args=[draft.token]))
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("link", name="Entwurf löschen").click()
    assert page.get_by_role("heading", name="Entwurf löschen?").is_visible()
    look(page, "draft-delete")
    press(page, "Ja, Entwurf löschen")
    assert not InquiryDraft.objects.filter(pk=draft.pk).exists()


def test_partners_are_found_while_typing(
    page: Any,
    live_server: Any,
    anna: User,
    kassel: Municipality,
    fulda: Municipality,
    kuenzell: Municipality,
) -> None:
    wesertal = Municipality.objects.create(ags="06633029", name="Wesertal", kind="gemeinde")
    Municipality.objects.create(
        ags="06633021",
        name="Oberweser",
        kind="gemeinde",
        valid_until=dt.date(2019, 12, 31),
        successor=wesertal,
    )
    draft = InquiryDraft.objects.create(user=anna, data={"municipality": kassel.pk, "done": ["kommune"]})
    login(page, live_server, anna)
    visit(page, live_server, reverse("cooperations:inquiry-step", args=[draft.token, "partner"]))
    with page.expect_response(lambda r: r.request.method == "POST"):
        page.get_by_label("Partnerkommune suchen").press_sequentially("Fulda", delay=30)
    page.get_by_text("Suchergebnisse für „Fulda“").wait_for()
    page.get_by_label("Fulda (AGS 06631009)", exact=True).check()
    with page.expect_response(lambda r: r.request.method == "POST"):
        page.get_by_label("Partnerkommune suchen").fill("Oberweser")
    page.get_by_text("ist in Wesertal aufgegangen (bis 31.12.2019)").wait_for()
    # The ticked result moved up to the chosen partners, ticked.
    chosen = page.locator("#partner-choices fieldset").first
    assert chosen.get_by_label("Fulda (AGS 06631009)", exact=True).is_checked()
    look(page, "partner-search")


def test_the_403_page_shows_the_signed_in_header(page: Any, live_server: Any, clara: User) -> None:
    login(page, live_server, clara)
    response = page.goto(live_server.url + reverse("cooperations:my-cases"))
    assert response is not None and response.status == 403
    assert page.get_by_role("button", name="Abmelden").is_visible()
    assert page.get_by_role("link", name="Registrieren").count() == 0
    look(page, "403-signed-in")


def test_sign_up_asks_for_the_name(page: Any, live_server: Any) -> None:
    visit(page, live_server, reverse("account_signup"))
    assert page.get_by_label("Vorname").is_visible() and page.get_by_label("Nachname").is_visible()
    look(page, "signup")
