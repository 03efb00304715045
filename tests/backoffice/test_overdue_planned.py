"""Planned budget consultations whose date has passed: not counted in the statistics,
listed for the adviser to update (issue 14). The start page's view lives in
desk.views.start_page; it puts the selector's rows into the dashboard context."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib import admin
from django.template.loader import render_to_string
from django.test import RequestFactory

from accounts.models import User
from budget_advice.models import Consultation
from budget_advice.selectors import overdue_planned_consultations
from tests.factories import ConsultationFactory, MunicipalityFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 5)


def test_only_planned_consultations_with_a_past_date_are_listed_oldest_first() -> None:
    m = MunicipalityFactory(name="Adorf, Stadt")
    late = ConsultationFactory(municipality=m, date=dt.date(2026, 11, 30), status=Consultation.Status.PLANNED)
    older = ConsultationFactory(municipality=m, date=dt.date(2026, 6, 1), status=Consultation.Status.PLANNED)
    ConsultationFactory(municipality=m, date=TODAY, status=Consultation.Status.PLANNED)  # today: not yet
    ConsultationFactory(municipality=m, date=dt.date(2027, 1, 1), status=Consultation.Status.PLANNED)
    ConsultationFactory(municipality=m, date=dt.date(2026, 5, 1), status=Consultation.Status.DONE)
    ConsultationFactory(municipality=m, date=dt.date(2026, 5, 1), status=Consultation.Status.REQUESTED)
    assert list(overdue_planned_consultations(today=TODAY)) == [older, late]


def test_the_start_page_card_names_each_with_its_date_and_links_it(hanna: User) -> None:
    c = ConsultationFactory(
        municipality=MunicipalityFactory(name="Adorf, Stadt"),
        date=dt.date(2026, 11, 30),
        status=Consultation.Status.PLANNED,
    )
    rows = list(overdue_planned_consultations(today=TODAY))
    request = RequestFactory().get("/admin/")
    request.user = hanna
    html = render_to_string(
        "admin/ikz_index.html",
        {
            **admin.site.each_context(request),
            "app_list": [],
            "dashboard": {"today": TODAY, "overdue_planned": rows, "overdue_planned_count": len(rows)},
        },
        request=request,
    )
    assert "Geplante Beratungen mit vergangenem Datum" in html
    assert f"/admin/budget_advice/consultation/{c.pk}/change/" in html
    assert ">Adorf</a>" in html and "30.11.2026" in html
