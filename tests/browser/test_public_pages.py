from __future__ import annotations

import pytest

from tests.browser.conftest import axe_check, screenshot, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_start_page_has_no_accessibility_violations(page, live_server) -> None:
    visit(page, live_server, "/")
    axe_check(page)
    screenshot(page, "public-home")
