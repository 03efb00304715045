from __future__ import annotations

import pytest

from demo.seed.boundaries import load_demo_boundaries


@pytest.fixture
def boundaries(db: None) -> int:
    """The simplified Hessian boundaries the demo ships (no ../shared needed)."""
    return load_demo_boundaries()


# The browser fixtures of tests/browser (Debian's Chromium, a page that fails on console
# errors, a fresh cache per live-server test) for the map's browser journeys here.
from tests.browser.conftest import (  # noqa: E402, F401
    _fresh_cache,
    browser_context_args,
    browser_type_launch_args,
    page,
)
