"""The atlas map (/atlas/karte/), a cooperation's small map and the annual PDF's map,
drawn from the demo's Hessian boundaries."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from contacts.models import Municipality
from cooperations.models import FieldOfAction, Participation
from geo.maps import HIGHLIGHT_FILL, LEAD_FILL
from geo.models import SOURCE_NOTE
from geo.selectors import funded_counts
from reports.models import Report
from reports.services import report_build_pdf
from reports.statistics import annual_statistics
from tests import factories
from tests.conftest import ARTIFACTS

pytestmark = pytest.mark.django_db
MAP = reverse("geo:atlas-map")


def area(html: str, ags: str) -> str:
    """The title of a municipality's linked area on the map."""
    match = re.search(
        rf'<a href="[^"]*kommune={ags}[^"]*" class="geo-map__area"><title>([^<]*)</title>', html
    )
    assert match, f"{ags} ist auf der Karte kein Link"
    return match.group(1)


@pytest.fixture
def published(kassel: Municipality, fulda: Municipality, kuenzell: Municipality) -> dict[str, object]:
    bauhof, standesamt = FieldOfAction.objects.order_by("position")[:2]
    return {
        "bauhof": factories.CooperationFactory(
            title="Bauhof",
            lead_municipality=kassel,
            partners=[kuenzell],
            is_published=True,
            field_of_action=bauhof,
        ),
        "standesamt": factories.CooperationFactory(
            title="Standesamt",
            lead_municipality=fulda,
            partners=[kuenzell],
            is_published=True,
            field_of_action=standesamt,
        ),
        "secret": factories.CooperationFactory(title="Geheim", lead_municipality=kuenzell, partners=[fulda]),
        "field": bauhof,
    }


def test_each_municipality_is_a_link_with_its_count_and_the_table_says_the_same(
    client, boundaries: int, published: dict[str, object], empty_cache: None
) -> None:
    html = client.get(MAP).content.decode()
    # Künzell is in both published cases; the unpublished one counts nowhere.
    assert area(html, "06631016") == "Künzell: 2 Kooperationen"
    assert area(html, "06611000") == "Kassel: 1 Kooperation"
    assert area(html, "06631009") == "Fulda: 1 Kooperation"
    table = html[html.index('id="zahlen-title"') :]
    assert re.search(r">Künzell</a>.*?\(Landkreis Fulda\).*?>2</td>", table, re.S)
    assert "3 von 3 Kommunen haben passende Kooperationen" in table
    # Kreis borders on top, not links; the licence's source note beside the map.
    kreise = re.search(r'<g fill="none" stroke="#1b1b1b"[^>]*aria-hidden="true"[^>]*>(.*?)</g>', html, re.S)
    assert kreise and kreise.group(1).count("<path") == 26
    assert SOURCE_NOTE in html and 'href="https://www.bkg.bund.de"' in html
    # A boundary whose municipality is not in the portal's register is drawn, unlinked.
    assert "<title>Marburg</title>" in html


def test_a_chosen_handlungsfeld_counts_only_its_cooperations_and_the_links_keep_it(
    client, boundaries: int, published: dict[str, object], empty_cache: None
) -> None:
    field = published["field"]
    html = client.get(MAP, {"handlungsfeld": field.pk}).content.decode()
    assert area(html, "06631016") == "Künzell: 1 Kooperation"
    assert area(html, "06631009") == "Fulda: keine Kooperation"
    assert f"handlungsfeld={field.pk}&amp;kommune=06631016" in html


