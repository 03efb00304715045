"""The back-office clients of tests/backoffice for the funding pages (staff with TOTP)."""

from __future__ import annotations

import pytest
from django.test import Client

from accounts.models import User
from tests.backoffice.conftest import logged_in, with_totp


@pytest.fixture
def adviser(clara: User) -> Client:
    return logged_in(with_totp(clara))


@pytest.fixture
def budget_adviser(hanna: User) -> Client:
    return logged_in(with_totp(hanna))
