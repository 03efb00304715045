"""The targets of issue 6 for nationwide data on a 2-core machine (no Django imports,
so the report can be printed anywhere)."""

from __future__ import annotations

# p95 server time per page group, in milliseconds; the floor has none.
TARGET_P95_MS: dict[str, int | None] = {"portal": 150, "admin": 300, "floor": None}
# Median nationwide / median factor 1, for every page.
TARGET_RATIO = 1.5
JOB_TARGETS: dict[str, dict[str, float]] = {
    "Statistik eines Jahres": {"p95_ms": 500},
    "Jahres-PDF (Worker)": {"seconds": 5, "max_rss_mb": 400},
    "GV100AD-Import Hessen (Worker)": {"seconds": 10},
    # All Germany (11,398 shapes read, reprojected, simplified): once per edition, offline.
    "Gebietsgrenzen-Import Deutschland (Worker)": {"seconds": 120, "max_rss_mb": 1024},
    "Datenerzeugung seed_scale": {"seconds": 600},
    # Issue 16: the dossier ZIP of the largest case with 500 documents, streamed.
    "Dossier-Export 500 Dokumente (Worker)": {"seconds": 10, "max_rss_mb": 300},
}
