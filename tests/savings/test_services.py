"""Reporting a year's savings: computed figures, German refusals that keep nothing half
done, a second report that replaces the first with history, the adviser told by mail."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import User
from contacts.models import Municipality
from cooperations.models import CaseEvent, Cooperation, Document
from core.models import OutboxMail
from savings import services
from savings.models import NEGATIVE_COSTS, SavingsReport
from tests import factories

from .conftest import report, this_year

pytestmark = pytest.mark.django_db


def test_it_computes_the_savings_and_tells_the_adviser(funded_case: Cooperation, anna: User) -> None:
    year = this_year() - 3
    saved = report(funded_case, anna, year, "250000.00", "205000.00", explanation="Gemeinsamer Einkauf")

    assert saved.savings_eur == Decimal("45000.00")
    assert saved.savings_pct == Decimal("18.00")
    assert saved.meets_target() is False  # 18 % is below the case's own 20 %
    note = CaseEvent.objects.get(cooperation=funded_case, kind=CaseEvent.Kind.NOTE)
    assert note.note == f"Einsparbericht {year} eingereicht: Einsparung 18,00 % (45.000,00 €)."
    mail = OutboxMail.objects.get(to="clara@kikz.hessen.de")
    assert f"Einsparbericht {year} eingegangen" in mail.subject
    assert "45.000,00 €" in mail.body


def test_rising_costs_are_a_negative_saving_not_an_error(funded_case: Cooperation, anna: User) -> None:
    saved = report(funded_case, anna, this_year() - 3, "100000", "112500")

    assert saved.savings_eur == Decimal("-12500.00")
    assert saved.savings_pct == Decimal("-12.50")


def test_negative_costs_are_refused_in_german_and_nothing_is_written(
    funded_case: Cooperation, anna: User
) -> None:
    with pytest.raises(ValidationError) as refused:
        report(funded_case, anna, this_year() - 3, "-5", "-1")

    assert refused.value.message_dict == {
        "baseline_costs": [NEGATIVE_COSTS],
        "current_costs": [NEGATIVE_COSTS],
    }
    assert not SavingsReport.objects.exists()
    assert not OutboxMail.objects.exists()


def test_a_year_before_the_implementation_is_refused(funded_case: Cooperation, anna: User) -> None:
    start = this_year() - 4
    with pytest.raises(ValidationError) as refused:
        report(funded_case, anna, start - 1, "100000", "80000")

    assert refused.value.message_dict["year"] == [
        services.YEAR_BEFORE_START.format(start=start, year=start - 1)
    ]


def test_the_running_year_waits_until_it_is_over(funded_case: Cooperation, anna: User) -> None:
    with pytest.raises(ValidationError) as refused:
        report(funded_case, anna, this_year(), "100000", "80000")

    assert refused.value.message_dict["year"] == [
        services.YEAR_NOT_OVER.format(year=this_year(), next=this_year() + 1)
    ]


def test_a_second_report_for_the_year_needs_the_tick_and_then_replaces_with_history(
    funded_case: Cooperation, anna: User
) -> None:
    year = this_year() - 2
    first = report(funded_case, anna, year, "200000", "170000")

    with pytest.raises(ValidationError) as refused:
        report(funded_case, anna, year, "200000", "150000")
    assert "Bisherigen Bericht ersetzen" in refused.value.message_dict["replace"][0]
    first.refresh_from_db()
    assert first.current_costs == Decimal("170000.00")

    again = report(funded_case, anna, year, "200000", "150000", replace=True)

    assert again.pk == first.pk
    assert SavingsReport.objects.count() == 1
    assert again.savings_pct == Decimal("25.00")
    assert [h.current_costs for h in again.history.order_by("history_id")] == [
        Decimal("170000.00"),
        Decimal("150000.00"),
    ]
    assert CaseEvent.objects.filter(note__startswith=f"Einsparbericht {year} ersetzt").exists()


def test_a_partner_municipality_may_not_report(funded_case: Cooperation, kuenzell: Municipality) -> None:
    partner = factories.UserFactory(email="paul@kuenzell.de")
    factories.MembershipFactory(user=partner, municipality=kuenzell)

    with pytest.raises(ValidationError) as refused:
        report(funded_case, partner, this_year() - 2, "100000", "80000")

    assert refused.value.messages == [
        services.NOT_LEAD.format(name=funded_case.lead_municipality.display_name)
    ]


def test_a_case_without_approved_funding_reports_nothing(case_kassel: Cooperation, anna: User) -> None:
    with pytest.raises(ValidationError) as refused:
        report(case_kassel, anna, this_year() - 2, "100000", "80000")

    assert refused.value.messages == [services.NOT_FUNDED]


def test_the_attachment_becomes_a_case_document(funded_case: Cooperation, anna: User) -> None:
    upload = SimpleUploadedFile("kosten.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")

    saved = report(funded_case, anna, this_year() - 2, "100000", "80000", attachment=upload)

    document = Document.objects.get(cooperation=funded_case)
    assert saved.attachment == document
    assert document.original_name == "kosten.pdf"


def test_a_bad_attachment_is_an_error_of_its_field(funded_case: Cooperation, anna: User) -> None:
    upload = SimpleUploadedFile("kosten.pdf", b"MZ not a pdf", content_type="application/pdf")

    with pytest.raises(ValidationError) as refused:
        report(funded_case, anna, this_year() - 2, "100000", "80000", attachment=upload)

    assert list(refused.value.message_dict) == ["attachment"]
    assert not SavingsReport.objects.exists()
