"""Kommunen, participations and mergers refuse bad input with German messages."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from contacts.models import DATES_IN_ORDER, SUCCESSOR_SELF, Municipality
from contacts.services import (
    MERGER_ALREADY_RETIRED,
    MERGER_INTO_ITSELF,
    MERGER_NEEDS_TWO,
    municipality_merge,
)
from contacts.validators import AGS_FORMAT, AGS_OTHER_LAND, AGS_UNKNOWN_LAND
from cooperations.models import PARTNER_DATES_IN_ORDER, Cooperation, Participation
from tests.factories import CooperationFactory, KreisFactory, MunicipalityFactory

pytestmark = pytest.mark.django_db


def municipality(**fields: Any) -> Municipality:
    values = {"ags": "06633030", "name": "Wesertal", "kind": Municipality.Kind.GEMEINDE, **fields}
    return Municipality(**values)


def errors_of(obj: Any) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as exc:
        obj.full_clean()
    return exc.value.message_dict


@pytest.mark.parametrize("ags", ["0663303", "066330300", "06633O30", "06 633030"])
def test_an_ags_that_is_not_8_digits_is_refused(ags: str) -> None:
    assert AGS_FORMAT in errors_of(municipality(ags=ags))["ags"]


def test_an_ags_of_another_land_is_refused_with_both_land_names() -> None:
    errors = errors_of(municipality(ags="09162000", name="München"))
    assert errors["ags"] == [AGS_OTHER_LAND.format(ags="09162000", other="Bayern", land="Hessen")]


def test_an_ags_that_starts_with_no_land_is_refused() -> None:
    errors = errors_of(municipality(ags="17000000"))
    assert errors["ags"] == [AGS_UNKNOWN_LAND.format(ags="17000000", prefix="17")]


def test_the_land_is_a_setting(settings: Any) -> None:
    settings.IKZ_LAND = "09"
    municipality(ags="09162000", name="München").full_clean()
    errors = errors_of(municipality())
    assert errors["ags"] == [AGS_OTHER_LAND.format(ags="06633030", other="Hessen", land="Bayern")]


def test_a_valid_hessian_kommune_passes() -> None:
    municipality(valid_from=dt.date(2020, 1, 1)).full_clean()


def test_a_kommune_cannot_leave_the_register_before_it_entered_it() -> None:
    wrong = municipality(valid_from=dt.date(2020, 1, 1), valid_until=dt.date(2019, 12, 31))
    assert DATES_IN_ORDER in errors_of(wrong)["valid_until"]
    with pytest.raises(IntegrityError, match="municipality_valid_dates_in_order"), transaction.atomic():
        wrong.save()


def test_a_kommune_cannot_be_its_own_successor() -> None:
    m = MunicipalityFactory()
    m.successor = m
    assert SUCCESSOR_SELF in errors_of(m)["successor"]
    with pytest.raises(IntegrityError, match="municipality_not_own_successor"), transaction.atomic():
        m.save()


def test_a_partner_cannot_leave_a_cooperation_before_joining_it() -> None:
    case = CooperationFactory()
    participation = Participation(
        cooperation=case,
        municipality=MunicipalityFactory(),
        joined_on=dt.date(2024, 3, 1),
        left_on=dt.date(2024, 2, 29),
    )
    assert errors_of(participation)["left_on"] == [PARTNER_DATES_IN_ORDER]
    with pytest.raises(IntegrityError, match="participation_dates_in_order"), transaction.atomic():
        participation.save()


# --- Mergers ---------------------------------------------------------------------------


@pytest.fixture
def landkreis_kassel() -> Municipality:
    return KreisFactory(ags="06633000", name="Kassel", regierungsbezirk="Kassel")


def test_a_merger_retires_the_old_kommunen_and_old_cases_keep_pointing_at_them(
    landkreis_kassel: Municipality,
) -> None:
    oberweser = MunicipalityFactory(ags="06633021", name="Oberweser", district=landkreis_kassel)
    wahlsburg = MunicipalityFactory(ags="06633027", name="Wahlsburg", district=landkreis_kassel)
    wesertal = MunicipalityFactory(ags="06633030", name="Wesertal", district=landkreis_kassel)
    case = CooperationFactory(lead_municipality=oberweser, partners=[wahlsburg])

    municipality_merge(old=[oberweser, wahlsburg], new=wesertal, on=dt.date(2020, 1, 1))

    for old in (oberweser, wahlsburg):
        old.refresh_from_db()
        assert (old.valid_until, old.successor, old.name) == (dt.date(2019, 12, 31), wesertal, old.name)
    wesertal.refresh_from_db()
    assert wesertal.valid_from == dt.date(2020, 1, 1)
    assert set(wesertal.predecessors.all()) == {oberweser, wahlsburg}
    kept = Cooperation.objects.get(pk=case.pk)
    assert kept.lead_municipality == oberweser
    assert set(kept.participations.values_list("municipality", flat=True)) == {oberweser.pk, wahlsburg.pk}
    assert Municipality.objects.count() == 4


def test_a_merger_needs_an_old_kommune(landkreis_kassel: Municipality) -> None:
    wesertal = MunicipalityFactory(ags="06633030", district=landkreis_kassel)
    with pytest.raises(ValidationError) as exc:
        municipality_merge(old=[], new=wesertal, on=dt.date(2020, 1, 1))
    assert exc.value.messages == [MERGER_NEEDS_TWO]


def test_a_kommune_cannot_merge_into_itself_and_nothing_changes(landkreis_kassel: Municipality) -> None:
    """Fürth + Grasellenbach → the AGS of Fürth was accepted and would have retired
    Grasellenbach into a Fürth that the same form meant to end."""
    fuerth = MunicipalityFactory(ags="06431007", name="Fürth", district=landkreis_kassel)
    grasellenbach = MunicipalityFactory(ags="06431008", name="Grasellenbach", district=landkreis_kassel)
    with pytest.raises(ValidationError) as exc:
        municipality_merge(old=[fuerth, grasellenbach], new=fuerth, on=dt.date(2026, 1, 1))
    assert exc.value.messages == [MERGER_INTO_ITSELF.format(name="Fürth")]
    for m in (fuerth, grasellenbach):
        m.refresh_from_db()
        assert (m.valid_until, m.successor) == (None, None)


def test_a_kommune_retired_earlier_cannot_merge_again(landkreis_kassel: Municipality) -> None:
    old = MunicipalityFactory(
        ags="06633021", name="Oberweser", district=landkreis_kassel, valid_until=dt.date(2015, 12, 31)
    )
    new = MunicipalityFactory(ags="06633030", district=landkreis_kassel)
    with pytest.raises(ValidationError) as exc:
        municipality_merge(old=[old], new=new, on=dt.date(2020, 1, 1))
    assert exc.value.messages == [MERGER_ALREADY_RETIRED.format(name="Oberweser", date="31.12.2015")]
    old.refresh_from_db()
    assert old.successor is None


def test_a_merger_recorded_before_the_register_import_is_kept_by_it(
    landkreis_kassel: Municipality, tmp_path: Any
) -> None:
    """The register import must not undo a merger the advisers recorded by hand."""
    from contacts.services import register_import

    from .gv100ad_files import EDITION_2018, EDITION_2021, edition_bytes

    register_import(data=edition_bytes("20180930", EDITION_2018))
    wesertal = Municipality.objects.create(
        ags="06633030", name="Wesertal", kind=Municipality.Kind.GEMEINDE, district=landkreis_kassel
    )
    olds = Municipality.objects.filter(ags__in=["06633021", "06633027"])
    municipality_merge(old=olds, new=wesertal, on=dt.date(2020, 1, 1))

    register_import(data=edition_bytes("20211231", EDITION_2021))

    for old in Municipality.objects.filter(ags__in=["06633021", "06633027"]):
        assert (old.valid_until, old.successor) == (dt.date(2019, 12, 31), wesertal)
    wesertal.refresh_from_db()
    assert wesertal.valid_from == dt.date(2020, 1, 1)
    assert wesertal.population == 4_713
