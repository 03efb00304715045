"""Saving keys as versions (who, when, in the case's Verlauf), the partners who pay, the
proposal after a new register edition, and the template texts' history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from accounts.models import User
from agreements import keys, selectors, services
from agreements.models import AgreementTemplate, CostKey, KeyMethod
from cooperations.models import CaseEvent, Cooperation, Participation
from tests.agreements.conftest import add_partner

pytestmark = pytest.mark.django_db


def test_each_calculation_is_a_new_version_with_who_and_when(
    make_case: Callable[..., Cooperation], clara: User, anna: User
) -> None:
    case = make_case([1000, 3000])
    first = services.cost_key_save(case=case, method=KeyMethod.EQUAL, total=Decimal("100.00"), actor=clara)
    second = services.cost_key_save(
        case=case, method=KeyMethod.POPULATION, total=Decimal("100.00"), actor=anna
    )
    assert (first.version, second.version) == (1, 2)
    assert second.created_by == anna and second.created_at >= first.created_at
    assert [s.amount for s in second.shares.order_by("position")] == [Decimal("25.00"), Decimal("75.00")]
    assert selectors.current_key(case) == second
    notes = list(
        CaseEvent.objects.filter(cooperation=case, kind=CaseEvent.Kind.NOTE).values_list("note", flat=True)
    )
    assert "Kostenverteilungsschlüssel Version 2 berechnet: nach Einwohnerzahl, 100,00 € im Jahr." in notes


def test_a_population_key_records_the_register_figures_and_their_date(
    make_case: Callable[..., Cooperation],
) -> None:
    case = make_case([1000, 3000])
    key = services.cost_key_save(case=case, method=KeyMethod.POPULATION, total=Decimal("400"), actor=None)
    shares = list(key.shares.order_by("position"))
    assert [s.basis for s in shares] == [Decimal(1000), Decimal(3000)]
    assert key.population_date == dt.date(2024, 12, 31) == shares[0].basis_date


def test_partners_who_left_and_associated_members_do_not_pay(make_case: Callable[..., Cooperation]) -> None:
    case = make_case([1000, 1000])
    add_partner(case, name="Ausgetreten", ags="06435090", population=500, left_on=dt.date(2025, 1, 1))
    add_partner(case, name="Assoziiert", ags="06435091", population=500, role=Participation.Role.ASSOCIATED)
    key = services.cost_key_save(case=case, method=KeyMethod.EQUAL, total=Decimal("100"), actor=None)
    assert key.shares.count() == 2


def test_a_newer_register_edition_proposes_an_update_which_makes_a_new_version(
    make_case: Callable[..., Cooperation], clara: User
) -> None:
    case = make_case([1000, 3000])
    key = services.cost_key_save(case=case, method=KeyMethod.POPULATION, total=Decimal("400"), actor=clara)
    assert selectors.newer_population_date(selectors.current_key(case)) is None  # type: ignore[arg-type]
    assert selectors.outdated_population_keys() == []
    # The 2025 edition is imported: the lead has grown.
    case.lead_municipality.__class__.objects.filter(pk=case.lead_municipality_id).update(
        population=3000, population_date=dt.date(2025, 12, 31)
    )
    current = selectors.current_key(case)
    assert current is not None
    assert selectors.newer_population_date(current) == dt.date(2025, 12, 31)
    assert [k.pk for k in selectors.outdated_population_keys()] == [key.pk]
    updated = services.cost_key_update_population(key=current, actor=clara)
    assert updated.version == 2
    assert [s.amount for s in updated.shares.order_by("position")] == [Decimal("200.00"), Decimal("200.00")]
    assert selectors.newer_population_date(selectors.current_key(case)) is None  # type: ignore[arg-type]


def test_an_equal_key_has_nothing_to_update(make_case: Callable[..., Cooperation]) -> None:
    case = make_case([1000, 3000])
    key = services.cost_key_save(case=case, method=KeyMethod.EQUAL, total=Decimal("400"), actor=None)
    with pytest.raises(ValidationError) as exc:
        services.cost_key_update_population(key=key, actor=None)
    assert exc.value.messages == [services.NOT_POPULATION_KEY]


def test_a_refused_key_saves_nothing(make_case: Callable[..., Cooperation]) -> None:
    case = make_case([1000, 3000])
    lead, partner = case.participations.order_by("municipality__ags").values_list(
        "municipality_id", flat=True
    )
    with pytest.raises(ValidationError) as exc:
        services.cost_key_save(
            case=case,
            method=KeyMethod.CUSTOM,
            total=Decimal("100"),
            values={lead: Decimal(50), partner: Decimal(40)},
            actor=None,
        )
    assert exc.value.messages == [keys.PERCENT_SUM.format(total="90")]
    assert not CostKey.objects.exists()


def test_the_kikz_edits_a_template_text_with_history(clara: User) -> None:
    template = AgreementTemplate.objects.get(kind=AgreementTemplate.Kind.ZWECKVERBAND)
    template.final_text = "Die Satzung tritt am 1. Januar in Kraft."
    services.agreement_template_save(template=template, actor=clara)
    newest = template.history.order_by("-history_id").first()
    assert newest is not None and newest.history_user == clara
    assert newest.final_text == "Die Satzung tritt am 1. Januar in Kraft."
