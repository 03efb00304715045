"""The background work `make bench` measures besides pages: the statistics of one
year (in-process, like a page), the annual PDF and the GV100AD import (each in its
own worker process, for the time and the peak memory of that process), and the case
page's load in Chromium (a live server in a worker process, bench/browser.py).

A job whose code does not exist yet answers {"skipped": reason}."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from .pages import Subjects
from .timing import MIN_REPEAT, TIME_BUDGET_S, percentile

ROOT = Path(__file__).resolve().parent.parent
# The Hessian GV100AD file of the shared test data; BENCH_GV100AD points elsewhere.
DEFAULT_GV100AD = ROOT.parent / "shared" / "data" / "GV100AD_30112025_hessen.txt"
# The BKG boundaries of all Germany (issue 17); BENCH_VG5000 points elsewhere.
DEFAULT_VG5000 = ROOT.parent / "shared" / "data" / "vg5000_01-01_2021"
STATISTICS_REPEAT = 10


def statistics_of_a_year(s: Subjects) -> dict[str, Any]:
    try:
        from reports.statistics import annual_statistics
    except ImportError as exc:
        return {"skipped": f"reports.statistics.annual_statistics fehlt ({exc})"}

    def run() -> None:
        result = annual_statistics(s.year)
        # Touch what the dashboard shows, in case parts are computed lazily.
        for name in dir(result):
            if not name.startswith("_"):
                getattr(result, name)

    run()
    # Counted inside a transaction, where all queries run on this connection: outside one,
    # half of them run on a second connection (core.db.side_by_side), which
    # CaptureQueriesContext does not see. The times below are taken outside, as served.
    with transaction.atomic(), CaptureQueriesContext(connection) as captured:
        run()
    times: list[float] = []
    budget_end = time.perf_counter() + TIME_BUDGET_S
    for _ in range(STATISTICS_REPEAT):
        started = time.perf_counter()
        run()
        times.append((time.perf_counter() - started) * 1000)
        if len(times) >= MIN_REPEAT and time.perf_counter() > budget_end:
            break

    slowest = sorted(captured.captured_queries, key=lambda q: -float(q["time"]))[:3]
    return {
        "year": s.year,
        "queries": len(captured.captured_queries),
        "median_ms": round(statistics.median(times), 1),
        "p95_ms": round(percentile(times, 0.95), 1),
        "slowest_queries": [{"ms": round(float(q["time"]) * 1000, 2), "sql": q["sql"]} for q in slowest],
        "n": len(times),
    }


def in_worker(*argv: str, timeout: int = 600) -> dict[str, Any]:
    """Runs `python -m bench.worker ARGV` and returns the JSON line it prints last."""
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    try:
        done = subprocess.run(  # noqa: S603 - our own interpreter and module
            [sys.executable, "-m", "bench.worker", *argv],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return {"error": f"nach {timeout} s abgebrochen"}
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        return {"error": (done.stderr or done.stdout).strip().splitlines()[-5:]}
    return json.loads(lines[-1])


def annual_pdf(s: Subjects) -> dict[str, Any]:
    try:
        import reports.services  # noqa: F401
    except ImportError as exc:
        return {"skipped": f"reports.services fehlt ({exc})"}
    return in_worker("pdf", str(s.year))


def register_import(s: Subjects) -> dict[str, Any]:
    path = Path(os.environ.get("BENCH_GV100AD", str(DEFAULT_GV100AD)))
    if not path.is_file():
        return {"skipped": f"GV100AD-Datei fehlt: {path} (BENCH_GV100AD setzen)"}
    try:
        from contacts.management.commands import import_gv100ad  # noqa: F401
    except ImportError as exc:
        return {"skipped": f"import_gv100ad fehlt ({exc})"}
    return in_worker("command", "import_gv100ad", str(path))


def boundary_import(s: Subjects) -> dict[str, Any]:
    folder = Path(os.environ.get("BENCH_VG5000", str(DEFAULT_VG5000)))
    if not (folder / "VG5000_GEM.shp").is_file():
        return {"skipped": f"VG5000-Ordner fehlt: {folder} (BENCH_VG5000 setzen)"}
    try:
        from geo.management.commands import import_boundaries  # noqa: F401
    except ImportError as exc:
        return {"skipped": f"import_boundaries fehlt ({exc})"}
    # All Germany: the nationwide map pages measured after it draw from these boundaries.
    return in_worker("command", "import_boundaries", str(folder))


def case_page_in_browser(s: Subjects) -> dict[str, Any]:
    adviser = s.users.get("adviser")
    if adviser is None or not s.case_pk:
        return {"skipped": "keine Beraterin oder kein Vorgang im Datensatz"}
    return in_worker("browser", str(s.case_pk), adviser.email)


# Run before the pages: the map pages draw what the boundary import loads.
BEFORE_PAGES: dict[str, Callable[[Subjects], dict[str, Any]]] = {
    "Gebietsgrenzen-Import Deutschland (Worker)": boundary_import,
}


def dossier_export(s: Subjects) -> dict[str, Any]:
    try:
        import dossier.services  # noqa: F401
    except ImportError as exc:
        return {"skipped": f"dossier.services fehlt ({exc})"}
    return in_worker("dossier")


JOBS: dict[str, Callable[[Subjects], dict[str, Any]]] = {
    "Statistik eines Jahres": statistics_of_a_year,
    "Jahres-PDF (Worker)": annual_pdf,
    "GV100AD-Import Hessen (Worker)": register_import,
    "Admin: Vorgang im Browser (Chromium)": case_page_in_browser,
    "Dossier-Export 500 Dokumente (Worker)": dossier_export,
}
