"""What the test packages share: an API client signed in as someone, and a race of threads.

(Fast password hashing for the whole suite is the autouse fixture in tests/conftest.py.)
"""

import threading
from collections.abc import Callable
from typing import Any

from django.db import connection
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient


def client_for(user) -> APIClient:
    """An API client that sends `user`'s token; `client.user` is who it is."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    client.user = user
    return client


def race(*calls: Callable[[], Any]) -> list[Any]:
    """Run the calls in threads released together, each on its own database connection.

    Each place of the result holds what its call returned or the exception it raised: a
    refusal (or a deadlock) is the outcome a race test reads.
    """
    barrier = threading.Barrier(len(calls))
    outcomes: list[Any] = [None] * len(calls)

    def run(index: int, call: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=30)
            outcomes[index] = call()
        except Exception as exc:
            outcomes[index] = exc
        finally:
            # Each thread opened its own connection; leave none behind for the flush.
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes
