"""The demo's one "today", and the moments of the programme around it.

Every time in the demo is a day offset from `today` and a wall-clock time in China, so the same
`today` gives the same data. Services read "now" themselves (a booking must start in the future,
attendance is marked once a session started); `travel` sets that "now" with time-machine, so
their rules, audit rows and outbox rows are the real ones, dated when they would have happened.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import time_machine
from django.utils import timezone

ZONE = ZoneInfo("Asia/Shanghai")
T = TypeVar("T")


@dataclass(frozen=True)
class Clock:
    today: date

    @classmethod
    def from_now(cls) -> "Clock":
        """Today in China, read once for the whole load."""
        return cls(timezone.now().astimezone(ZONE).date())

    @property
    def anchor(self) -> datetime:
        """Midnight starting today, China time: everything the demo does happens before it."""
        return self.at(0)

    def day(self, days: int) -> date:
        return self.today + timedelta(days=days)

    def at(self, days: int, hour: int = 0, minute: int = 0) -> datetime:
        return datetime.combine(self.day(days), time(hour, minute), tzinfo=ZONE)


@contextmanager
def travel(when: datetime) -> Iterator[None]:
    # tick=False: every "now" inside is exactly `when`, so timestamps repeat from load to load.
    with time_machine.travel(when, tick=False):
        yield


def call_at(when: datetime, service: Callable[..., T], **kwargs: Any) -> T:
    """Call a service as if it were `when`."""
    with travel(when):
        return service(**kwargs)
