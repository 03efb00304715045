"""The register writes official names („Kassel, documenta-Stadt“, the Landkreis „Kassel“);
the portal keeps them and shows a clear display name everywhere (issue 14)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from accounts.models import User
from contacts.models import Membership, Municipality
from cooperations.models import Cooperation
from funding.models import Grant
from reports.statistics import annual_statistics
from tests.factories import CooperationFactory, GrantFactory

from .gv100ad_files import edition_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def imported(tmp_path: Path) -> None:
    path = tmp_path / "gv.txt"
    path.write_bytes(edition_bytes("20180930"))
    call_command("import_gv100ad", str(path), stdout=StringIO())


def names(ags: str) -> tuple[str, str]:
    m = Municipality.objects.get(ags=ags)
    return m.name, m.display_name


def test_the_official_name_is_kept_and_a_clear_display_name_added(imported: None) -> None:
    assert names("06611000") == ("Kassel, documenta-Stadt", "Kassel")
    assert names("06633000") == ("Kassel", "Landkreis Kassel")
    assert names("06631000") == ("Fulda", "Landkreis Fulda")
    assert names("06631009") == ("Fulda, Stadt", "Fulda")
    assert names("06633013") == ("Hofgeismar, Stadt", "Hofgeismar")
    assert names("06633200") == ("Gutsbezirk Reinhardswald", "Gutsbezirk Reinhardswald")
    assert str(Municipality.objects.get(ags="06633000")) == "Landkreis Kassel (06633000)"


def test_a_kreis_named_kreis_already_is_not_called_landkreis_twice(db: None) -> None:
    for name in ("Main-Kinzig-Kreis", "Landkreis Kassel", "Odenwaldkreis"):
        m = Municipality.objects.create(ags=f"0643{len(name) % 10}000", name=name, kind="landkreis")
        assert m.display_name == name
        m.delete()


def test_a_bulk_rename_recomputes_the_display_name(db: None) -> None:
    # The register import updates in bulk without save(): the database computes the name.
    m = Municipality.objects.create(ags="06631009", name="Fulda", kind="stadt")
    Municipality.objects.filter(pk=m.pk).update(name="Fulda, Stadt")
    m.refresh_from_db()
    assert m.display_name == "Fulda"


def test_the_display_name_is_shown_in_lists_filters_and_statistics(
    imported: None, client: Client, dieter: User
) -> None:
    city = Municipality.objects.get(ags="06611000")
    kreis = Municipality.objects.get(ags="06633000")
    member = Municipality.objects.get(ags="06633013")
    user = User.objects.create_user(email="kim@kassel.de", password="geheim-genug-123")
    Membership.objects.create(user=user, municipality=city, status=Membership.Status.CONFIRMED)
    case = CooperationFactory(title="Bauhof", lead_municipality=city, partners=[kreis])
    other = CooperationFactory(title="Abwasser", lead_municipality=member, is_published=True)
    for c in (case, other):
        GrantFactory(
            cooperation=c,
            budget_year=2021,
            status=Grant.Status.APPROVED,
            approved_amount=Decimal("50000"),
            decision_date=dt.date(2021, 5, 1),
        )
    Cooperation.objects.filter(pk=other.pk).update(started_on=dt.date(2021, 6, 1))

    client.force_login(user)
    my_cases = client.get(reverse("cooperations:my-cases")).content.decode()
    assert ">Kassel</td>" in my_cases and "documenta" not in my_cases
    page = client.get(reverse("cooperations:case-detail", args=[case.pk])).content.decode()
    assert "Landkreis Kassel" in page and "documenta" not in page

    atlas = client.get(reverse("atlas:list")).content.decode()
    assert "Landkreis Kassel (06633000)</option>" in atlas

    districts = [row[0] for row in annual_statistics(2021, dt.date(2021, 12, 31)).tables["landkreise"].rows]
    assert sorted(districts) == ["Kassel", "Landkreis Kassel"]
