"""Every page `make bench` measures answers with the same number of SQL queries on a
small and on a five times larger data set (issue 6: "a constant number of queries").
The pages and the users/objects they are asked for come from bench/pages.py, so a page
added there is checked here too."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch

from bench.pages import PAGES, Subjects
from bench.runner import _client

pytestmark = pytest.mark.django_db


def _counts(subjects: Subjects) -> dict[str, tuple[int, int]]:
    """(status, queries) per page, asked once to warm up and once counted."""
    clients = {role: _client(user) for role, user in subjects.users.items()}
    result = {}
    for page in PAGES:
        try:
            path = page.build(subjects)
        except NoReverseMatch:
            continue
        client = clients[page.user]
        client.get(path)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        result[page.name] = (response.status_code, len(captured.captured_queries))
    return result


def test_every_measured_page_needs_the_same_number_of_queries_with_five_times_the_data() -> None:
    call_command("seed_scale", factor=0.3, seed=11, verbosity=0)
    subjects = Subjects.find()  # the same users and case before and after
    small = _counts(subjects)
    call_command("seed_scale", factor=1.5, seed=12, verbosity=0)
    large = _counts(subjects)
    assert small, "no page of bench/pages.py resolves"
    broken = {name: status for name, (status, _n) in large.items() if status != 200}
    assert not broken, f"pages that do not answer 200: {broken}"
    grown = {name: (small[name][1], n) for name, (_s, n) in large.items() if small[name][1] != n}
    assert not grown, f"query counts that change with the data (small, large): {grown}"
