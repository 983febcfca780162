"""Tunables of the outbox, read from Django settings with the defaults below.

Every delay here is a row's `next_attempt_at`, never a broker countdown: a Redis message held
past the visibility timeout would be handed out twice.
"""

from datetime import time, timedelta

from django.conf import settings


def _get(name: str, default):
    return getattr(settings, name, default)


def max_attempts() -> int:
    return int(_get("NOTIFICATIONS_MAX_ATTEMPTS", 5))


def retry_backoff(attempt: int) -> timedelta:
    """30 s, 1 min, 2 min, 4 min ... after the n-th failed attempt, at most an hour."""
    base = float(_get("NOTIFICATIONS_RETRY_BASE_SECONDS", 30))
    return timedelta(seconds=min(base * 2 ** max(attempt - 1, 0), 3600))


def stale_claim() -> timedelta:
    """A `sending` claim older than this belongs to a sender that died.

    It must stay longer than the task's hard time limit (90 s): a live sender is killed by the
    pool before its claim can look stale, so two senders never hold the same row.
    """
    return timedelta(seconds=float(_get("NOTIFICATIONS_STALE_CLAIM_SECONDS", 300)))


def requeue_after() -> timedelta:
    """A row handed to the broker but still pending after this is handed over again."""
    return timedelta(seconds=float(_get("NOTIFICATIONS_REQUEUE_AFTER_SECONDS", 1800)))


def dispatch_batch() -> int:
    return int(_get("NOTIFICATIONS_DISPATCH_BATCH", 500))


def send_chunk() -> int:
    """Ids per send task from the dispatcher (each row is still claimed and recorded on its
    own). 1 is a task per message; 10 costs a tenth of the broker round trips (see
    docs/benchmarks.md, "Notification dispatch"), and a worker that dies part-way leaves the
    rest of its chunk to the stale-claim timeout."""
    return max(int(_get("NOTIFICATIONS_SEND_CHUNK", 10)), 1)


def send_budget() -> float:
    """Seconds a send task may spend on its chunk; well inside the 60 s soft time limit."""
    return float(_get("NOTIFICATIONS_SEND_SECONDS", 30))


def dispatch_budget() -> float:
    """Seconds one dispatcher run may spend handing rows over (the beat interval is 15 s)."""
    return float(_get("NOTIFICATIONS_DISPATCH_SECONDS", 10))


def late_after() -> timedelta:
    """A reminder sent this long after its time says that it is late."""
    return timedelta(seconds=float(_get("NOTIFICATIONS_LATE_AFTER_SECONDS", 900)))


def default_quiet_hours() -> tuple[time, time]:
    start, end = _get("NOTIFICATIONS_QUIET_HOURS", ("22:00", "08:00"))
    return time.fromisoformat(start), time.fromisoformat(end)


def default_timezone() -> str:
    return _get("DISPLAY_TIME_ZONE", "Asia/Shanghai")


def sms_gateway_path() -> str:
    return _get("SMS_GATEWAY", "onboarding.notifications.channels.sms.LoggingSmsGateway")


def webhook_timeout() -> float:
    return float(_get("NOTIFICATIONS_WEBHOOK_TIMEOUT_SECONDS", 10))
