"""Rate limits that never fail or stall a request because their store (Redis) is away.

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
from django.core.cache.backends.locmem import LocMemCache
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


class ScopedRateThrottle(throttling.ScopedRateThrottle):
    """DRF's scoped throttle, on the shared cache when it answers and on a local count if not."""

    def allow_request(self, request, view) -> bool:
        store = _store()
        if _store_usable(store):
            try:
                return super().allow_request(request, view)
            except STORE_ERRORS as exc:
                _store_failed(store, exc)
        self.cache = _local_counts
        return super().allow_request(request, view)
