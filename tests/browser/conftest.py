"""Browser tests: Playwright drives Debian's /usr/bin/chromium (never `playwright
install`) against pytest-django's live_server.

Helpers for every browser test (import from tests.browser.conftest):
- ``axe_check(page)``: axe-core (wcag2a, wcag2aa, wcag21a, wcag21aa) must find no
  violation; the report names each failing node.
- ``screenshot(page, name)``: full-page screenshots 320 px and 1280 px wide in
  test-artifacts/<name>-320.png and -1280.png, so a person can look.
- ``login(page, live_server, user)``: a signed-in browser without the login form
  (the login itself has its own browser test).
Fixtures: ``page`` fails the test on any CSP violation or JavaScript error in the
console (pages load under the enforced CSP; axe is injected through the DevTools
protocol, which the CSP does not block).

Mark browser tests with ``pytestmark = pytest.mark.browser``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's event loop vs. the ORM

CHROMIUM = "/usr/bin/chromium"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WIDTHS = (320, 1280)
ARTIFACTS = Path(__file__).resolve().parent.parent.parent / "test-artifacts"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    if not Path(CHROMIUM).exists():
        pytest.skip("/usr/bin/chromium fehlt (apt-get install chromium)")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {
        **browser_context_args,
        "locale": "de-DE",
        "timezone_id": "Europe/Berlin",
        "viewport": {"width": 1280, "height": 900},
    }


# Rate limits (allauth, public forms) of earlier tests in this process would
# answer 429; the reference lists a flush removes come back by themselves
# (core/reference_data.py).
@pytest.fixture(autouse=True)
def _fresh_cache(request: pytest.FixtureRequest) -> None:
    if "live_server" not in request.fixturenames:
        return
    from django.core.cache import cache

    cache.clear()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """A failed browser test leaves the page it was on (HTML and screenshot) in
    test-artifacts/failed-<test>.*, and its URL and error texts in the report."""
    report = yield
    page = getattr(item, "funcargs", {}).get("page")
    if report.when == "call" and report.failed and page is not None:
        name = "".join(c if c.isalnum() else "-" for c in item.name)
        try:
            ARTIFACTS.mkdir(exist_ok=True)
            (ARTIFACTS / f"failed-{name}.html").write_text(page.content())
            page.screenshot(path=str(ARTIFACTS / f"failed-{name}.png"), full_page=True)
            texts = page.locator("[data-error-summary], .kern-error, .kern-alert").all_inner_texts()
            report.sections.append(
                ("Seite beim Fehler", f"{page.url}\n" + "\n".join(" ".join(t.split()) for t in texts))
            )
        except Exception as exc:  # the page may be gone; the original failure matters
            report.sections.append(("Seite beim Fehler", f"nicht lesbar: {exc}"))
    return report


@pytest.fixture
def page(page: Any) -> Iterator[Any]:
    """Playwright's page, failing the test on console errors (CSP violations,
    JavaScript exceptions). 404/429 responses a test provokes are no console errors."""
    problems: list[str] = []

    def on_console(message: Any) -> None:
        text = message.text
        if message.type == "error" and "Failed to load resource" not in text:
            problems.append(text)

    page.on("console", on_console)
    page.on("pageerror", lambda exc: problems.append(f"JavaScript: {exc}"))
    # An upper bound for a page that hangs, not a speed check (speed is `make bench`'s):
    # on a loaded 2-core machine the first request of a fresh live server or a click that
    # waits for a worker's PDF took more than 10 s, and a correct test failed (issue 19).
    page.set_default_timeout(60_000)
    page.set_default_navigation_timeout(60_000)
    yield page
    assert not problems, "Fehler in der Browser-Konsole:\n" + "\n".join(problems)


def axe_check(page: Any) -> None:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page,
        options={"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]},
    )
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


def screenshot(page: Any, name: str) -> list[Path]:
    """Saves `name`-320.png and `name`-1280.png; restores the viewport afterwards."""
    ARTIFACTS.mkdir(exist_ok=True)
    original = page.viewport_size or {"width": 1280, "height": 900}
    paths = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        path = ARTIFACTS / f"{name}-{width}.png"
        page.screenshot(path=str(path), full_page=True)
        paths.append(path)
    page.set_viewport_size(original)
    return paths


def login(page: Any, live_server: Any, user: Any) -> None:
    """Signs `user` in by a session cookie (the session store is shared with live_server)."""
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
    )


def press(page: Any, name: str) -> None:
    """Click the button `name` and wait until the page its form leads to has loaded.
    Playwright's click does not wait for the navigation it starts, and
    wait_for_load_state() alone returns at once for the old page: on a busy machine
    the next step would then act on the page before."""
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("button", name=name, exact=True).click()


def visit(page: Any, live_server: Any, path: str) -> Any:
    """Opens `path` on the live server and checks the answer is not an error page."""
    response = page.goto(live_server.url + path)
    assert response is not None
    assert response.status < 400, f"{path} antwortet {response.status}"
    return response
