"""A worker process for one measured job (started by bench.jobs.in_worker):

    python -m bench.worker pdf 2024                       the annual statistics PDF
    python -m bench.worker command import_gv100ad FILE    any management command
    python -m bench.worker browser CASE_PK EMAIL          the case page in Chromium (bench/browser.py)
    python -m bench.worker dossier                        the dossier ZIP of the largest case (bench/dossier.py)

Prints one JSON line: the job's seconds (without interpreter and Django start; for the
PDF the first render of a fresh worker child – WeasyPrint and the fonts preloaded as the
Celery worker does before it forks – plus the next render as `seconds_next_render`), the
process's peak resident memory (ru_maxrss, so everything the worker held at its
highest point, Django included) and the memory before the job started."""

from __future__ import annotations

import json
import resource
import sys
import time
from typing import Any


def _rss_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)  # KiB on Linux


def build_pdf(year: int) -> bytes:
    from reports.models import Report
    from reports.services import report_build_pdf
    from reports.statistics import data_version, default_cutoff

    cutoff = default_cutoff(year)
    # What the render task does between claiming and saving: statistics, HTML, WeasyPrint.
    report = Report(year=year, cutoff=cutoff, data_version=data_version(year, cutoff))
    return report_build_pdf(report)


def _pages(pdf: bytes) -> int | None:
    try:
        from io import BytesIO

        from pypdf import PdfReader
    except ImportError:  # a development dependency
        return None
    return len(PdfReader(BytesIO(pdf)).pages)


def main(argv: list[str]) -> None:
    import django

    django.setup()
    if argv[0] == "pdf":
        # What a Celery worker does before its pool forks (reports.tasks.preload_pdf_renderer):
        # WeasyPrint and the fonts are loaded once, and every child's first report starts
        # from there. Timed, the import alone was 0.6–0.8 s no real report pays.
        from core.pdf import preload

        preload()
    if argv[0] == "dossier":
        # The web process has rendered PDFs before; the 500 documents are data, not the job.
        from core.pdf import preload

        from .dossier import largest_case_with_documents

        preload()
        dossier_case = largest_case_with_documents()
    before = _rss_mb()
    started = time.perf_counter()
    if argv[0] == "pdf":
        pdf = build_pdf(int(argv[1]))
        first = time.perf_counter() - started
        # A worker child renders up to CELERY_WORKER_MAX_TASKS_PER_CHILD reports: the first one
        # pays for fonts and caches (the figure above), the next ones are this fast.
        again = time.perf_counter()
        build_pdf(int(argv[1]))
        next_render = time.perf_counter() - again
        # Counting the pages (pypdf) is the benchmark's check, not the job: outside the times.
        detail: dict[str, Any] = {
            "bytes": len(pdf),
            "pages": _pages(pdf),
            "seconds_next_render": round(next_render, 2),
        }
        seconds = first
    elif argv[0] == "command":
        from io import StringIO

        from django.core.management import call_command

        out = StringIO()
        call_command(*argv[1:], stdout=out)
        detail = {"output": out.getvalue().strip().splitlines()[-3:]}
        seconds = time.perf_counter() - started
    elif argv[0] == "dossier":
        from .dossier import stream_dossier

        detail = stream_dossier(dossier_case)
        seconds = detail.pop("seconds")
    elif argv[0] == "browser":
        from .browser import case_page_load

        detail = case_page_load(int(argv[1]), argv[2])
        seconds = time.perf_counter() - started
    else:
        raise SystemExit(f"unbekannte Aufgabe: {argv[0]}")
    print(
        json.dumps({"seconds": round(seconds, 2), "max_rss_mb": _rss_mb(), "rss_before_mb": before, **detail})
    )


if __name__ == "__main__":
    main(sys.argv[1:])
