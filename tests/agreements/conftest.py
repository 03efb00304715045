"""Cases of 2, 3 and 40 paying partners for the key and the draft agreement."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from contacts.models import Municipality
from cooperations.models import Cooperation, Participation
from tests import factories

STAND = dt.date(2024, 12, 31)


def add_partner(
    case: Cooperation, *, name: str, ags: str, population: int | None, **kw: object
) -> Municipality:
    kreis = factories.KreisFactory(ags=ags[:5] + "000")
    municipality = factories.MunicipalityFactory(
        ags=ags,
        name=name,
        district=kreis,
        population=population,
        population_date=STAND if population is not None else None,
    )
    Participation.objects.create(cooperation=case, municipality=municipality, **kw)
    return municipality


@pytest.fixture
def make_case(db: None) -> Callable[..., Cooperation]:
    """A case whose lead and partners are new municipalities with the given populations."""

    def make(populations: list[int | None], **case_fields: object) -> Cooperation:
        lead_pop = populations[0]
        kreis = factories.KreisFactory(ags="06435000")
        lead = factories.MunicipalityFactory(
            ags="06435001",
            name="Hanau-Land 0",
            district=kreis,
            population=lead_pop,
            population_date=STAND if lead_pop is not None else None,
        )
        case = factories.CooperationFactory(lead_municipality=lead, **case_fields)  # the lead takes part
        for i, pop in enumerate(populations[1:], start=1):
            add_partner(case, name=f"Hanau-Land {i}", ags=f"06435{i + 1:03d}", population=pop)
        return case

    return make