def test_a_wrong_filter_is_explained_and_the_map_still_drawn(
    client, boundaries: int, empty_cache: None
) -> None:
    response = client.get(MAP, {"rechtsform": "erfunden"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Es gibt ein Problem" in html and "Wählen Sie einen Eintrag aus der Liste." in html
    assert "<svg" in html


def test_a_municipality_newer_than_the_boundaries_is_a_dot_at_its_register_centre_and_listed(
    client, boundaries: int, kreis_fulda: Municipality, empty_cache: None
) -> None:
    Municipality.objects.create(
        ags="06631999",
        name="Neugemeinde am See",
        kind=Municipality.Kind.GEMEINDE,
        district=kreis_fulda,
        latitude=Decimal("50.55"),
        longitude=Decimal("9.68"),
    )
    Municipality.objects.create(ags="06631998", name="Ohneort", kind="gemeinde", district=kreis_fulda)
    html = client.get(MAP).content.decode()
    dot = re.search(
        r'kommune=06631999" class="geo-map__area"><title>[^<]*</title><circle cx="(\d+)" cy="(-\d+)"', html
    )
    assert dot, "kein Punkt für die neue Gemeinde"
    # Fulda's surroundings in the map's units (100 m, y = −northing).
    assert 5400 < int(dot.group(1)) < 5600 and -56200 < int(dot.group(2)) < -55900
    section = html[html.index("Kommunen ohne Gebietsgrenze") :]
    assert "Neugemeinde am See (06631999)" in section
    assert "Ohneort (06631998) – ohne Koordinaten, nicht eingezeichnet" in section


def test_without_boundaries_the_page_says_so_and_keeps_the_table(
    client, published: dict[str, object], empty_cache: None
) -> None:
    html = client.get(MAP).content.decode()
    assert "noch keine Gebietsgrenzen geladen" in html
    assert "<svg" not in html.split('id="map-title"')[1].split("</section>")[0]
    assert ">Künzell</a>" in html


def test_the_map_costs_the_same_queries_with_more_cooperations(
    client,
    boundaries: int,
    published: dict[str, object],
    kuenzell: Municipality,
    fulda: Municipality,
    django_assert_num_queries,
    empty_cache: None,
) -> None:
    client.get(MAP)  # fills the cached year and Kreis choices of the filter form, and the map's

    # While nothing changes (geo.land_map): 1 the Handlungsfeld choices of the filter form,
    # 2 the data state, 3 the boundary state; boundaries, places and counts are cached.
    with django_assert_num_queries(3):
        assert client.get(MAP).status_code == 200
    for n in range(5):
        factories.CooperationFactory(lead_municipality=kuenzell, is_published=True, title=f"Mehr {n}")
    client.get(MAP)  # the years' cache was dropped by the new cases
    with django_assert_num_queries(3):
        html = client.get(MAP).content.decode()
    assert area(html, "06631016") == "Künzell: 7 Kooperationen"
    # After a change (one the filter's cached choices do not see): 4 the Land's boundaries,
    # 5 its municipalities, 6 the counts – as many nationwide as for one Land.
    Participation.objects.create(cooperation=published["bauhof"], municipality=fulda)
    with django_assert_num_queries(6):
        html = client.get(MAP).content.decode()
    assert area(html, "06631009") == "Fulda: 2 Kooperationen"


def test_a_cooperations_atlas_page_shows_its_partners_on_a_small_map(
    client, boundaries: int, published: dict[str, object]
) -> None:
    html = client.get(reverse("atlas:detail", args=[published["bauhof"].pk])).content.decode()
    small = html[html.index("Lage der beteiligten Kommunen") :]
    assert re.search(rf'fill="{LEAD_FILL}"[^>]*><title>Kassel \(federführend\)</title>', small)
    assert re.search(rf'fill="{HIGHLIGHT_FILL}"[^>]*><title>Künzell \(beteiligt\)</title>', small)
    assert "<title>Fulda</title>" in small  # a neighbour (named by the boundary set), not highlighted
    assert SOURCE_NOTE in small


def test_the_annual_pdf_maps_the_funded_municipalities_per_kreis(
    boundaries: int, published: dict[str, object]
) -> None:
    factories.GrantFactory(
        cooperation=published["bauhof"],
        status="bewilligt",
        budget_year=2021,
        approved_amount=Decimal("75000"),
        decision_date=dt.date(2021, 5, 1),
    )
    stats = annual_statistics(2021)
    # The map's funded municipalities are the statistics' "municipalities involved".
    assert len(funded_counts(2021)) == stats.municipalities_total == 2
    report = Report.objects.create(year=2021, cutoff=stats.cutoff, data_version="ab" * 32)
    data = report_build_pdf(report)
    (ARTIFACTS / "jahresstatistik-karte.pdf").write_bytes(data)
    reader = PdfReader(io.BytesIO(data))
    text = " ".join("\n".join(p.extract_text() for p in reader.pages).replace("\xa0", " ").split())
    (ARTIFACTS / "jahresstatistik-karte.txt").write_text(text)
    assert "Geförderte Kommunen nach Kreis (bis 2021)" in text
    assert "Landkreis Fulda 1 2" in text  # Künzell funded, Fulda not
    assert "Kassel 1 1" in text
    assert "GeoBasis-DE / BKG 2021 (Daten verändert)" in text


def test_the_small_maps_window_reads_through_the_gist_index(boundaries: int) -> None:
    """The window of a partner map is answered by the GiST index on the boundary boxes:
    with the sequential scan switched off, a query whose expression the index does not
    match would still have to read the whole table (no other index can answer `&&`)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from geo.maps import land_shapes
    from geo.models import Boundary

    kassel = Boundary.objects.get(level=Boundary.Level.GEMEINDE, ags="06611000")
    window = (kassel.min_x - 200, kassel.min_y - 200, kassel.max_x + 200, kassel.max_y + 200)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    with CaptureQueriesContext(connection) as captured:
        near = land_shapes(prefix="", window=window)
    assert "06611000" in near.gemeinden and len(near.gemeinden) < 100  # of 421 in Hessen
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + captured.captured_queries[0]["sql"])
        plan = " ".join(row[0] for row in cursor.fetchall())
    assert "boundary_bbox" in plan, plan
