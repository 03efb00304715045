"""The case page's load in a real browser (`make bench`, job „Admin: Vorgang im Browser“):
Chromium opens the adviser's case page from a live server in the worker process and
reads the Navigation Timing of each load – the server's answer plus what the browser
does with 5,000 px of inline forms (issue #14 measured 1.0–1.4 s).

Runs inside `python -m bench.worker browser CASE_PK EMAIL` (bench/jobs.py)."""

from __future__ import annotations

import statistics
import time
from pathlib import Path
from typing import Any

from .timing import MIN_REPEAT, TIME_BUDGET_S, percentile

CHROMIUM = "/usr/bin/chromium"
REPEAT = 10
TIMING = """() => {
  const n = performance.getEntriesByType("navigation")[0];
  return {ttfb: n.responseStart, dom: n.domContentLoadedEventEnd, load: n.loadEventEnd,
          height: document.documentElement.scrollHeight};
}"""


def _session_cookie(user: Any) -> str:
    """A logged-in session of `user` with the second factor marked as checked, the way
    the page measurements log in (bench.runner._client)."""
    from django.test import Client

    from backoffice.site import MFA_SESSION_KEY

    client = Client()
    client.force_login(user)
    session = client.session
    session[MFA_SESSION_KEY] = user.pk
    session.save()
    return session.session_key or ""


def case_page_load(case_pk: int, email: str) -> dict[str, Any]:
    if not Path(CHROMIUM).exists():
        return {"skipped": f"{CHROMIUM} fehlt"}
    from django.conf import settings
    from django.test.testcases import LiveServerThread, _StaticFilesHandler
    from django.urls import reverse
    from playwright.sync_api import sync_playwright

    from accounts.models import User

    user = User.objects.get(email=email)
    server = LiveServerThread("127.0.0.1", _StaticFilesHandler, port=0)
    server.daemon = True
    server.start()
    server.is_ready.wait(timeout=30)
    if server.error:
        raise server.error
    base = f"http://127.0.0.1:{server.port}"
    url = base + reverse("admin:cooperations_cooperation_change", args=[case_pk])
    # Before Playwright starts: inside its block the ORM would open a second connection
    # (its greenlet has its own context) and leave it open.
    cookie = _session_cookie(user)
    loads: list[dict[str, float]] = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
            context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": base}])
            page = context.new_page()
            page.goto(url, wait_until="load")  # warm-up: static files into the browser's cache
            budget_end = time.perf_counter() + TIME_BUDGET_S
            for _ in range(REPEAT):
                page.goto(url, wait_until="load")
                loads.append(page.evaluate(TIMING))
                if len(loads) >= MIN_REPEAT and time.perf_counter() > budget_end:
                    break
            browser.close()
    finally:
        server.terminate()
    load_ms = [entry["load"] for entry in loads]
    return {
        "load_median_ms": round(statistics.median(load_ms), 1),
        "load_p95_ms": round(percentile(load_ms, 0.95), 1),
        "dom_ready_median_ms": round(statistics.median(e["dom"] for e in loads), 1),
        "server_answer_median_ms": round(statistics.median(e["ttfb"] for e in loads), 1),
        "page_height_px": int(loads[-1]["height"]),
        "n": len(loads),
    }
