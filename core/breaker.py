"""A small circuit breaker: after a service failed, stop asking it for a while.

A hung Redis accepts connections and answers nothing, so every call waits for its
socket timeout. The cache (core/cache.py) and the task publisher
(core/publish.py) each pay that once and then skip Redis for `seconds`."""

from __future__ import annotations

import threading
import time


class CircuitBreaker:
    """Open (skip the service) for `seconds` after a failure. One per Redis address and
    process: Django gives each thread its own cache object, the breaker is shared."""

    _all: dict[str, CircuitBreaker] = {}
    _lock = threading.Lock()

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.open_until = 0.0

    @classmethod
    def for_key(cls, key: str, seconds: float) -> CircuitBreaker:
        with cls._lock:
            breaker = cls._all.setdefault(key, cls(seconds))
            breaker.seconds = seconds
            return breaker

    @property
    def is_open(self) -> bool:
        return time.monotonic() < self.open_until

    def trip(self) -> None:
        self.open_until = time.monotonic() + self.seconds

    def reset(self) -> None:
        self.open_until = 0.0

    @classmethod
    def reset_all(cls) -> None:
        """Every breaker closed (the tests start each from a working broker and cache)."""
        with cls._lock:
            cls._all.clear()
