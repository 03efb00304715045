"""The API's list of cooperations writes its answer out field by field instead of DRF's
generic walk over the declared fields (opendata.serializers.CooperationSerializer):
both must give the same answer, key for key and in the same order, for every kind of
case – and the schema, which is generated from the declared fields, must describe it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation
from rest_framework import serializers

from contacts.models import Municipality
from cooperations.models import Cooperation, FieldOfAction, LegalForm, Participation, Stage
from opendata.selectors import api_cooperations
from opendata.serializers import CooperationSerializer
from tests import factories

pytestmark = pytest.mark.django_db


def generic(serializer: CooperationSerializer, case: Cooperation) -> dict[str, Any]:
    """What DRF's Serializer makes of the declared fields."""
    return dict(serializers.Serializer.to_representation(serializer, case))


@pytest.fixture
def varied(
    kassel: Municipality, fulda: Municipality, kuenzell: Municipality, kreis_fulda: Municipality
) -> None:
    fields = list(FieldOfAction.objects.order_by("position")[:3])
    plain = factories.CooperationFactory(
        title="Bauhof",
        lead_municipality=kassel,
        is_published=True,
        field_of_action=fields[0],
        started_on=None,
        planned_duration_years=None,
        other_partners="",
    )
    rich = factories.CooperationFactory(
        title="Standesamt „Osthessen“",
        description="Zwei Gemeinden & ein Kreis.\nZweite Zeile.",
        lead_municipality=fulda,
        partners=[kuenzell, kreis_fulda],
        is_published=True,
        publish_funding=True,
        field_of_action=fields[1],
        legal_form=LegalForm.choices[-1][0],
        stage=Stage.choices[-1][0],
        started_on=dt.date(2025, 2, 1),
        planned_duration_years=5,
        other_partners="Zweckverband Wasser",
    )
    rich.further_fields.set(fields[1:3])
    Participation.objects.filter(cooperation=rich, municipality=kreis_fulda).update(
        role=Participation.Role.ASSOCIATED, joined_on=dt.date(2025, 3, 1)
    )
    # A partner who left is not shown; funding published but zero is not shown either.
    Participation.objects.filter(cooperation=rich, municipality=kuenzell).update(
        joined_on=dt.date(2025, 1, 15)
    )
    left = factories.CooperationFactory(
        lead_municipality=kuenzell, partners=[kassel], is_published=True, publish_funding=True
    )
    Participation.objects.filter(cooperation=left, municipality=kassel).update(
        joined_on=dt.date(2024, 1, 1), left_on=dt.date(2025, 1, 1)
    )
    factories.GrantFactory(cooperation=rich, approved_amount=Decimal("75000.50"))
    factories.GrantFactory(cooperation=rich, approved_amount=Decimal("1000.00"))
    factories.GrantFactory(cooperation=plain, approved_amount=Decimal("5000.00"))
    assert plain and rich


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_written_out_answer_is_the_generic_one(varied: None, rf: Any, language: str) -> None:
    request = rf.get("/api/v1/kooperationen/")
    serializer = CooperationSerializer(context={"request": request})
    with translation.override(language):
        cases = list(api_cooperations())
        assert len(cases) == 3
        for case in cases:
            fast, slow = serializer.to_representation(case), generic(serializer, case)
            assert fast == slow, case.title
            assert list(fast) == list(slow) == list(serializer.fields)
            assert fast["url"] == request.build_absolute_uri(reverse("atlas:detail", args=[case.pk]))
            assert [list(k) for k in fast["kommunen"]] == [["ags", "name", "rolle", "beigetreten"]] * len(
                fast["kommunen"]
            )


def test_what_a_reader_of_the_list_sees(client: Any, varied: None, empty_cache: None) -> None:
    rows = {r["titel"]: r for r in client.get(reverse("api:kooperation-list")).json()["results"]}
    rich = rows["Standesamt „Osthessen“"]
    # By role (its stored key: assoziiert, federfuehrend, partner), then name; a partner
    # who left is gone.
    assert [(k["name"], k["rolle"], k["beigetreten"]) for k in rich["kommunen"]] == [
        ("Landkreis Fulda", "assoziiert", "2025-03-01"),
        ("Fulda", "federführend", None),
        ("Künzell", "Partner", "2025-01-15"),
    ]
    assert rich["foerderung_bewilligt_eur"] == "76000.50"
    assert rich["beginn"] == "2025-02-01" and rich["laufzeit_jahre"] == 5
    assert rich["kreis"] == {"ags": "06631000", "name": "Landkreis Fulda"}
    assert rich["rechtsform"] == {"schluessel": "offen", "bezeichnung": "offen / noch nicht festgelegt"}
    assert len(rich["weitere_handlungsfelder"]) == 2
    plain = rows["Bauhof"]
    assert plain["foerderung_bewilligt_eur"] is None  # not published
    assert plain["beginn"] is None and plain["laufzeit_jahre"] is None
    assert [k["ags"] for k in plain["kommunen"]] == ["06611000"]


def test_the_schema_still_names_every_field_of_the_answer(client: Any) -> None:
    schema = client.get(reverse("api:schema")).json()
    fields = schema["components"]["schemas"]["Cooperation"]["properties"]
    assert list(fields) == list(CooperationSerializer().fields)
    assert set(schema["components"]["schemas"]["Partner"]["properties"]) == {
        "ags",
        "name",
        "rolle",
        "beigetreten",
    }
