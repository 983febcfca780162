"""The rate limits (GCRA on Redis): exact under a burst, one value a client whatever the rate,
a refused request changing nothing, and a Retry-After that is the truth."""

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
import time_machine
from django.core.cache import cache
from rest_framework.test import APIRequestFactory

from onboarding.core.api.throttling import ScopedRateThrottle
from tests.helpers import race

START = datetime(2027, 5, 20, 10, 0, 0, tzinfo=UTC)  # the start of an hour's window
VIEW = SimpleNamespace(throttle_scope="application_submit")


@pytest.fixture
def rate(monkeypatch):
    def set_rate(value: str) -> None:
        rates = {**ScopedRateThrottle.THROTTLE_RATES, "application_submit": value}
        monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", rates)

    return set_rate


def _attempt(address: str = "198.51.100.7") -> tuple[bool, float | None]:
    request = APIRequestFactory().post("/api/v1/applications/", REMOTE_ADDR=address)
    request.user = None
    throttle = ScopedRateThrottle()
    allowed = throttle.allow_request(request, VIEW)
    return allowed, None if allowed else throttle.wait()


def test_a_burst_from_one_address_gets_exactly_its_rate_however_many_arrive_at_once(rate):
    rate("5/hour")

    with time_machine.travel(START + timedelta(minutes=10), tick=False):
        outcomes = race(*[_attempt for _ in range(20)])

    assert sum(allowed for allowed, _ in outcomes) == 5


def test_a_refused_request_is_not_counted_and_is_told_when_to_come_back(rate):
    rate("3/hour")
    with time_machine.travel(START + timedelta(minutes=15), tick=False):
        assert [_attempt()[0] for _ in range(3)] == [True, True, True]
        refusals = [_attempt() for _ in range(5)]
        # Another address has its own count.
        assert _attempt("203.0.113.9")[0] is True

    assert [allowed for allowed, _ in refusals] == [False] * 5
    # Three at once use the hour's allowance; it comes back one request each 20 minutes, and
    # the five refusals did not push that back.
    wait = refusals[-1][1]
    assert wait == pytest.approx(20 * 60)
    with time_machine.travel(START + timedelta(minutes=15, seconds=wait - 5), tick=False):
        assert _attempt()[0] is False
    with time_machine.travel(START + timedelta(minutes=15, seconds=wait + 1), tick=False):
        assert _attempt()[0] is True
        assert _attempt()[0] is False


def test_a_client_is_one_value_whatever_the_rate(rate):
    rate("1000/hour")
    with time_machine.travel(START, tick=False):
        for _ in range(50):
            assert _attempt()[0] is True
        client = cache._cache.get_client(write=True)
        keys = list(client.scan_iter(match=f"{cache.key_prefix}:*application_submit*"))

    assert len(keys) == 1
    # Not 50 entries: the time by which the 50 would have been spread at the rate, 50 × 3.6 s,
    # kept only until then (a key gone is a full allowance).
    assert float(client.get(keys[0])) == pytest.approx(START.timestamp() + 50 * 3.6)
    assert 0 < client.pttl(keys[0]) <= 180_000
