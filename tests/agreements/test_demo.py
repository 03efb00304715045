"""The demo's saved keys: deterministic, idempotent, and one proposal of an update."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from agreements import selectors
from agreements.models import CostKey, KeyMethod
from cooperations.models import Cooperation, LegalForm
from demo.seed import cost_keys as demo

pytestmark = pytest.mark.django_db


def test_the_demo_saves_keys_once_and_proposes_one_update(
    make_case: Callable[..., Cooperation], case_kassel: Cooperation
) -> None:
    first = make_case([1000, 2000, 3000], legal_form=LegalForm.PUBLIC_AGREEMENT)
    assert demo.seed() == 3  # two versions on the first case, one on Kassel's
    assert CostKey.objects.filter(cooperation=first).count() == 2
    assert selectors.current_key(first).method == KeyMethod.POPULATION  # type: ignore[union-attr]
    kassel_key = selectors.current_key(case_kassel)
    assert kassel_key is not None
    assert demo.seed() == 0  # nothing twice
    assert CostKey.objects.count() == 3
