"""One write path in the back office: the grant page, the payments on it, the grants and
partners of the case page, a new case and the grant import all write through the
services – with their German messages, and nothing half written."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.contrib.admin.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from accounts.models import User
from contacts.models import Municipality
from cooperations.models import CaseEvent, Cooperation, Participation
from funding.models import Disbursement, FundingGuideline, Grant
from funding.rules import guideline_in_force
from funding.services import APPROVED_BELOW_PAID, DISBURSEMENT_ABOVE_APPROVED, euro
from tests.factories import DisbursementFactory, GrantFactory, field_of_action
from tests.forms import FormFields

pytestmark = pytest.mark.django_db


def form_of(client: Client, url: str, form_id: str) -> dict[str, list[str]]:
    page = client.get(url)
    assert page.status_code == 200
    parser = FormFields(form_id)
    parser.feed(page.content.decode())
    # A browser drops the line break right after <textarea>.
    return {k: [v.removeprefix("\n") for v in values] for k, values in parser.fields.items()}


def grant_url(grant: Grant) -> str:
    return reverse("admin:funding_grant_change", args=[grant.pk])


def with_payments(data: dict[str, list[str]], *rows: tuple[str, str]) -> dict[str, list[str]]:
    """The grant form with new payment rows typed into the „Auszahlungen“ table."""
    total = int(data["disbursements-TOTAL_FORMS"][0])
    for n, (day, amount) in enumerate(rows, start=total):
        data[f"disbursements-{n}-date"] = [day]
        data[f"disbursements-{n}-betrag"] = [amount]
        data[f"disbursements-{n}-note"] = [""]
    data["disbursements-TOTAL_FORMS"] = [str(total + len(rows))]
    return data


@pytest.fixture
def grant(case_kassel: Cooperation) -> Grant:
    grant = GrantFactory(
        cooperation=case_kassel, applied_amount=Decimal("100000"), approved_amount=Decimal("100000")
    )
    DisbursementFactory(grant=grant, amount=Decimal("59200.00"))
    return grant


def test_an_unchanged_grant_saves_with_a_redirect(adviser: Client, grant: Grant) -> None:
    data = form_of(adviser, grant_url(grant), "grant_form")
    response = adviser.post(grant_url(grant), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Disbursement.objects.filter(grant=grant).count() == 1


def test_two_new_payments_above_the_rest_are_a_german_form_error_and_write_nothing(
    adviser: Client, grant: Grant
) -> None:
    # 40.800,00 € are left; two rows of 30.000,00 € each fit alone but not together.
    data = with_payments(
        form_of(adviser, grant_url(grant), "grant_form"),
        ("2026-12-10", "30.000,00"),
        ("2026-12-11", "30.000,00"),
    )
    response = adviser.post(grant_url(grant), data)
    assert response.status_code == 200
    expected = DISBURSEMENT_ABOVE_APPROVED.format(
        total=euro(Decimal("119200")), approved=euro(Decimal("100000"))
    )
    assert expected in response.content.decode()
    assert (
        expected
        == "Die Auszahlungen (119.200,00 €) würden den bewilligten Betrag (100.000,00 €) übersteigen."
    )
    assert Disbursement.objects.filter(grant=grant).count() == 1


def test_a_payment_recorded_on_the_grant_page_is_shown_in_german(
    adviser: Client, case_kassel: Cooperation
) -> None:
    grant = GrantFactory(cooperation=case_kassel, status=Grant.Status.APPROVED)
    data = with_payments(form_of(adviser, grant_url(grant), "grant_form"), ("2026-12-10", "60.000,00"))
    response = adviser.post(grant_url(grant), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    entry = LogEntry.objects.get(object_id=str(grant.pk))
    assert "„60.000,00 € am 10.12.2026“" in entry.get_change_message()  # as the history lists it
    grant.refresh_from_db()
    assert grant.status == Grant.Status.PAID
    assert grant.disbursements.get().amount == Decimal("60000.00")
    page = adviser.get(grant_url(grant)).content.decode()
    assert page.count("60.000,00 €") == 2  # the booked row: its title and its amount cell
    assert "60000.00" not in page


def test_an_amount_with_cents_is_typed_the_german_way(adviser: Client, case_kassel: Cooperation) -> None:
    grant = GrantFactory(cooperation=case_kassel, status=Grant.Status.APPLIED, approved_amount=None)
    data = form_of(adviser, grant_url(grant), "grant_form")
    assert data["applied_amount"] == ["100.000,00"]  # shown as typed
    data["applied_amount"] = ["25.000,50"]
    response = adviser.post(grant_url(grant), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    grant.refresh_from_db()
    assert grant.applied_amount == Decimal("25000.50")
    data["applied_amount"] = ["25000,75"]
    assert adviser.post(grant_url(grant), data).status_code == 302
    grant.refresh_from_db()
    assert grant.applied_amount == Decimal("25000.75")


def test_an_approved_amount_below_what_is_paid_is_refused_on_the_grant_page(
    adviser: Client, grant: Grant
) -> None:
    data = form_of(adviser, grant_url(grant), "grant_form")
    data["approved_amount"] = ["58.700,00"]
    data["applied_amount"] = ["100.000,00"]
    response = adviser.post(grant_url(grant), data)
    assert response.status_code == 200
    assert APPROVED_BELOW_PAID.format(approved="58.700,00 €", paid="59.200,00 €") in response.content.decode()
    grant.refresh_from_db()
    assert grant.approved_amount == Decimal("100000.00")


GRANT_HEADER = (
    "Vorgang (Aktenzeichen);Aktenzeichen (Bescheid);Haushaltsjahr;beantragt;bewilligt;Status;Bescheid vom\n"
)


def upload(client: Client, text: str) -> str:
    out = io.StringIO()
    csv.writer(out).writerows(line.split(";") for line in text.strip().splitlines())
    response = client.post(
        reverse("admin:funding_grant_import"),
        {
            "format": "0",
            "resource": "0",
            "import_file": SimpleUploadedFile(
                "bescheide.csv", out.getvalue().encode(), content_type="text/csv"
            ),
        },
    )
    assert response.status_code == 200
    return response.content.decode()


def test_an_import_below_what_is_paid_is_refused_in_the_preview_with_the_services_message(
    administrator: Client, grant: Grant, case_kassel: Cooperation
) -> None:
    text = (
        GRANT_HEADER
        + f"{case_kassel.reference};HE-2026-NEU;2026;50.000,00;50.000,00;bewilligt;01.03.2026\n"
        + f"{case_kassel.reference};{grant.file_number};2024;100.000,00;58.700,00;bewilligt;01.06.2024\n"
    )
    page = upload(administrator, text)
    assert APPROVED_BELOW_PAID.format(approved="58.700,00 €", paid="59.200,00 €") in page
    assert "process_import" not in page  # no confirm button
    grant.refresh_from_db()
    assert grant.approved_amount == Decimal("100000.00")
    assert not Grant.objects.filter(file_number="HE-2026-NEU").exists()


def test_an_imported_grant_gets_the_guideline_and_the_history_of_its_importer(
    administrator: Client, admin_user: User, case_kassel: Cooperation
) -> None:
    guideline = newest_guideline()
    text = GRANT_HEADER + f"{case_kassel.reference};HE-2026-7;2026;75.000,00;75.000,00;bewilligt;01.03.2026\n"
    page = upload(administrator, text)
    fields = dict(
        re.findall(r'name="(import_file_name|original_file_name|format|resource)"[^>]*value="([^"]*)"', page)
    )
    assert administrator.post(reverse("admin:funding_grant_process_import"), fields).status_code == 302
    grant = Grant.objects.get(file_number="HE-2026-7")
    assert grant.guideline == guideline
    assert grant.history.get().history_user == admin_user


def newest_guideline() -> FundingGuideline:
    """A guideline in force from 2026 on without end (the Hessian one of the reference data ends in 2026)."""
    guideline = FundingGuideline.objects.create(
        land="06", name="Richtlinie 2026", valid_from=dt.date(2026, 1, 1)
    )
    assert guideline_in_force() == guideline
    return guideline


def case_url(case: Cooperation) -> str:
    return reverse("admin:cooperations_cooperation_change", args=[case.pk])


def test_a_grant_added_on_the_case_page_carries_the_guideline_and_its_warnings(
    adviser: Client, case_kassel: Cooperation
) -> None:
    guideline = newest_guideline()
    data = form_of(adviser, case_url(case_kassel), "cooperation_form")
    n = int(data["grants-TOTAL_FORMS"][0])
    data.update(
        {
            f"grants-{n}-budget_year": ["2026"],
            f"grants-{n}-applied_amount": ["75.000,00"],
            f"grants-{n}-approved_amount": [""],
            f"grants-{n}-status": ["beantragt"],
            f"grants-{n}-file_number": ["HE-2026-12"],
            "grants-TOTAL_FORMS": [str(n + 1)],
        }
    )
    response = adviser.post(case_url(case_kassel), data, follow=True)
    assert response.status_code == 200
    grant = Grant.objects.get(file_number="HE-2026-12")
    assert grant.guideline == guideline
    assert grant.applied_amount == Decimal("75000.00")
    # Two partners: the rule check of the grant page warns here too.
    assert "Nur 2 Partner" in response.content.decode()


def test_a_case_made_in_the_back_office_is_made_by_case_create(
    adviser: Client, clara: User, kassel: Municipality, kuenzell: Municipality
) -> None:
    url = reverse("admin:cooperations_cooperation_add")
    data = form_of(adviser, url, "cooperation_form")
    data.update(
        {
            "title": ["Gemeinsames Ordnungsamt"],
            "field_of_action": [str(field_of_action().pk)],
            "lead_municipality": [str(kassel.pk)],
            "participations-TOTAL_FORMS": ["1"],
            "participations-0-municipality": [str(kuenzell.pk)],
            "participations-0-role": ["partner"],
            "participations-0-joined_on": ["2026-12-01"],
        }
    )
    response = adviser.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    case = Cooperation.objects.get(title="Gemeinsames Ordnungsamt")
    assert re.fullmatch(r"IKZ-\d{4}-\d{4}", case.reference)
    roles = dict(case.participations.values_list("municipality__name", "role"))
    assert roles == {"Kassel": Participation.Role.LEAD, "Künzell": Participation.Role.PARTNER}
    assert case.participations.get(municipality=kuenzell).joined_on == dt.date(2026, 12, 1)
    created = case.events.get(kind=CaseEvent.Kind.CREATED)
    assert (created.actor, created.new_status) == (clara, case.status)


def test_the_grant_admin_keeps_nothing_of_a_request(adviser: Client, case_kassel: Cooperation) -> None:
    # One ModelAdmin serves every thread: the case of one adviser's page must not be
    # stored where another adviser's request would read it.
    from django.contrib import admin

    grant_admin = admin.site.get_model_admin(Grant)
    before = dict(vars(grant_admin))
    page = adviser.get(reverse("admin:funding_grant_add") + f"?cooperation={case_kassel.pk}")
    assert "Vorschlag nach" in page.content.decode() or "Richtlinie" in page.content.decode()
    assert vars(grant_admin) == before


def test_a_consultation_made_in_the_back_office_keeps_the_size_class_of_its_date(
    budget_adviser: Client, kuenzell: Municipality
) -> None:
    from budget_advice.models import Consultation, Recommendation

    url = reverse("admin:budget_advice_consultation_add")
    data = form_of(budget_adviser, url, "consultation_form")
    data.update(
        {
            "municipality": [str(kuenzell.pk)],
            "date": ["2026-03-02"],
            "status": ["geplant"],
            "recommendations-TOTAL_FORMS": ["1"],
            "recommendations-0-area": ["ertraege"],
            "recommendations-0-text": ["Hebesatz prüfen"],
            "recommendations-0-estimated_effect": ["12.500,00"],
            "recommendations-0-implemented": ["offen"],
        }
    )
    response = budget_adviser.post(url, data)
    assert response.status_code == 302, re.findall(
        r"errorlist[^>]*>(.*?)</ul>", response.content.decode(), re.S
    )
    consultation = Consultation.objects.get(municipality=kuenzell)
    assert (consultation.population, consultation.size_class) == (16_500, "kleinstadt")
    recommendation = Recommendation.objects.get(consultation=consultation)
    assert recommendation.estimated_effect == Decimal("12500.00")
    assert recommendation.follow_up_due == dt.date(2027, 3, 2)
