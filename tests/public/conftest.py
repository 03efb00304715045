from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> Iterator[None]:
    """Rate limits live in the cache: no test may inherit or leave another's counts."""
    cache.clear()
    yield
    cache.clear()
