"""The search tests' world (tests/search/world.py)."""

from __future__ import annotations

import pytest

from contacts.models import Municipality
from tests.search.world import build_world


@pytest.fixture
def world(db: None) -> dict[str, Municipality]:
    return build_world()
