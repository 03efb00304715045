from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _fresh_rate_limits(empty_cache: None) -> None:
    """Rate limits live in the cache: no test may inherit or leave another's counts."""
