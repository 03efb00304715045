"""The settings of `make run`: the project-local PostgreSQL and Redis it starts, mails on the console."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env("SECRET_KEY", default="local-development-key-not-for-production-use-0123456789")
# The local demo lets staff into the back office without a second factor (README).
IKZ_REQUIRE_STAFF_2FA = env.bool("IKZ_REQUIRE_STAFF_2FA", default=False)
