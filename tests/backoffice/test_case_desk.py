"""The case list and the case page: status buttons, bulk actions, search."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.test import Client
from django.urls import reverse

from accounts.models import User
from cooperations.models import CaseEvent, Cooperation, Status
from cooperations.services import REASON_REQUIRED
from tests.factories import CooperationFactory, GrantFactory, MunicipalityFactory

pytestmark = pytest.mark.django_db

STEPS = [
    (Status.RECEIVED, Status.IN_CONSULTATION),
    (Status.IN_CONSULTATION, Status.APPLIED),
    (Status.APPLIED, Status.APPROVED),
    (Status.APPLIED, Status.REJECTED),
    (Status.APPROVED, Status.IMPLEMENTING),
    (Status.IMPLEMENTING, Status.PROOF_OF_USE),
    (Status.PROOF_OF_USE, Status.CLOSED),
    (Status.RECEIVED, Status.WITHDRAWN),
    (Status.IN_CONSULTATION, Status.DORMANT),
]


def case_in(status: Status) -> Cooperation:
    case = CooperationFactory(partners=[MunicipalityFactory(), MunicipalityFactory()])
    Cooperation.objects.filter(pk=case.pk).update(status=status)
    case.refresh_from_db()
    return case


@pytest.mark.parametrize(("frm", "to"), STEPS)
def test_each_status_button_moves_the_case_and_records_who_and_why(
    adviser: Client, clara: User, frm: Status, to: Status
) -> None:
    case = case_in(frm)
    if to == Status.APPROVED:
        GrantFactory(cooperation=case)  # „bewilligt“ needs an approved grant
    page = adviser.get(reverse("admin:cooperations_cooperation_change", args=[case.pk])).content.decode()
    assert f'name="transition" value="{to.value}"' in page
    response = adviser.post(
        reverse("admin:cooperations_cooperation_transition", args=[case.pk]),
        {"to": to.value, "reason": "Gremium hat entschieden"},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == to
    event = CaseEvent.objects.get(cooperation=case, kind=CaseEvent.Kind.STATUS)
    assert (event.actor, event.old_status, event.new_status, event.note) == (
        clara,
        frm,
        to,
        "Gremium hat entschieden",
    )


def test_a_dormant_case_offers_only_the_way_back(adviser: Client) -> None:
    case = case_in(Status.IN_CONSULTATION)
    adviser.post(
        reverse("admin:cooperations_cooperation_transition", args=[case.pk]),
        {"to": Status.DORMANT, "reason": "Wahl im Herbst"},
    )
    page = adviser.get(reverse("admin:cooperations_cooperation_change", args=[case.pk])).content.decode()
    assert page.count('name="transition"') == 1
    assert f'value="{Status.IN_CONSULTATION.value}"' in page


def test_a_pause_without_reason_is_refused_and_the_form_comes_back(adviser: Client) -> None:
    case = case_in(Status.RECEIVED)
    response = adviser.post(
        reverse("admin:cooperations_cooperation_transition", args=[case.pk]),
        {"to": Status.WITHDRAWN, "reason": " "},
    )
    assert response.status_code == 422
    assert REASON_REQUIRED in response.content.decode()
    case.refresh_from_db()
    assert case.status == Status.RECEIVED


def test_a_forbidden_jump_is_refused(adviser: Client) -> None:
    case = case_in(Status.RECEIVED)
    response = adviser.post(
        reverse("admin:cooperations_cooperation_transition", args=[case.pk]), {"to": Status.CLOSED}
    )
    assert response.status_code == 422
    assert "nicht möglich" in response.content.decode()
    case.refresh_from_db()
    assert case.status == Status.RECEIVED


def test_the_status_cannot_be_typed_into_the_change_form(adviser: Client, case_kassel: Cooperation) -> None:
    page = adviser.get(
        reverse("admin:cooperations_cooperation_change", args=[case_kassel.pk])
    ).content.decode()
    assert 'name="status"' not in page


def test_bulk_actions_assign_an_adviser_and_set_the_next_step(adviser: Client, clara: User) -> None:
    cases = [case_in(Status.RECEIVED) for _ in range(3)]
    url = reverse("admin:cooperations_cooperation_changelist")
    pks = [str(c.pk) for c in cases]
    response = adviser.post(url, {"action": "assign_adviser", ACTION_CHECKBOX_NAME: pks})
    assert response.status_code == 200  # the intermediate page
    adviser.post(
        url, {"action": "assign_adviser", ACTION_CHECKBOX_NAME: pks, "apply": "1", "adviser": clara.pk}
    )
    assert Cooperation.objects.filter(adviser=clara).count() == 3
    assert CaseEvent.objects.filter(kind=CaseEvent.Kind.ASSIGNED).count() == 3
    adviser.post(
        url,
        {
            "action": "set_next_step",
            ACTION_CHECKBOX_NAME: pks,
            "apply": "1",
            "due": "2030-05-04",
            "step": "Anrufen",
        },
    )
    assert set(Cooperation.objects.values_list("next_step_due", "next_step")) == {
        (dt.date(2030, 5, 4), "Anrufen")
    }


def test_the_list_highlights_overdue_next_steps_and_filters_them(adviser: Client) -> None:
    late = case_in(Status.IN_CONSULTATION)
    late.next_step_due = dt.date(2020, 3, 1)
    late.save()
    on_time = case_in(Status.IN_CONSULTATION)
    on_time.next_step_due = dt.date(2099, 1, 1)
    on_time.save()
    url = reverse("admin:cooperations_cooperation_changelist")
    page = adviser.get(url).content.decode()
    assert "01.03.2020 (überfällig)" in page
    filtered = adviser.get(url, {"ueberfaellig": "ja"}).content.decode()
    assert late.reference in filtered
    assert on_time.reference not in filtered


@pytest.mark.parametrize("term", ["Bauhöfe", "Bauhof Kasel", "06611", "Kassel"])
def test_search_finds_a_case_by_word_forms_misspellings_and_ags(
    adviser: Client, case_kassel: Cooperation, case_fulda: Cooperation, term: str
) -> None:
    page = adviser.get(reverse("admin:cooperations_cooperation_changelist"), {"q": term}).content.decode()
    assert case_kassel.reference in page
    assert case_fulda.reference not in page


def test_search_by_reference(adviser: Client, case_kassel: Cooperation, case_fulda: Cooperation) -> None:
    page = adviser.get(
        reverse("admin:cooperations_cooperation_changelist"), {"q": case_fulda.reference}
    ).content.decode()
    assert "Standesamt Fulda" in page
    assert "Gemeinsamer Bauhof Kassel" not in page


def test_a_case_added_in_the_admin_gets_a_reference_its_lead_and_a_timeline(
    adviser: Client, clara: User, kassel: object
) -> None:
    from django.utils import timezone

    from cooperations.models import FieldOfAction, Participation

    data = {
        "title": "Gemeinsame Kasse",
        "description": "",
        "field_of_action": FieldOfAction.objects.first().pk,  # type: ignore[union-attr]
        "legal_form": "offen",
        "stage": "austausch",
        "lead_municipality": kassel.pk,  # type: ignore[attr-defined]
        "adviser": clara.pk,
        "checklist": "{}",
    }
    for prefix in ("participations", "activities", "grants", "documents", "messages", "events"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    response = adviser.post(reverse("admin:cooperations_cooperation_add"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    case = Cooperation.objects.get(title="Gemeinsame Kasse")
    assert case.reference.startswith(f"IKZ-{timezone.localdate().year}-")
    assert Participation.objects.filter(cooperation=case, municipality=kassel, role="federfuehrend").exists()
    assert CaseEvent.objects.filter(cooperation=case, kind=CaseEvent.Kind.CREATED, actor=clara).exists()


def test_the_case_page_shows_the_municipalitys_self_assessment_as_a_table(adviser: Client) -> None:
    from cooperations.models import FieldOfAction

    bauhof = FieldOfAction.objects.get(slug="bauhof")
    case = CooperationFactory(
        checklist={
            "q1_fields": [bauhof.pk],
            "q1_comment": "vor allem <b>Winterdienst</b>",
            "q2": "ja",
            "q2_comment": "",
            "q3": "unsicher",
            "q3_comment": "Kita-Verwaltung",
        }
    )

    page = adviser.get(reverse("admin:cooperations_cooperation_change", args=[case.pk])).content.decode()

    assert "Selbsteinschätzung der Kommune" in page
    assert "<td>Bauhof</td><td>vor allem &lt;b&gt;Winterdienst&lt;/b&gt;</td>" in page
    assert "<td>Weiß nicht</td><td>Kita-Verwaltung</td>" in page
    assert "q1_fields" not in page  # no raw JSON for the advisers


def test_approved_without_an_approved_grant_is_refused_with_a_german_message(adviser: Client) -> None:
    from cooperations.services import NO_APPROVED_GRANT

    case = case_in(Status.APPLIED)
    response = adviser.post(
        reverse("admin:cooperations_cooperation_transition", args=[case.pk]), {"to": Status.APPROVED.value}
    )
    assert response.status_code == 422
    assert NO_APPROVED_GRANT in response.content.decode()
    case.refresh_from_db()
    assert case.status == Status.APPLIED
