"""/healthz: whether the database and the broker answer, told within 2 s whatever hangs."""

import logging
import time
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout

from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from kombu import Connection

logger = logging.getLogger(__name__)

# What each check may take; both run at once, and whatever has not answered by DEADLINE is down.
CHECK_TIMEOUT = 1.0
DEADLINE = 1.3

# A check stuck on a frozen server (its socket open, nothing coming back) holds its thread until
# the server wakes; a small pool per check bounds how many can pile up, and a full pool reads
# as down. Separate pools, so that a hanging database never starves the broker's check.
_pools = {
    "database": ThreadPoolExecutor(max_workers=2, thread_name_prefix="healthz-database"),
    "broker": ThreadPoolExecutor(max_workers=2, thread_name_prefix="healthz-broker"),
}


def database_ok(database=connection) -> bool:
    """Whether a fresh connection to `database`'s server runs a query, with short timeouts.

    A raw connection of its own, not the request's: one left waiting on a frozen server is
    thrown away rather than handed back to a request.
    """
    try:
        params = database.get_connection_params()
        # psycopg waits at least 2 s to connect whatever it is told; DEADLINE bounds the check.
        params["connect_timeout"] = 2
        timeout_ms = int(CHECK_TIMEOUT * 1000)
        params["options"] = f"{params.get('options', '')} -c statement_timeout={timeout_ms}".strip()
        probe = database.get_new_connection(params)
        try:
            probe.execute("SELECT 1")
        finally:
            probe.close()
        return True
    except Exception as exc:
        logger.warning("healthz: the database does not answer (%s)", exc)
        return False


def broker_ok() -> bool:
    """Whether the broker takes a connection and answers a PING, with short socket timeouts."""
    transport_options = {
        **settings.CELERY_BROKER_TRANSPORT_OPTIONS,
        "socket_connect_timeout": CHECK_TIMEOUT,
        "socket_timeout": CHECK_TIMEOUT,
    }
    try:
        with Connection(
            settings.CELERY_BROKER_URL,
            connect_timeout=CHECK_TIMEOUT,
            transport_options=transport_options,
        ) as broker:
            # One attempt: kombu's retries sleep 2 s before the second.
            broker.ensure_connection(max_retries=0)
        return True
    except Exception as exc:
        logger.warning("healthz: the broker does not answer (%s)", exc)
        return False


def checks_run(checks: dict) -> dict[str, bool]:
    """Run the named checks at once; a check that has not answered by DEADLINE is down."""
    deadline = time.monotonic() + DEADLINE
    futures = {name: _pools[name].submit(check) for name, check in checks.items()}
    results = {}
    for name, future in futures.items():
        try:
            # Each wait is bounded by what is left of the one deadline.
            results[name] = future.result(timeout=max(0.0, deadline - time.monotonic()))
        except FutureTimeout:
            # Still queued behind stuck checks, it need not run at all.
            future.cancel()
            logger.warning("healthz: the %s check did not answer within %.1fs", name, DEADLINE)
            results[name] = False
    return results


@never_cache
def healthz(request):
    """200 when the database and the broker both answer, 503 naming what is down."""
    checks = checks_run({"database": database_ok, "broker": broker_ok})
    body = {name: "ok" if ok else "down" for name, ok in checks.items()}
    body["status"] = "ok" if all(checks.values()) else "down"
    return JsonResponse(body, status=200 if all(checks.values()) else 503)
