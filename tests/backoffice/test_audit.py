"""The audit trail: who changed what and when, visible and never editable."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from cooperations.models import CaseEvent, Cooperation
from funding.models import Grant

pytestmark = pytest.mark.django_db


def test_a_change_of_a_case_shows_up_in_its_history_with_the_user(
    adviser: Client, clara: User, case_kassel: Cooperation
) -> None:
    url = reverse("admin:cooperations_cooperation_change", args=[case_kassel.pk])
    page = adviser.get(url)
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, list)}
    data.update(
        {
            "title": "Gemeinsamer Bauhof Kassel-Nord",
            "field_of_action": case_kassel.field_of_action_id,
            "lead_municipality": case_kassel.lead_municipality_id,
            "legal_form": case_kassel.legal_form,
            "stage": case_kassel.stage,
            "checklist": "{}",
            "further_fields": [],
        }
    )
    for prefix in ("participations", "activities", "grants", "documents", "messages", "events"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    for key in list(page.context["inline_admin_formsets"]):
        fs = key.formset
        data[f"{fs.prefix}-TOTAL_FORMS"] = 0
        data[f"{fs.prefix}-INITIAL_FORMS"] = 0
    response = adviser.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    record = case_kassel.history.latest()
    assert (record.title, record.history_user) == ("Gemeinsamer Bauhof Kassel-Nord", clara)
    history = adviser.get(
        reverse("admin:cooperations_cooperation_history", args=[case_kassel.pk])
    ).content.decode()
    assert "Gemeinsamer Bauhof Kassel-Nord" in history or "Kassel-Nord" in history


def test_a_grant_history_record_cannot_be_restored(administrator: Client, demo_file: dict) -> None:
    grant: Grant = demo_file["grant"]
    record = grant.history.latest()
    url = reverse("admin:funding_grant_simple_history", args=[grant.pk, record.history_id])
    before = Grant.objects.get(pk=grant.pk).approved_amount
    response = administrator.post(url, {"approved_amount": "1.00"})
    assert response.status_code == 403
    assert Grant.objects.get(pk=grant.pk).approved_amount == before


def test_case_events_are_shown_but_never_editable(administrator: Client, demo_file: dict) -> None:
    event = CaseEvent.objects.first()
    assert event is not None
    assert administrator.get(reverse("admin:cooperations_caseevent_changelist")).status_code == 200
    assert administrator.get(reverse("admin:cooperations_caseevent_add")).status_code == 403
    response = administrator.post(
        reverse("admin:cooperations_caseevent_change", args=[event.pk]), {"note": "x"}
    )
    assert response.status_code == 403
    assert (
        administrator.post(
            reverse("admin:cooperations_caseevent_delete", args=[event.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
