"""The atlas map's figures come from the cache while the data they are read from is
unchanged (geo.land_map): they must be the figures a count over every participation
gives, and any change must show on the next request."""

from __future__ import annotations

import datetime as dt
import random
import re
from collections import Counter

import pytest
from django.urls import reverse

from contacts.models import Municipality
from cooperations.atlas import CooperationFilter
from cooperations.models import Cooperation, FieldOfAction, LegalForm, Participation
from geo.models import Boundary
from geo.services import boundaries_replace
from geo.shapes import BoundaryData
from tests import factories

pytestmark = pytest.mark.django_db
MAP = reverse("geo:atlas-map")
AREA = re.compile(r'kommune=(\d{8})" class="geo-map__area"><title>([^<]*): ([^<]*)</title>')


def drawn_counts(html: str) -> dict[str, int]:
    """AGS → the count an area's title gives („keine Kooperation“, „1 Kooperation“, …)."""
    found = {}
    for ags, _name, text in AREA.findall(html):
        found[ags] = 0 if text == "keine Kooperation" else int(text.split()[0])
    return found


def table_counts(html: str) -> dict[str, int]:
    table = html[html.index('id="zahlen-title"') :]
    return {
        ags: int(n)
        for ags, n in re.findall(
            r'kommune=(\d{8})">[^<]*</a>(?: <span class="geo-table__kreis">[^<]*</span>)?</th>'
            r'<td class="kern-table__cell kern-table__cell--numeric">(\d+)</td>',
            table,
        )
    }


@pytest.fixture
def demo_like(boundaries: int) -> dict[str, object]:
    """Every Hessian Gemeinde of the demo's boundaries in the register (with its Kreis),
    a few of another Land, and 150 cooperations of every kind: published or not, a
    partner who left, partners across the Land border, further fields, legal forms."""
    rng = random.Random(17)
    gemeinde_boundaries = list(Boundary.objects.filter(level=Boundary.Level.GEMEINDE).order_by("ags"))
    cities = {b.ags for b in gemeinde_boundaries}  # a kreisfreie Stadt is Gemeinde and Kreis
    kreise = {
        b.ags[:5]: Municipality(ags=b.ags, name=b.name, kind=Municipality.Kind.LANDKREIS)
        for b in Boundary.objects.filter(level=Boundary.Level.KREIS).exclude(ags__in=cities)
    }
    Municipality.objects.bulk_create(kreise.values())
    gemeinden = [
        Municipality(
            ags=b.ags,
            name=b.name,
            kind=Municipality.Kind.KREISFREIE_STADT if b.ags.endswith("000") else Municipality.Kind.GEMEINDE,
            district=kreise.get(b.ags[:5]),
        )
        for b in gemeinde_boundaries
    ]
    abroad = [Municipality(ags=f"0916{i:04d}", name=f"Bayernort {i}", kind="gemeinde") for i in range(5)]
    Municipality.objects.bulk_create(gemeinden + abroad)
    everyone = list(Municipality.objects.exclude(kind=Municipality.Kind.LANDKREIS))
    fields = list(FieldOfAction.objects.order_by("position"))
    forms = [LegalForm.ZWECKVERBAND, LegalForm.GMBH, LegalForm.PUBLIC_AGREEMENT]
    for n in range(150):
        lead, *partners = rng.sample(everyone, rng.randint(1, 6))
        case = factories.CooperationFactory(
            title=f"Fall {n}",
            lead_municipality=lead,
            partners=partners,
            is_published=rng.random() < 0.8,
            field_of_action=rng.choice(fields),
            legal_form=rng.choice(forms),
            started_on=dt.date(2015 + n % 8, 3, 1),
        )
        if rng.random() < 0.3:
            case.further_fields.set(rng.sample(fields, 2))
        if partners and rng.random() < 0.2:
            Participation.objects.filter(cooperation=case, municipality=partners[0]).update(
                left_on=dt.date(2024, 1, 1)
            )
    return {"field": fields[1], "kreis": kreise["06631"]}


def counted_the_slow_way(params: dict[str, str]) -> dict[str, int]:
    """AGS → cooperations of the filter each Hessian Gemeinde currently takes part in,
    counted in Python over every participation."""
    filterset = CooperationFilter(params or None, queryset=Cooperation.objects.published())
    assert not filterset.is_bound or filterset.is_valid()
    chosen = set(filterset.qs.values_list("pk", flat=True))
    pairs = {
        (p.municipality.ags, p.cooperation_id)
        for p in Participation.objects.select_related("municipality")
        if p.cooperation_id in chosen and p.left_on is None
    }
    counts = Counter(ags for ags, _case in pairs)
    hessian = Municipality.objects.filter(ags__startswith="06").exclude(kind=Municipality.Kind.LANDKREIS)
    return {m.ags: counts.get(m.ags, 0) for m in hessian}


def test_the_figures_equal_a_count_over_every_participation(
    client, demo_like: dict[str, object], empty_cache: None
) -> None:
    filters: list[dict[str, str]] = [
        {},
        {"handlungsfeld": str(demo_like["field"].pk)},  # type: ignore[attr-defined]
        {"rechtsform": LegalForm.ZWECKVERBAND},
        {"kreis": str(demo_like["kreis"].pk)},  # type: ignore[attr-defined]
        {"jahr": "2018"},
        {"q": "Fall"},
    ]
    for params in filters:
        expected = counted_the_slow_way(params)
        assert sum(expected.values()) > 0, params  # the filter finds something to draw
        for _ in range(2):  # computed, then from the cache
            html = client.get(MAP, params).content.decode()
            assert drawn_counts(html) == expected, params
            assert table_counts(html) == {ags: n for ags, n in expected.items() if n}, params


def test_every_change_shows_on_the_next_request(
    client,
    boundaries: int,
    kassel: Municipality,
    fulda: Municipality,
    kuenzell: Municipality,
    empty_cache: None,
) -> None:
    bauhof = factories.CooperationFactory(lead_municipality=kassel, partners=[kuenzell], is_published=True)
    assert drawn_counts(client.get(MAP).content.decode())["06631016"] == 1
    assert drawn_counts(client.get(MAP).content.decode())["06631016"] == 1  # from the cache

    # A cooperation published, a partner leaving, one joining.
    factories.CooperationFactory(lead_municipality=fulda, partners=[kuenzell], is_published=True)
    assert drawn_counts(client.get(MAP).content.decode())["06631016"] == 2
    Participation.objects.filter(cooperation=bauhof, municipality=kuenzell).update(
        left_on=dt.date(2026, 1, 1)
    )
    html = client.get(MAP).content.decode()
    assert drawn_counts(html)["06631016"] == 1 and drawn_counts(html)["06611000"] == 1
    Participation.objects.create(cooperation=bauhof, municipality=fulda)
    assert drawn_counts(client.get(MAP).content.decode())["06631009"] == 2

    # The register renames a municipality.
    Municipality.objects.filter(pk=kuenzell.pk).update(name="Künzell (neu)")
    assert "<title>Künzell (neu): 1 Kooperation</title>" in client.get(MAP).content.decode()

    # A new boundary edition without Künzell: it becomes a listed municipality without one.
    kept = [
        BoundaryData(b.level, b.ags, b.name, b.path, (b.min_x, b.min_y, b.max_x, b.max_y))
        for b in Boundary.objects.exclude(ags="06631016")
    ]
    boundaries_replace(boundaries=kept, edition="Probe 2026", prefix="06")
    html = client.get(MAP).content.decode()
    assert "Künzell (neu) (06631016)" in html[html.index("Kommunen ohne Gebietsgrenze") :]
    assert "Probe 2026" in html
