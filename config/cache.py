"""The cache backend of settings.CACHES when Redis is configured: Django's RedisCache, which
falls back to a per-process memory cache while Redis can't be reached.

Everything the pages keep in the cache can be computed again, and the rate limits (allauth's,
the signalements') only need to count: without Redis, both go on in each process's memory,
so a page never answers 500 because Redis is down. After a failure, Redis is left alone for
PAUSE_SECONDS, so that a request waits for at most one short connection timeout (settings:
socket timeouts of the OPTIONS) and the following ones not at all. One warning is logged per
outage; `joignable()` tells /sante/ whether the cache is degraded.
"""

import logging
import threading
import time

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

PAUSE_SECONDS = 5

# Shared by every thread of the process (Django builds one backend object per thread).
_state = {"retry_at": 0.0, "down_since": None}
_lock = threading.Lock()


def _mark_down(error: Exception) -> None:
    with _lock:
        _state["retry_at"] = time.monotonic() + PAUSE_SECONDS
        if _state["down_since"] is None:
            _state["down_since"] = time.monotonic()
            logger.warning("Cache Redis injoignable, cache en mémoire du processus : %s", error)


def _mark_up(secours: LocMemCache) -> None:
    if _state["down_since"] is not None:
        with _lock:
            _state["down_since"] = None
        # What was kept in memory during the outage must not come back at the next one.
        secours.clear()
        logger.warning("Cache Redis de nouveau joignable")


class RedisCacheDeSecours(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        # LocMemCache shares its storage by name: every thread sees the same fallback.
        self._secours = LocMemCache("cache-de-secours", {"TIMEOUT": params.get("TIMEOUT", 300)})

    def _call(self, method: str, *args, **kwargs):
        if time.monotonic() >= _state["retry_at"]:
            try:
                result = getattr(RedisCache, method)(self, *args, **kwargs)
            except RedisError as error:
                _mark_down(error)
            else:
                _mark_up(self._secours)
                return result
        return getattr(self._secours, method)(*args, **kwargs)

    def joignable(self) -> bool:
        """Ask Redis now (for /sante/), whatever the pause."""
        try:
            self._cache.get_client(write=False).ping()
        except RedisError as error:
            _mark_down(error)
            return False
        _mark_up(self._secours)
        return True

    def add(self, *args, **kwargs):
        return self._call("add", *args, **kwargs)

    def get(self, *args, **kwargs):
        return self._call("get", *args, **kwargs)

    def set(self, *args, **kwargs):
        return self._call("set", *args, **kwargs)

    def touch(self, *args, **kwargs):
        return self._call("touch", *args, **kwargs)

    def delete(self, *args, **kwargs):
        return self._call("delete", *args, **kwargs)

    def get_many(self, *args, **kwargs):
        return self._call("get_many", *args, **kwargs)

    def has_key(self, *args, **kwargs):
        return self._call("has_key", *args, **kwargs)

    def incr(self, *args, **kwargs):
        return self._call("incr", *args, **kwargs)

    def set_many(self, *args, **kwargs):
        return self._call("set_many", *args, **kwargs)

    def delete_many(self, *args, **kwargs):
        return self._call("delete_many", *args, **kwargs)

    def clear(self):
        return self._call("clear")
