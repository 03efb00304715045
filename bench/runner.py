"""Measures every page of bench.pages and every job of bench.jobs against the database
in DATABASE_URL and writes the figures as JSON.

Pages are requested in-process with Django's test Client: the figure is the time
the server spends on a request (middleware, view, queries, template), without
network or a browser, and the query count comes from the same connection. A real
gunicorn would add the same loopback and WSGI overhead to every page, including
the floor, so it would not change the comparison this benchmark is for.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, connections, reset_queries
from django.db.utils import load_backend
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch

from . import jobs
from .pages import PAGES, Page, Subjects
from .timing import MAX_REPEAT, MIN_REPEAT, TIME_BUDGET_S, percentile


def _client(user: Any) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
        try:  # staff have their second factor checked once per session (backoffice.site)
            from backoffice.site import MFA_SESSION_KEY

            session = client.session
            session[MFA_SESSION_KEY] = user.pk
            session.save()
        except ImportError:
            pass
    return client


def _prepare_page(client: Client, path: str, *, warmup: int) -> dict[str, Any]:
    """Warm-up requests, then one request whose queries are captured."""
    warm_end = time.perf_counter() + TIME_BUDGET_S / 4
    for _ in range(warmup):  # one warm-up is enough for a page that takes seconds
        client.get(path)
        if time.perf_counter() > warm_end:
            break
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    queries: list[dict[str, Any]] = [
        {"ms": round(float(q["time"]) * 1000, 2), "sql": q["sql"]} for q in captured.captured_queries
    ]
    reset_queries()
    return {
        "status": response.status_code,
        "bytes": len(response.content),
        "results": results_on_page(response.content.decode(errors="replace")),
        "queries": len(queries),
        "query_ms": round(sum(q["ms"] for q in queries), 1),
        "slowest_queries": sorted(queries, key=lambda q: -q["ms"])[:3],
    }


# One result of a portal list (atlas, Förderlotse) or one row of an admin changelist.
RESULT_MARKERS = ('<li class="portal-result"', '<td class="action-checkbox"')
# A list page, also when it found nothing: the count line of the portal lists, the admin changelist.
LIST_MARKERS = ('class="kern-body portal-count"', 'id="changelist"')


def results_on_page(html: str) -> int | None:
    """How many results the page lists, or None for a page that is not a list. Two data
    sets compare like for like only where their pages list as many results: a filter
    that finds 3 cases in one Land and a full page of 20 nationwide renders 17 results
    more, which says nothing about how the page scales (bench/report.py). A list of the
    read API is JSON with its rows under "results"."""
    if html.startswith("{"):
        try:
            answer = json.loads(html)
        except ValueError:
            return None
        rows = answer.get("results") if isinstance(answer, dict) else None
        return len(rows) if isinstance(rows, list) else None
    if not any(page in html for page in LIST_MARKERS):
        return None
    return sum(html.count(marker) for marker in RESULT_MARKERS)


CONDITIONAL_REPEAT = 10


def _conditional(client: Client, path: str) -> dict[str, Any]:
    """Asks again with the answer's ETag (and once with its Last-Modified): an unchanged
    list must answer 304, with the queries and time of that answer."""
    first = client.get(path)
    etag, modified = first.get("ETag"), first.get("Last-Modified")
    if not etag or not modified:
        return {"error": "Antwort ohne ETag oder Last-Modified"}
    with CaptureQueriesContext(connection) as captured:
        by_etag = client.get(path, HTTP_IF_NONE_MATCH=etag)
    by_date = client.get(path, HTTP_IF_MODIFIED_SINCE=modified)
    times = []
    for _ in range(CONDITIONAL_REPEAT):
        started = time.perf_counter()
        client.get(path, HTTP_IF_NONE_MATCH=etag)
        times.append((time.perf_counter() - started) * 1000)
    reset_queries()
    return {
        "status_etag": by_etag.status_code,
        "status_modified": by_date.status_code,
        "queries": len(captured.captured_queries),
        "bytes": len(by_etag.content),
        **_summary(times),
    }


def _timed_get(client: Client, path: str) -> float:
    started = time.perf_counter()
    client.get(path)
    return (time.perf_counter() - started) * 1000


def _summary(times: list[float]) -> dict[str, Any]:
    return {
        "median_ms": round(statistics.median(times), 1),
        "p95_ms": round(percentile(times, 0.95), 1),
        "max_ms": round(max(times), 1),
        "n": len(times),
    }


def table_sizes() -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, n_live_tup FROM pg_stat_user_tables WHERE n_live_tup > 0 ORDER BY n_live_tup DESC"
        )
        return {name: int(rows) for name, rows in cursor.fetchall()}


def _header(label: str, subjects: Subjects) -> dict[str, Any]:
    return {
        "label": label,
        "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": {
            "cpus": _cpus(),
            "python": platform.python_version(),
            "debug": settings.DEBUG,
            # The machine is shared: the load says how far the absolute times are inflated.
            "load_at_start": round(os.getloadavg()[0], 1),
        },
        "rows": table_sizes(),
        "subjects": {
            "municipal_user": getattr(subjects.users["municipal"], "email", None),
            "case_pk": subjects.case_pk,
            "search": subjects.municipality_name,
        },
        "pages": {},
        "jobs": {},
    }


def _pages(only: str) -> list[Page]:
    return [p for p in PAGES if not only or only.lower() in p.name.lower() or p.group == "floor"]


def _print_page(name: str, entry: dict[str, Any], label: str = "") -> None:
    prefix = f"[{label}] " if label else ""
    if "skipped" in entry:
        print(f"  {prefix}{name:45} übersprungen: {entry['skipped']}", flush=True)
    elif "error" in entry:
        print(f"  {prefix}{name:45} FEHLER {entry['error']}", flush=True)
    else:
        print(
            f"  {prefix}{name:45} {entry['status']} {entry['queries']:3d} Abfragen, "
            f"Median {entry['median_ms']:7.1f} ms, p95 {entry['p95_ms']:7.1f} ms",
            flush=True,
        )


def _run_jobs(result: dict[str, Any], subjects: Subjects, *, only: str, seed_seconds: float | None) -> None:
    if seed_seconds is not None:  # measured by scripts/bench.sh around seed_scale
        result["jobs"]["Datenerzeugung seed_scale"] = {"seconds": seed_seconds}
    for name, job in jobs.JOBS.items():
        if only and only.lower() not in name.lower():
            continue
        _run_job(result, subjects, name, job)


def _run_job(result: dict[str, Any], subjects: Subjects, name: str, job: Callable[[Subjects], Any]) -> None:
    try:
        entry = job(subjects)
    except Exception as exc:
        entry = {"error": f"{type(exc).__name__}: {exc}"[:500]}
    result["jobs"][name] = entry
    print(f"  {name:45} {json.dumps({k: v for k, v in entry.items() if k != 'output'})}", flush=True)


def _write(result: dict[str, Any], out: Path) -> None:
    result["machine"]["load_at_end"] = round(os.getloadavg()[0], 1)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False))


@dataclass
class DataSet:
    """A database measured by `measure_sets`, with its own users and logged-in clients."""

    label: str
    database: str
    out: Path
    seed_seconds: float | None = None
    subjects: Subjects | None = None
    clients: dict[str, Client] = field(default_factory=dict)
    result: dict[str, Any] = field(default_factory=dict)

    def found(self) -> Subjects:
        if self.subjects is None:
            raise RuntimeError(f"{self.label}: Subjects.find() lief noch nicht")
        return self.subjects


_connections: dict[str, Any] = {}


def use_database(name: str) -> None:
    """Points the default connection at another database of the same server. Each
    database keeps its own open connection (a new one would start with empty catalog
    caches and make the next requests slower); the worker processes of the jobs follow
    DATABASE_URL."""
    current = connections["default"]
    if current.settings_dict["NAME"] != name:
        _connections[current.settings_dict["NAME"]] = current
        wrapper = _connections.get(name)
        if wrapper is None:
            settings_dict = {**current.settings_dict, "NAME": name}
            wrapper = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(settings_dict, "default")
        connections["default"] = wrapper
        wrapper.ensure_connection()
    url = os.environ.get("DATABASE_URL", "")
    if url:
        os.environ["DATABASE_URL"] = f"{url.rsplit('/', 1)[0]}/{name}"


ROUND = 3  # requests per data set before switching to the other


def measure(*, label: str, repeat: int, warmup: int, only: str, out: Path, skip_jobs: bool) -> dict[str, Any]:
    """One database, the one DATABASE_URL names."""
    seed = os.environ.get("BENCH_SEED_SECONDS")
    database = DataSet(
        label=label,
        database=connections["default"].settings_dict["NAME"],
        out=out,
        seed_seconds=float(seed) if seed else None,
    )
    return measure_sets([database], repeat=repeat, warmup=warmup, only=only, skip_jobs=skip_jobs)[0]


def measure_sets(
    sets: list[DataSet], *, repeat: int, warmup: int, only: str, skip_jobs: bool
) -> list[dict[str, Any]]:
    """Measures every page on the data sets in alternating rounds of a few requests, so
    that a machine that gets slower or faster during the run (it is shared) moves all
    figures alike and the ratio nationwide / factor 1 compares like with like. Measuring
    one data set after the other put minutes between the two; the floor itself then
    differed by a quarter (bench-results of 03.12., 21:32 UTC)."""
    for ds in sets:
        use_database(ds.database)
        ds.subjects = Subjects.find()
        ds.clients = {role: _client(user) for role, user in ds.subjects.users.items()}
        ds.result = _header(ds.label, ds.subjects)
        # Work the pages depend on (the boundaries of all Germany for the maps), measured
        # like the other jobs, but before the pages.
        for name, job in jobs.BEFORE_PAGES.items():
            _run_job(ds.result, ds.subjects, name, job)
    for page in _pages(only):
        times: dict[str, list[float]] = {}
        paths: dict[str, str] = {}
        for ds in sets:
            entry: dict[str, Any] = {"group": page.group, "user": page.user}
            ds.result["pages"][page.name] = entry
            use_database(ds.database)
            try:
                paths[ds.label] = entry["path"] = page.build(ds.found())
                entry.update(_prepare_page(ds.clients[page.user], entry["path"], warmup=warmup))
                if page.conditional:
                    entry["conditional"] = _conditional(ds.clients[page.user], entry["path"])
                times[ds.label] = []
            except NoReverseMatch as exc:
                entry["skipped"] = str(exc)
            except Exception as exc:  # a broken page is a finding, not the end of the run
                entry["error"] = f"{type(exc).__name__}: {exc}"[:500]
        budget_end = time.perf_counter() + len(sets) * TIME_BUDGET_S
        rounds = 0
        while any(len(t) < min(repeat, MAX_REPEAT) for t in times.values()):
            # the order of the two alternates, so neither always follows the switch
            for ds in sets if rounds % 2 == 0 else reversed(sets):
                if ds.label not in times:
                    continue
                use_database(ds.database)
                client = ds.clients[page.user]
                for _ in range(ROUND):
                    if len(times[ds.label]) < min(repeat, MAX_REPEAT):
                        times[ds.label].append(_timed_get(client, paths[ds.label]))
            rounds += 1
            if all(len(t) >= MIN_REPEAT for t in times.values()) and time.perf_counter() > budget_end:
                break
        for ds in sets:
            entry = ds.result["pages"][page.name]
            if times.get(ds.label):
                entry.update(_summary(times[ds.label]))
            _print_page(page.name, entry, ds.label if len(sets) > 1 else "")
    for ds in sets:
        use_database(ds.database)
        if not skip_jobs:
            _run_jobs(ds.result, ds.found(), only=only, seed_seconds=ds.seed_seconds)
        _write(ds.result, ds.out)
    return [ds.result for ds in sets]


def _cpus() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 0)
