"""Reading the BKG VG5000 shapefiles: pyshp reads, pyproj reprojects to ETRS89 / UTM 32N,
geo.simplify thins the rings, and each AGS becomes one SVG path (see geo.models).

Used by the `import_boundaries` command only – never at request time."""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .simplify import Point, simplify_ring

TARGET_CRS = "EPSG:25832"
# One unit of the stored geometry: 100 m. A Land map is drawn about 700 px wide (1 px is
# 300 m in Hessen); a cooperation's small map zooms to a few Gemeinden (1 px ≈ 100 m).
UNIT_METRES = 100
DEFAULT_TOLERANCE_METRES = 150
LAYERS = {"gemeinde": "VG5000_GEM", "kreis": "VG5000_KRS"}
MISSING_LAYER = "Im Ordner {folder} fehlt die Ebene {layer} (.shp, .dbf, .prj)."


@dataclass(frozen=True)
class BoundaryData:
    level: str
    ags: str
    name: str
    path: str
    bbox: tuple[int, int, int, int]  # min_x, min_y, max_x, max_y in drawing units

    def as_json(self) -> dict[str, Any]:
        return {"level": self.level, "ags": self.ags, "name": self.name, "path": self.path, "bbox": self.bbox}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> BoundaryData:
        x0, y0, x1, y1 = data["bbox"]
        return cls(data["level"], data["ags"], data["name"], data["path"], (x0, y0, x1, y1))


def svg_path(rings: Iterable[list[Point]]) -> str:
    """Each ring as an absolute move and relative line steps ("M4871 -55431l4 3 2 -1z"):
    short numbers keep a Land's map small."""
    parts = []
    for ring in rings:
        (x0, y0), steps = ring[0], []
        px, py = x0, y0
        for x, y in ring[1:]:
            steps.append(f"{x - px} {y - py}")
            px, py = x, y
        parts.append(f"M{x0} {y0}l{' '.join(steps)}z")
    return "".join(parts)


def _rings(shape: Any) -> Iterator[list[tuple[float, float]]]:
    bounds = [*shape.parts, len(shape.points)]
    for start, end in itertools.pairwise(bounds):
        yield shape.points[start:end]


def read_layer(
    folder: Path, level: str, *, prefix: str = "", tolerance_m: int = DEFAULT_TOLERANCE_METRES
) -> list[BoundaryData]:
    import pyproj
    import shapefile

    base = folder / LAYERS[level]
    if not all(base.with_suffix(s).is_file() for s in (".shp", ".dbf", ".prj")):
        raise FileNotFoundError(MISSING_LAYER.format(folder=folder, layer=LAYERS[level]))
    source = pyproj.CRS.from_wkt(base.with_suffix(".prj").read_text(encoding="ascii"))
    project = pyproj.Transformer.from_crs(source, TARGET_CRS, always_xy=True).transform
    names: dict[str, str] = {}
    rings: dict[str, list[list[Point]]] = defaultdict(list)
    with shapefile.Reader(str(base), encoding="utf-8") as reader:
        for item in reader.iterShapeRecords():
            ags = str(item.record["AGS"]).strip()
            if level == "kreis":
                ags = ags[:5] + "000"
            if not ags.startswith(prefix):
                continue
            names.setdefault(ags, str(item.record["GEN"]).strip())
            for ring in _rings(item.shape):
                xs, ys = project([p[0] for p in ring], [p[1] for p in ring])
                points = [
                    (round(x / UNIT_METRES), -round(y / UNIT_METRES)) for x, y in zip(xs, ys, strict=True)
                ]
                rings[ags].append(points)
    out = []
    for ags, raw in sorted(rings.items()):
        simplified = [r for r in (simplify_ring(ring, tolerance_m / UNIT_METRES) for ring in raw) if r]
        if not simplified:  # a tiny municipality: keep its largest ring unsimplified
            simplified = [max(raw, key=len)]
        xs = [x for ring in simplified for x, _ in ring]
        ys = [y for ring in simplified for _, y in ring]
        out.append(
            BoundaryData(level, ags, names[ags], svg_path(simplified), (min(xs), min(ys), max(xs), max(ys)))
        )
    return out
