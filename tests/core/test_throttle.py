"""The rate limits count in sliding windows on Redis: exact under a burst, O(1) whatever the
rate, a refused request taking its count back, and a Retry-After that is the truth."""

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
    # Three in this hour: the next is allowed once a third of the next hour has gone by, when
    # two thirds of this hour's three still weigh in (2 + 1 <= 3): 45 + 20 minutes from here.
    wait = refusals[-1][1]
    assert wait == pytest.approx(65 * 60)
    with time_machine.travel(START + timedelta(minutes=15, seconds=wait - 5), tick=False):
        assert _attempt()[0] is False
    with time_machine.travel(START + timedelta(minutes=15, seconds=wait + 1), tick=False):
        assert _attempt()[0] is True


def test_the_count_is_one_number_whatever_the_rate(rate):
    rate("1000000/minute")
    with time_machine.travel(START, tick=False):
        for _ in range(50):
            assert _attempt()[0] is True
        client = cache._cache.get_client(write=True)
        keys = list(client.scan_iter(match=f"{cache.key_prefix}:*application_submit*"))

    assert len(keys) == 1
    assert int(client.get(keys[0])) == 50
