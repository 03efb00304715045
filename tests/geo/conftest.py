from __future__ import annotations

import pytest

from geo.demo import load_demo_boundaries


@pytest.fixture
def boundaries(db: None) -> int:
    """The simplified Hessian boundaries the demo ships (no ../shared needed)."""
    return load_demo_boundaries()
