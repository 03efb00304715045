"""Django's Redis cache, but a Redis outage degrades instead of failing every request.

Sessions (`cached_db`) and allauth's rate limits read the cache on nearly every page.
With the stock backend a stopped Redis turns each of those pages into a 500. Here a
failed read is a miss and a failed write is dropped, each logged as a warning; the
database stays the source of truth. Rate limits are therefore not enforced while
Redis is down (logged as `cache unavailable`), which README.md states.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("ikz_portal.cache")
OUTAGE = (RedisConnectionError, RedisTimeoutError, OSError)


def _degrade[T](call: Callable[[], T], fallback: T, op: str) -> T:
    try:
        return call()
    except OUTAGE as exc:
        logger.warning("cache unavailable", extra={"cache_op": op, "error": type(exc).__name__})
        return fallback


class ResilientRedisCache(RedisCache):
    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        return _degrade(lambda: super(ResilientRedisCache, self).get(key, default, version), default, "get")

    def get_many(self, keys: Any, version: int | None = None) -> dict[Any, Any]:
        return _degrade(lambda: super(ResilientRedisCache, self).get_many(keys, version), {}, "get_many")

    def has_key(self, key: Any, version: int | None = None) -> bool:
        return _degrade(lambda: super(ResilientRedisCache, self).has_key(key, version), False, "has_key")

    def set(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> None:
        _degrade(lambda: super(ResilientRedisCache, self).set(key, value, timeout, version), None, "set")

    def add(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        # True: a lock taken while Redis is down must not block its caller for seconds.
        return _degrade(
            lambda: super(ResilientRedisCache, self).add(key, value, timeout, version), True, "add"
        )

    def set_many(self, data: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> list[Any]:
        return _degrade(
            lambda: super(ResilientRedisCache, self).set_many(data, timeout, version), [], "set_many"
        )

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        return _degrade(lambda: super(ResilientRedisCache, self).touch(key, timeout, version), False, "touch")

    def delete(self, key: Any, version: int | None = None) -> bool:
        return _degrade(lambda: super(ResilientRedisCache, self).delete(key, version), False, "delete")

    def delete_many(self, keys: Any, version: int | None = None) -> None:
        _degrade(lambda: super(ResilientRedisCache, self).delete_many(keys, version), None, "delete_many")
