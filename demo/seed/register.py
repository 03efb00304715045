"""Step 1: the Kommunen. An imported register is used as it is; an empty one is filled
with the whole Land from the official editions the demo ships (demo/data/README.md).

The editions 2018, 2021 and 2025 of the Destatis Gemeindeverzeichnis go through the
register import of the back office (`contacts.register.register_import`: bulk writes,
history, one population record per Kommune and edition), in order, so the demo has every
Kommune of Hessen with its renamings, real population editions and mergers. The import
dates a merger at the edition that first shows it; the merger Oberweser + Wahlsburg →
Wesertal is then recorded on its real date through `municipality_merge`, as an adviser
would. (Bromskirchen, which joined Allendorf (Eder) on 01.01.2023, stays as the 2025
import retires it: `municipality_merge` would date Allendorf itself from 2023 on.)"""

from __future__ import annotations

import datetime as dt
import gzip
from collections import defaultdict
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError

from contacts.models import Municipality
from contacts.register import register_import
from contacts.services import municipality_merge

from .base import Demo

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
DEMO_LAND = "06"
# In the order they must be imported (an older edition after a newer one is refused).
EDITIONS = (
    "GV100AD_300918_hessen.ASC.gz",
    "GV100AD_31122021_hessen.txt.gz",
    "GV100AD_30112025_hessen.txt.gz",
)
# (old AGS, new AGS, first day of the new Kommune), recorded after the edition that shows it.
MERGERS = {
    "GV100AD_31122021_hessen.txt.gz": ((("06633021", "06633027"), "06633030", dt.date(2020, 1, 1)),),
}
# Kommunen that never took part in a cooperation: the published figures name about 380 of
# Hessen's 447 Kommunen (DESIGN.md); the rest are drawn at random among the small Gemeinden.
NEVER_COOPERATING = 52

NO_MUNICIPALITIES = (
    "Für das Land {land} gibt es keine eingebaute Kommunenliste: bitte zuerst das Gemeindeverzeichnis "
    "importieren (python manage.py import_gv100ad DATEI)."
)
BUILT_IN = "amtliches Gemeindeverzeichnis Hessen 2018, 2021, 2025 (Destatis)"
IMPORTED = "aus dem importierten Gemeindeverzeichnis"


def load_register() -> None:
    for name in EDITIONS:
        data = gzip.decompress((DATA_DIR / name).read_bytes())
        register_import(data=data, file_name=name.removesuffix(".gz"))
        for old, new, on in MERGERS.get(name, ()):
            municipality_merge(
                old=Municipality.objects.filter(ags__in=old).order_by("ags"),
                new=Municipality.objects.get(ags=new),
                on=on,
            )


def municipalities(demo: Demo) -> None:
    if Municipality.objects.exclude(kind=Municipality.Kind.LANDKREIS).exists():
        demo.municipality_source = IMPORTED
    else:
        if settings.IKZ_LAND != DEMO_LAND:
            raise CommandError(NO_MUNICIPALITIES.format(land=settings.IKZ_LAND))
        demo.municipality_source = BUILT_IN
        load_register()
    everything = list(Municipality.objects.order_by("ags"))
    demo.by_ags = {m.ags: m for m in everything}
    successor_ids = {m.successor_id for m in everything if m.successor_id}
    demo.successors = {m.pk for m in everything if m.pk in successor_ids}
    demo.local = [
        m
        for m in everything
        if m.kind in (Municipality.Kind.GEMEINDE, Municipality.Kind.STADT, Municipality.Kind.KREISFREIE_STADT)
        and m.population
    ]
    demo.landkreise = {m.ags[:5]: m for m in everything if m.kind == Municipality.Kind.LANDKREIS}
    # Only a register the size of a Land has Kommunen to spare.
    small = [m for m in demo.local if (m.population or 0) < 10_000 and m.successor_id is None]
    spare = NEVER_COOPERATING if len(demo.local) > 4 * NEVER_COOPERATING else 0
    idle = {m.pk for m in demo.rng.sample(small, min(spare, len(small)))}
    demo.cooperating = [m for m in demo.local if m.pk not in idle]
    by_kreis: dict[str, list[Municipality]] = defaultdict(list)
    for m in demo.cooperating:
        by_kreis[m.ags[:5]].append(m)
    demo.by_kreis = by_kreis
    demo.summary["Kommunen"] = f"{len(everything)} ({demo.municipality_source})"
