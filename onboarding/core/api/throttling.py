"""Rate limits that never fail or stall a request because their store (Redis) is away.

Each limit is kept as one timestamp per client (GCRA, the generic cell rate algorithm): a rate
of N per period lets N requests through at once, then one each period/N, and a refused request
is told exactly when the next would pass. DRF's own throttle keeps every request's time in one
cached list instead, read and written whole on each request: a cost that grows with the rate
(thousands of entries for a busy address), and two requests at once both pass on the same list
(12 of a burst of 20 went through a limit of 5). Here a request is one atomic script on Redis
(one round trip), and a refused request changes nothing.

The counters live in the default cache, shared by every web process. When it cannot be reached
(Redis paused, dead, or slow past the cache's socket timeout), a throttle counts in this process
instead, logs a warning, and leaves the store alone for `STORE_RETRY_AFTER` seconds, so that
only one request in that time waits for the timeout. The local count is per process: with N
web processes a client may get up to N times its rate while Redis is away, never a 500.
"""

import logging
import threading
import time
from typing import Any

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, caches
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


# KEYS[1]: the client's theoretical arrival time; ARGV: now, the interval between requests (the
# period over the rate), the period. Answers how long to wait (as text: Lua numbers are cut to
# integers on the way out), "0" when the request passes, which moves the time on by one interval.
_GCRA = """
local now, interval, period = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local tat = math.max(tonumber(redis.call('GET', KEYS[1]) or now), now)
local wait = tat + interval - period - now
if wait > 0 then return tostring(wait) end
redis.call('SET', KEYS[1], tostring(tat + interval), 'PX', math.ceil((tat + interval - now) * 1000))
return '0'
"""
_gcra_script: Any = None  # registered once; each call names the client it runs on


def _gcra(cache: BaseCache, key: str, now: float, interval: float, period: int) -> float:
    """How long to wait before this request would pass; 0.0 when it passes (and is counted)."""
    if isinstance(cache, RedisCache):
        global _gcra_script
        client = cache._cache.get_client(write=True)
        if _gcra_script is None:
            _gcra_script = client.register_script(_GCRA)
        key = cache.make_and_validate_key(key)
        return float(
            _gcra_script(keys=[key], args=[repr(now), repr(interval), period], client=client)
        )
    with _lock:
        arrival = max(cache.get(key, now), now)
        wait = arrival + interval - period - now
        if wait > 0:
            return wait
        cache.set(key, arrival + interval, timeout=arrival + interval - now)
        return 0.0


class ScopedRateThrottle(throttling.ScopedRateThrottle):
    """DRF's scoped throttle (its scopes, rates and keys) kept by GCRA, on the shared cache when
    it answers and on a local count if not."""

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
                # The backend itself: `django.core.cache.cache`, DRF's default, is a proxy.
                return self._allow(caches[DEFAULT_CACHE_ALIAS])
            except STORE_ERRORS as exc:
                _store_failed(store, exc)
        self.cache = _local_counts
        return self._allow(self.cache)

    def _allow(self, cache: BaseCache) -> bool:
        self.now = self.timer()
        if self.limit < 1:
            self.retry = float(self.window)
            return False
        self.retry = _gcra(cache, self.key, self.now, self.window / self.limit, self.window)
        return self.retry == 0.0

    def wait(self) -> float | None:
        """Seconds until one more request would pass, if no other comes meanwhile."""
        return self.retry
