from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from accounts.models import User
from cooperations.models import FORWARD, CaseEvent, Cooperation, Status
from cooperations.services import (
    NO_APPROVED_GRANT,
    REASON_REQUIRED,
    TOO_FEW_PARTNERS,
    TRANSITION_NOT_ALLOWED,
    allowed_transitions,
    case_create,
    case_transition,
    next_reference,
)
from tests.factories import CooperationFactory, GrantFactory, MunicipalityFactory, field_of_action

pytestmark = pytest.mark.django_db

ALL_STATES = list(Status)


def case_in(status: Status, partners: int = 1) -> Cooperation:
    case = CooperationFactory(partners=[MunicipalityFactory() for _ in range(partners)])
    Cooperation.objects.filter(pk=case.pk).update(status=status)
    case.refresh_from_db()
    return case


ALLOWED = [
    (Status.RECEIVED, Status.IN_CONSULTATION),
    (Status.IN_CONSULTATION, Status.APPLIED),
    (Status.APPLIED, Status.APPROVED),
    (Status.APPLIED, Status.REJECTED),
    (Status.APPROVED, Status.IMPLEMENTING),
    (Status.IMPLEMENTING, Status.PROOF_OF_USE),
    (Status.PROOF_OF_USE, Status.CLOSED),
] + [
    (frm, to)
    for frm in (
        Status.RECEIVED,
        Status.IN_CONSULTATION,
        Status.APPLIED,
        Status.APPROVED,
        Status.IMPLEMENTING,
        Status.PROOF_OF_USE,
    )
    for to in (Status.WITHDRAWN, Status.DORMANT)
]
REFUSED = [
    (frm, to)
    for frm in ALL_STATES
    for to in ALL_STATES
    if (frm, to) not in ALLOWED and frm not in (Status.WITHDRAWN, Status.DORMANT)
]


@pytest.mark.parametrize(("frm", "to"), ALLOWED, ids=lambda s: str(s))
def test_each_allowed_transition_moves_the_case_and_records_who_and_why(
    frm: Status, to: Status, clara: User
) -> None:
    case = case_in(frm)
    if to == Status.APPROVED:
        GrantFactory(cooperation=case)  # „bewilligt“ needs an approved grant
    case_transition(case=case, to=to, actor=clara, reason="Gespräch am 3.3. vereinbart")
    case.refresh_from_db()
    assert case.status == to
    event = case.events.get(kind=CaseEvent.Kind.STATUS)
    assert (event.old_status, event.new_status, event.actor, event.note) == (
        frm,
        to,
        clara,
        "Gespräch am 3.3. vereinbart",
    )


@pytest.mark.parametrize(("frm", "to"), REFUSED, ids=lambda s: str(s))
def test_each_other_transition_is_refused_with_a_german_message(frm: Status, to: Status, clara: User) -> None:
    case = case_in(frm)
    with pytest.raises(ValidationError) as exc:
        case_transition(case=case, to=to, actor=clara, reason="x")
    assert exc.value.messages == [TRANSITION_NOT_ALLOWED.format(frm=frm.label, to=to.label)]
    case.refresh_from_db()
    assert case.status == frm
    assert not case.events.filter(kind=CaseEvent.Kind.STATUS).exists()


@pytest.mark.parametrize("pause", [Status.WITHDRAWN, Status.DORMANT])
def test_a_paused_case_comes_back_to_the_state_it_left(pause: Status, clara: User) -> None:
    case = case_in(Status.APPLIED)
    case_transition(case=case, to=pause, actor=clara, reason="Gemeinderat vertagt")
    case.refresh_from_db()
    assert allowed_transitions(case) == [Status.APPLIED]
    with pytest.raises(ValidationError):
        case_transition(case=case, to=Status.IN_CONSULTATION, actor=clara)
    case_transition(case=case, to=Status.APPLIED, actor=clara, reason="Beschluss gefasst")
    case.refresh_from_db()
    assert case.status == Status.APPLIED


def test_pausing_needs_a_reason(clara: User) -> None:
    case = case_in(Status.RECEIVED)
    with pytest.raises(ValidationError) as exc:
        case_transition(case=case, to=Status.DORMANT, actor=clara, reason="  ")
    assert exc.value.messages == [REASON_REQUIRED]


def test_a_case_with_fewer_than_two_partners_cannot_be_submitted_for_funding(clara: User) -> None:
    case = case_in(Status.IN_CONSULTATION, partners=0)
    with pytest.raises(ValidationError) as exc:
        case_transition(case=case, to=Status.APPLIED, actor=clara)
    assert exc.value.messages == [TOO_FEW_PARTNERS]


def test_every_state_of_the_design_is_covered() -> None:
    assert set(FORWARD) == set(Status)


def test_case_create_gives_a_reference_lead_participation_and_a_created_event(clara: User) -> None:
    lead, partner = MunicipalityFactory(), MunicipalityFactory()
    case = case_create(
        title="Gemeinsame Kasse",
        field_of_action_id=field_of_action().pk,
        lead=lead,
        partners=[partner, lead],
        actor=clara,
    )
    assert case.reference.startswith("IKZ-")
    assert sorted(case.participations.values_list("municipality_id", flat=True)) == sorted(
        [lead.pk, partner.pk]
    )
    assert case.events.get().kind == CaseEvent.Kind.CREATED


def test_references_count_up_per_year() -> None:
    assert next_reference(2030) == "IKZ-2030-0001"
    assert next_reference(2030) == "IKZ-2030-0002"
    assert next_reference(2031) == "IKZ-2031-0001"


@pytest.mark.django_db(transaction=True)
def test_references_stay_unique_when_created_at_the_same_moment() -> None:
    results: list[str] = []
    barrier = threading.Barrier(8)

    def worker() -> None:
        barrier.wait()
        try:
            results.extend(next_reference(2040) for _ in range(10))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert len(results) == 80
    assert len(set(results)) == 80


def test_approved_is_refused_while_the_case_has_no_approved_grant(clara: User) -> None:
    from funding.models import Grant

    case = case_in(Status.APPLIED, partners=2)
    GrantFactory(cooperation=case, status=Grant.Status.APPLIED, approved_amount=None, decision_date=None)
    with pytest.raises(ValidationError) as exc:
        case_transition(case=case, to=Status.APPROVED, actor=clara)
    assert exc.value.messages == [NO_APPROVED_GRANT]
    case.refresh_from_db()
    assert case.status == Status.APPLIED
