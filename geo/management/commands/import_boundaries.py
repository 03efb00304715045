"""`python manage.py import_boundaries ../shared/data/vg5000_01-01_2021 [--land 06] [--dry-run]
[--export FILE.json.gz]`

Why: the atlas map (/atlas/karte/) and the annual PDF draw the official boundaries of the
BKG (VG5000, Gemeinden and Kreise). Reading, reprojecting and simplifying the shapefiles
takes seconds, so it happens here, once per edition, and never while a page is served.
Keyed by AGS, so any Land works; without --land all Germany is loaded.

--export writes the simplified set as gzipped JSON (the demo generator ships the Hessian
one, demo/data/boundaries_06.json.gz, so the demo runs without ../shared)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from geo.models import SOURCE_NOTE
from geo.services import boundaries_export, boundaries_replace
from geo.shapes import DEFAULT_TOLERANCE_METRES, LAYERS, read_layer

LAND_INVALID = "--land ist ein zweistelliger Landesschlüssel, z. B. 06 für Hessen."


def edition_of(folder: Path) -> str:
    """The edition from aktualitaet.txt ("01.01.2021"), else from the folder name."""
    stand = folder / "aktualitaet.txt"
    date = stand.read_text(encoding="cp1252").strip() if stand.is_file() else folder.name
    return f"VG5000 {date}"


class Command(BaseCommand):
    help = "Importiert die Gemeinde- und Kreisgrenzen (BKG VG5000) für die Karten."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path, help="Ordner mit VG5000_GEM.* und VG5000_KRS.*")
        parser.add_argument("--land", default="", help="nur dieses Land (Landesschlüssel, z. B. 06)")
        parser.add_argument(
            "--tolerance", type=int, default=DEFAULT_TOLERANCE_METRES, help="Vereinfachung in Metern"
        )
        parser.add_argument("--dry-run", action="store_true", help="nur lesen und zählen, nichts speichern")
        parser.add_argument(
            "--export", type=Path, help="vereinfachte Grenzen zusätzlich als .json.gz schreiben"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        folder: Path = options["folder"]
        land: str = options["land"]
        if land and not (len(land) == 2 and land.isdigit()):
            raise CommandError(LAND_INVALID)
        started = time.monotonic()
        try:
            boundaries = [
                b
                for level in LAYERS
                for b in read_layer(folder, level, prefix=land, tolerance_m=options["tolerance"])
            ]
        except FileNotFoundError as exc:
            raise CommandError(str(exc)) from exc
        edition = edition_of(folder)
        counts = {level: sum(b.level == level for b in boundaries) for level in LAYERS}
        if options["export"]:
            boundaries_export(
                path=options["export"],
                boundaries=boundaries,
                edition=edition,
                source=SOURCE_NOTE,
                prefix=land,
            )
        if not options["dry_run"]:
            boundaries_replace(boundaries=boundaries, edition=edition, prefix=land)
        verb = "gelesen (Probelauf)" if options["dry_run"] else "importiert"
        self.stdout.write(
            self.style.SUCCESS(
                f"{edition}: {counts['gemeinde']} Gemeinden und {counts['kreis']} Kreise {verb} "
                f"in {time.monotonic() - started:.1f} s."
            )
        )
