import contextlib
import logging
import os
import threading
import time

from celery import Celery
from kombu.exceptions import OperationalError
from redis.exceptions import RedisError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

logger = logging.getLogger(__name__)

# After a publish fails, later ones in this process fail at once for this long rather than each
# wait out the broker's socket timeout. What they carried is safe: outbox rows stay pending for
# the dispatcher (a periodic task), which retries them once the broker is back.
BROKER_RETRY_AFTER = 5.0
BROKER_ERRORS = (OperationalError, RedisError, OSError)

_lock = threading.Lock()
# By broker URL: a test (or a process) pointed at another broker is not held back by this one.
_broker_down_until: dict[str, float] = {}


def broker_reset() -> None:
    """Forget that any broker was seen down (tests, or a broker known to be back)."""
    with _lock:
        _broker_down_until.clear()


def _broker_recently_down(url: str) -> bool:
    return time.monotonic() < _broker_down_until.get(url, 0.0)


def _broker_failed(url: str, exc: Exception) -> None:
    with _lock:
        already_down = _broker_recently_down(url)
        _broker_down_until[url] = time.monotonic() + BROKER_RETRY_AFTER
    if not already_down:
        logger.warning(
            "broker unreachable (%s: %s); publishes fail at once for %.0fs",
            type(exc).__name__,
            exc,
            BROKER_RETRY_AFTER,
        )


class App(Celery):
    """Celery, failing fast for a while after the broker was found away.

    Every publish (`.delay()`, `apply_async`, the outbox's hand-over) takes its producer here.
    A web request publishes after its transaction has committed; it must not then wait out the
    socket timeout again and again for a Redis that is paused or gone.
    """

    @contextlib.contextmanager
    def producer_or_acquire(self, producer=None):
        url = self.conf.broker_write_url or self.conf.broker_url
        if producer is None and _broker_recently_down(url):
            raise OperationalError("the broker was unreachable moments ago; not trying again yet")
        try:
            with super().producer_or_acquire(producer) as acquired:
                yield acquired
        except BROKER_ERRORS as exc:
            _broker_failed(url, exc)
            raise


app = App("onboarding")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
