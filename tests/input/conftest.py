"""The back-office fixtures (staff with TOTP, the small case file) for the input tests."""

from tests.backoffice.conftest import _require_2fa, administrator, adviser, demo_file  # noqa: F401
