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
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch

from . import jobs
from .pages import PAGES, Subjects
from .timing import MAX_REPEAT, MIN_REPEAT, TIME_BUDGET_S, percentile


def _client(user: Any) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
        try:  # staff have their second factor checked once per session (ikz_portal.backoffice)
            from ikz_portal.backoffice import MFA_SESSION_KEY

            session = client.session
            session[MFA_SESSION_KEY] = user.pk
            session.save()
        except ImportError:
            pass
    return client


def measure_page(client: Client, path: str, *, repeat: int, warmup: int) -> dict[str, Any]:
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
    times: list[float] = []
    budget_end = time.perf_counter() + TIME_BUDGET_S
    for _ in range(min(repeat, MAX_REPEAT)):
        started = time.perf_counter()
        client.get(path)
        times.append((time.perf_counter() - started) * 1000)
        if len(times) >= MIN_REPEAT and time.perf_counter() > budget_end:
            break
    reset_queries()
    return {
        "status": response.status_code,
        "bytes": len(response.content),
        "queries": len(queries),
        "query_ms": round(sum(q["ms"] for q in queries), 1),
        "slowest_queries": sorted(queries, key=lambda q: -q["ms"])[:3],
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


def measure(*, label: str, repeat: int, warmup: int, only: str, out: Path, skip_jobs: bool) -> dict[str, Any]:
    subjects = Subjects.find()
    clients = {role: _client(user) for role, user in subjects.users.items()}
    result: dict[str, Any] = {
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
    for page in PAGES:
        if only and only.lower() not in page.name.lower() and page.group != "floor":
            continue
        entry: dict[str, Any] = {"group": page.group, "user": page.user}
        try:
            entry["path"] = page.build(subjects)
        except NoReverseMatch as exc:
            entry["skipped"] = str(exc)
            result["pages"][page.name] = entry
            print(f"  {page.name:45} übersprungen: {exc}", flush=True)
            continue
        try:
            entry.update(measure_page(clients[page.user], entry["path"], repeat=repeat, warmup=warmup))
        except Exception as exc:  # a broken page is a finding, not the end of the run
            entry["error"] = f"{type(exc).__name__}: {exc}"[:500]
            result["pages"][page.name] = entry
            print(f"  {page.name:45} FEHLER {entry['error']}", flush=True)
            continue
        result["pages"][page.name] = entry
        print(
            f"  {page.name:45} {entry['status']} {entry['queries']:3d} Abfragen, "
            f"Median {entry['median_ms']:7.1f} ms, p95 {entry['p95_ms']:7.1f} ms",
            flush=True,
        )
    if os.environ.get("BENCH_SEED_SECONDS"):  # measured by scripts/bench.sh around seed_scale
        result["jobs"]["Datenerzeugung seed_scale"] = {"seconds": float(os.environ["BENCH_SEED_SECONDS"])}
    if not skip_jobs:
        for name, job in jobs.JOBS.items():
            if only and only.lower() not in name.lower():
                continue
            try:
                entry = job(subjects)
            except Exception as exc:
                entry = {"error": f"{type(exc).__name__}: {exc}"[:500]}
            result["jobs"][name] = entry
            print(f"  {name:45} {json.dumps({k: v for k, v in entry.items() if k != 'output'})}", flush=True)
    result["machine"]["load_at_end"] = round(os.getloadavg()[0], 1)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False))
    return result


def _cpus() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 0)
