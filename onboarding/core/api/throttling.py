"""Rate limits that never fail or stall a request because their store (Redis) is away.

Each limit is a sliding-window counter: a count per window of the rate's length, and the
previous window's count weighted by how much of it still overlaps the last `duration` seconds.
DRF's own throttle keeps every request's time in one cached list instead, read and written whole
on each request: a cost that grows with the rate (thousands of entries for a busy address) and
lets two requests at once both pass on the same count. Here a request costs one round trip (get
the previous count, INCR the current one, set its expiry, pipelined), is counted atomically, and
a refused request takes its count back.

The counters live in the default cache, shared by every web process. When it cannot be reached
(Redis paused, dead, or slow past the cache's socket timeout), a throttle counts in this process
instead, logs a warning, and leaves the store alone for `STORE_RETRY_AFTER` seconds, so that
only one request in that time waits for the timeout. The local count is per process: with N
web processes a client may get up to N times its rate while Redis is away, never a 500.
"""

import logging
import threading
import time

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS
from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError
from rest_framework import throttling

logger = logging.getLogger(__name__)

STORE_RETRY_AFTER = 15.0

# Errors of a store out of reach: redis-py's own, and the socket's.
STORE_ERRORS = (RedisError, OSError)

_local_counts = LocMemCache("onboarding-throttle-fallback", {"MAX_ENTRIES": 10_000})
_lock = threading.Lock()
# By the store's address: settings pointed at another store start with a clean slate.
_store_down_until: dict[str, float] = {}


def store_reset() -> None:
    """Forget that any store was seen down, and the local counts (tests, a new Redis)."""
    with _lock:
        _store_down_until.clear()
    _local_counts.clear()


def _store() -> str:
    return str(settings.CACHES.get(DEFAULT_CACHE_ALIAS, {}).get("LOCATION", ""))


def _store_usable(store: str) -> bool:
    return time.monotonic() >= _store_down_until.get(store, 0.0)


def _store_failed(store: str, exc: Exception) -> None:
    with _lock:
        already_down = not _store_usable(store)
        _store_down_until[store] = time.monotonic() + STORE_RETRY_AFTER
    if not already_down:
        logger.warning(
            "rate-limit store unreachable (%s: %s); counting in this process for %.0fs",
            type(exc).__name__,
            exc,
            STORE_RETRY_AFTER,
        )


def _counts(cache: BaseCache, previous: str, current: str, timeout: int) -> tuple[int, int]:
    """Count a request in the current window: (the previous window's count, the current's)."""
    if isinstance(cache, RedisCache):
        client = cache._cache.get_client(write=True)
        pipe = client.pipeline(transaction=False)
        pipe.get(cache.make_and_validate_key(previous))
        pipe.incr(cache.make_and_validate_key(current))
        pipe.expire(cache.make_and_validate_key(current), timeout)
        before, now, _ = pipe.execute()
        return int(before or 0), int(now)
    cache.add(current, 0, timeout)
    return int(cache.get(previous) or 0), cache.incr(current)


def _uncount(cache: BaseCache, current: str) -> None:
    if isinstance(cache, RedisCache):
        cache._cache.get_client(write=True).decr(cache.make_and_validate_key(current))
    else:
        cache.decr(current)


class ScopedRateThrottle(throttling.ScopedRateThrottle):
    """DRF's scoped throttle (its scopes, rates and keys) counting in sliding windows, on the
    shared cache when it answers and on a local count if not."""

    def allow_request(self, request, view) -> bool:
        self.scope = getattr(view, self.scope_attr, None)
        if not self.scope:
            return True
        self.rate = self.get_rate()
        limit, duration = self.parse_rate(self.rate)
        if limit is None or duration is None:
            return True
        self.num_requests, self.duration = self.limit, self.window = limit, duration
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        store = _store()
        if _store_usable(store):
            try:
                return self._allow(self.cache)
            except STORE_ERRORS as exc:
                _store_failed(store, exc)
        self.cache = _local_counts
        return self._allow(self.cache)

    def _allow(self, cache: BaseCache) -> bool:
        self.now = self.timer()
        window, into = divmod(self.now, self.window)
        self.elapsed = into / self.window
        current = f"{self.key}:{int(window)}"
        self.previous, self.current = _counts(
            cache, f"{self.key}:{int(window) - 1}", current, 2 * self.window
        )
        if self.previous * (1 - self.elapsed) + self.current <= self.limit:
            return True
        _uncount(cache, current)
        self.current -= 1
        return False

    def wait(self) -> float | None:
        """Seconds until one more request would pass, if no other comes meanwhile."""
        limit, previous, current = self.limit, self.previous, self.current
        if limit < 1:
            return None
        # Later in this window, once enough of the previous one has slid out.
        if previous and current + 1 <= limit:
            needed = 1 - (limit - current - 1) / previous
            if needed < 1:
                return max(needed - self.elapsed, 0.0) * self.window
        # In the next window, where this one's count is the one sliding out.
        needed = 1 - (limit - 1) / current if current else 0.0
        return (1 - self.elapsed + max(needed, 0.0)) * self.window
