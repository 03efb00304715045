"""The boundary import from the BKG shapefiles in ../shared (skipped without them)."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from geo.models import Boundary

pytestmark = pytest.mark.django_db
PATH = re.compile(r"^(M-?\d+ -?\d+l(-?\d+ -?\d+ ?)+z)+$")


def test_it_imports_the_gemeinden_and_kreise_of_a_land_keyed_by_ags(shared_data: Path, capsys) -> None:
    call_command("import_boundaries", shared_data / "vg5000_01-01_2021", "--land", "06")
    gemeinden = Boundary.objects.filter(level=Boundary.Level.GEMEINDE)
    assert gemeinden.count() == 426
    assert Boundary.objects.filter(level=Boundary.Level.KREIS).count() == 26
    assert not Boundary.objects.exclude(ags__startswith="06").exists()
    # The merger of 2020 is in the 2021 edition; the one after it (Bromskirchen) not yet.
    assert gemeinden.get(ags="06633030").name == "Wesertal"
    assert gemeinden.filter(ags="06635005").exists()
    kassel = Boundary.objects.get(level=Boundary.Level.KREIS, ags="06611000")
    assert kassel.edition == "VG5000 01.01.2021"
    # Drawn in hectometres of UTM 32N with y = −northing: Kassel lies near 534 km E, 5685 km N.
    assert 5200 < kassel.min_x < kassel.max_x < 5450
    assert -57000 < kassel.min_y < kassel.max_y < -56700
    assert all(PATH.match(b.path) for b in Boundary.objects.all())
    assert "426 Gemeinden und 26 Kreise importiert" in capsys.readouterr().out


def test_a_dry_run_reads_but_saves_nothing_and_an_export_can_be_loaded_again(
    shared_data: Path, tmp_path: Path
) -> None:
    target = tmp_path / "grenzen.json.gz"
    call_command(
        "import_boundaries",
        shared_data / "vg5000_01-01_2021",
        "--land",
        "06",
        "--dry-run",
        "--export",
        target,
    )
    assert not Boundary.objects.exists()
    payload = json.loads(gzip.decompress(target.read_bytes()))
    assert payload["prefix"] == "06" and "GeoBasis-DE / BKG 2021" in payload["source"]
    assert len(payload["boundaries"]) == 452


def test_the_shipped_demo_set_is_the_import_of_the_shared_data(shared_data: Path, boundaries: int) -> None:
    shipped = dict(Boundary.objects.values_list("ags", "path").filter(level="gemeinde"))
    call_command("import_boundaries", shared_data / "vg5000_01-01_2021", "--land", "06")
    assert dict(Boundary.objects.values_list("ags", "path").filter(level="gemeinde")) == shipped


def test_a_folder_without_the_layers_is_refused_in_german(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="fehlt die Ebene VG5000_GEM"):
        call_command("import_boundaries", tmp_path)
    with pytest.raises(CommandError, match="zweistelliger Landesschlüssel"):
        call_command("import_boundaries", tmp_path, "--land", "Hessen")
