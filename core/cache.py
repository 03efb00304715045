"""Django's Redis cache, but a Redis outage degrades instead of failing every request.

Sessions (`cached_db`) and allauth's rate limits read the cache on nearly every page.
With the stock backend a stopped Redis turns each of those pages into a 500. Here a
failed read is a miss and a failed write is dropped, each logged as a warning; the
database stays the source of truth. Rate limits are therefore not enforced while
Redis is down (logged as `cache unavailable`), which README.md states.

A hung Redis (accepting connections, answering nothing) is worse than a stopped one:
every call waits for the socket timeout. So the first failure opens a circuit breaker
for the whole process: for `breaker_seconds` (OPTIONS, default 30) every call answers
its fallback at once without asking Redis, and one page costs at most one timeout.
After that the next call asks Redis again and closes the breaker when it answers.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from .breaker import CircuitBreaker

logger = logging.getLogger("core.cache")
OUTAGE = (RedisConnectionError, RedisTimeoutError, OSError)
DEFAULT_BREAKER_SECONDS = 30.0


class CacheUnavailable(Exception):
    """Raised by incr/decr during an outage: a counter has no honest fallback value,
    the caller decides (spam.rate_limit_hit lets the request through)."""


class ResilientRedisCache(RedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        options = dict(params.get("OPTIONS") or {})
        seconds = float(options.pop("breaker_seconds", DEFAULT_BREAKER_SECONDS))
        super().__init__(server, {**params, "OPTIONS": options})
        self.breaker = CircuitBreaker.for_key(str(server), seconds)

    def _degrade[T](self, call: Callable[[], T], fallback: T, op: str) -> T:
        if self.breaker.is_open:
            return fallback
        try:
            result = call()
        except OUTAGE as exc:
            self.breaker.trip()
            logger.warning(
                "cache unavailable",
                extra={"cache_op": op, "error": type(exc).__name__, "breaker_seconds": self.breaker.seconds},
            )
            return fallback
        self.breaker.reset()
        return result

    def _counter(self, call: Callable[[], int], op: str) -> int:
        sentinel = object()
        result = self._degrade(call, sentinel, op)
        if result is sentinel:
            raise CacheUnavailable(op)
        return result  # type: ignore[return-value]

    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        return self._degrade(
            lambda: super(ResilientRedisCache, self).get(key, default, version), default, "get"
        )

    def get_many(self, keys: Any, version: int | None = None) -> dict[Any, Any]:
        return self._degrade(lambda: super(ResilientRedisCache, self).get_many(keys, version), {}, "get_many")

    def has_key(self, key: Any, version: int | None = None) -> bool:
        return self._degrade(lambda: super(ResilientRedisCache, self).has_key(key, version), False, "has_key")

    def set(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> None:
        self._degrade(lambda: super(ResilientRedisCache, self).set(key, value, timeout, version), None, "set")

    def add(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        # True: a lock taken while Redis is down must not block its caller for seconds.
        return self._degrade(
            lambda: super(ResilientRedisCache, self).add(key, value, timeout, version), True, "add"
        )

    def set_many(self, data: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> list[Any]:
        return self._degrade(
            lambda: super(ResilientRedisCache, self).set_many(data, timeout, version), [], "set_many"
        )

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        return self._degrade(
            lambda: super(ResilientRedisCache, self).touch(key, timeout, version), False, "touch"
        )

    def delete(self, key: Any, version: int | None = None) -> bool:
        return self._degrade(lambda: super(ResilientRedisCache, self).delete(key, version), False, "delete")

    def delete_many(self, keys: Any, version: int | None = None) -> None:
        self._degrade(
            lambda: super(ResilientRedisCache, self).delete_many(keys, version), None, "delete_many"
        )

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        return self._counter(lambda: super(ResilientRedisCache, self).incr(key, delta, version), "incr")

    def decr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        return self._counter(lambda: super(ResilientRedisCache, self).decr(key, delta, version), "decr")


def state_key(prefix: str, *read_under: object) -> str:
    """The cache key of something read under `read_under` (a data state, a date, a
    filter): the prefix says what it is, the rest is hashed, so a key of any state stays
    short and a new state is a new key. One place for the savings on the start page,
    the map's counts, the API's first-seen times and the statistics' years."""
    joined = "|".join(str(part) for part in read_under)
    return f"{prefix}:{hashlib.sha256(joined.encode()).hexdigest()[:40]}"
