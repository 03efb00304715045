"""The Hessian boundary set the demo ships (demo/data/boundaries_06.json.gz), so
that `make run` shows the map without ../shared.

Made by `import_boundaries ../shared/data/vg5000_01-01_2021 --land 06 --export …` from the
BKG's VG5000 (Stand 01.01.2021), reprojected to ETRS89 / UTM 32N and simplified (150 m).
Quellenvermerk: © GeoBasis-DE / BKG 2021 (Daten verändert), Datenlizenz Deutschland –
Namensnennung – Version 2.0 (dl-de/by-2-0), https://www.bkg.bund.de"""

from __future__ import annotations

from pathlib import Path

from core.land import land_code
from geo.models import Boundary
from geo.services import boundaries_load_file

DEMO_LAND = "06"
DEMO_FILE = Path(__file__).resolve().parent.parent / "data" / "boundaries_06.json.gz"


def load_demo_boundaries() -> int:
    """Loads the shipped set when the portal serves Hessen and has no Hessian boundaries
    yet (an imported edition is never replaced by the demo's)."""
    if land_code() != DEMO_LAND or Boundary.objects.filter(ags__startswith=DEMO_LAND).exists():
        return 0
    return boundaries_load_file(path=DEMO_FILE)
