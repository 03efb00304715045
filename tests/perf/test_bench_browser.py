"""`make bench` measures the case page's load in Chromium (bench/browser.py, issue #14)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.db import connections

from accounts.models import User
from bench import jobs
from bench.browser import CHROMIUM, case_page_load
from tests import factories


def _in_own_thread(case_pk: int, email: str) -> dict[str, Any]:
    """As in the bench's worker process: a thread without the asyncio loop that
    pytest-playwright's browser tests leave running in this one."""

    def run() -> dict[str, Any]:
        try:
            return case_page_load(case_pk, email)
        finally:
            connections.close_all()  # this thread's connection, not the test's

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result(timeout=300)


def test_the_case_page_job_is_listed() -> None:
    assert jobs.JOBS["Admin: Vorgang im Browser (Chromium)"] is jobs.case_page_in_browser


@pytest.mark.skipif(not __import__("pathlib").Path(CHROMIUM).exists(), reason="Chromium fehlt")
def test_the_browser_job_loads_the_case_page_and_reports_its_times(
    transactional_db: None, clara: User
) -> None:
    case = factories.CooperationFactory(partners=[factories.MunicipalityFactory()], adviser=clara)
    for _ in range(3):
        factories.ActivityFactory(cooperation=case)
    result = _in_own_thread(case.pk, clara.email)
    assert result["n"] >= 3
    assert 0 < result["server_answer_median_ms"] <= result["dom_ready_median_ms"] <= result["load_median_ms"]
    assert result["load_median_ms"] <= result["load_p95_ms"]
    assert result["page_height_px"] > 900  # the case page itself, not the login page
