"""`make bench` judges the ratio nationwide / factor 1 only where both pages list as many
results: a filter that finds 3 cases in one Land and 20 nationwide renders a longer page,
which says nothing about how the page scales. The ratio is still shown, and the time
target still applies."""

from __future__ import annotations

from typing import Any

from bench.report import compare
from bench.runner import results_on_page


def _run(results: int | None, median: float, p95: float = 50.0) -> dict[str, Any]:
    page = {"group": "portal", "status": 200, "queries": 6, "median_ms": median, "p95_ms": p95}
    floor = {"group": "floor", "status": 200, "queries": 1, "median_ms": 2.0, "p95_ms": 3.0}
    return {"pages": {"Boden": floor, "Liste": {**page, "results": results}}, "jobs": {}}


def _row(small: dict[str, Any], large: dict[str, Any]) -> dict[str, Any]:
    return next(r for r in compare(small, large) if r["name"] == "Liste")


def test_a_slower_page_of_equal_length_misses_the_ratio() -> None:
    row = _row(_run(20, 30.0), _run(20, 60.0))
    assert row["misses"] == ["BW/F1 > 1.5"]


def test_a_longer_page_nationwide_is_shown_but_not_judged_by_the_ratio() -> None:
    row = _row(_run(3, 30.0), _run(20, 60.0))
    assert row["ratio"] == 2.0
    assert row["misses"] == []
    assert row["note_ratio"] == "BW/F1 nicht bewertet: 3 / 20 Treffer"


def test_the_time_target_applies_whatever_the_length() -> None:
    row = _row(_run(3, 30.0), _run(20, 60.0, p95=180.0))
    assert row["misses"] == ["p95 > 150 ms"]


def test_results_are_counted_on_portal_lists_and_admin_changelists() -> None:
    portal = '<p class="kern-body portal-count">2 gefunden</p><ul class="portal-results">'
    portal += '<li class="portal-result">a</li><li class="portal-result">b</li></ul>'
    assert results_on_page(portal) == 2
    assert results_on_page('<p class="kern-body portal-count">0 gefunden</p>') == 0
    admin = '<div id="changelist"><table id="result_list"><tr><td class="action-checkbox">x</td></tr></table>'
    assert results_on_page(admin) == 1
    assert results_on_page('<div id="changelist"><p class="paginator">0 Vorgänge</p>') == 0
    assert results_on_page("<h1>Vorgang</h1>") is None
    # the read API's lists: their rows under "results"; other JSON is no list
    assert results_on_page('{"count": 3, "next": null, "results": [{"a": 1}, {"a": 2}, {"a": 3}]}') == 3
    assert results_on_page('{"results": []}') == 0
    assert results_on_page('{"jahr": 2024, "foerderungen": 12}') is None


def test_the_browser_row_shows_the_pages_load_not_the_jobs_seconds() -> None:
    from bench.report import render

    def run(load: float) -> dict[str, Any]:
        job = {
            "seconds": 16.6,  # the browser's start and the login included
            "max_rss_mb": 163.6,
            "load_median_ms": load,
            "load_p95_ms": load + 90,
            "server_answer_median_ms": 318.0,
        }
        machine = {"cpus": 2, "debug": False}
        jobs = {"Admin: Vorgang im Browser (Chromium)": job}
        return {**_run(20, 30.0), "jobs": jobs, "label": "lauf", "machine": machine}

    small, large = run(930.6), run(994.5)
    (line,) = [x for x in render(compare(small, large), small, large).splitlines() if "Browser" in x]
    assert "930.6" in line and "1020.6" in line and "994.5" in line and "Server 318" in line
    assert "16.6 s" not in line and "MB" not in line
