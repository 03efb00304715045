"""Writes of the boundary set: the import command and the demo generator both load
through `boundaries_replace`, in one transaction."""

from __future__ import annotations

import gzip
import json
import logging
from collections.abc import Sequence
from pathlib import Path

from django.db import transaction

from .models import Boundary
from .shapes import BoundaryData

logger = logging.getLogger(__name__)


@transaction.atomic
def boundaries_replace(*, boundaries: Sequence[BoundaryData], edition: str, prefix: str = "") -> int:
    """Replaces the boundaries of every level present in `boundaries` whose AGS starts
    with `prefix` (a Land, or "" for all Germany) by the given ones."""
    levels = {b.level for b in boundaries}
    Boundary.objects.filter(level__in=levels, ags__startswith=prefix).delete()
    Boundary.objects.bulk_create(
        [
            Boundary(
                level=b.level,
                ags=b.ags,
                name=b.name,
                path=b.path,
                min_x=b.bbox[0],
                min_y=b.bbox[1],
                max_x=b.bbox[2],
                max_y=b.bbox[3],
                edition=edition,
            )
            for b in boundaries
        ],
        batch_size=1000,
    )
    logger.info("Gebietsgrenzen %s (%s*): %d geladen", edition, prefix, len(boundaries))
    return len(boundaries)


def boundaries_export(
    *, path: Path, boundaries: Sequence[BoundaryData], edition: str, source: str, prefix: str
) -> None:
    payload = {
        "edition": edition,
        "source": source,
        "prefix": prefix,
        "boundaries": [b.as_json() for b in boundaries],
    }
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        json.dump(payload, fh, ensure_ascii=False, separators=(",", ":"))


def boundaries_load_file(*, path: Path) -> int:
    """Loads a boundary set written by `import_boundaries --export` (the demo ships one)."""
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        payload = json.load(fh)
    boundaries = [BoundaryData.from_json(b) for b in payload["boundaries"]]
    prefix = payload.get("prefix", "")
    return boundaries_replace(boundaries=boundaries, edition=payload["edition"], prefix=prefix)
