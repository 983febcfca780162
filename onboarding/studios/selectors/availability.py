"""When a studio is open, taken and free, day by day in its own zone."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from onboarding.studios.models import Booking, BookingStatus, Studio

# Closing at 23:59 means open until midnight.
END_OF_DAY = time(23, 59)


@dataclass
class Interval:
    starts_at: datetime
    ends_at: datetime
    kind: str = "open"
    booking: int | None = None
    reason: str = ""


@dataclass
class Day:
    date: date
    open: list[Interval] = field(default_factory=list)
    busy: list[Interval] = field(default_factory=list)
    free: list[Interval] = field(default_factory=list)


def _subtract(windows: list[Interval], busy: list[Interval]) -> list[Interval]:
    free = []
    for window in windows:
        cursor = window.starts_at
        for taken in sorted(busy, key=lambda b: b.starts_at):
            if taken.ends_at <= cursor or taken.starts_at >= window.ends_at:
                continue
            if taken.starts_at > cursor:
                free.append(Interval(cursor, taken.starts_at, "free"))
            cursor = max(cursor, taken.ends_at)
        if cursor < window.ends_at:
            free.append(Interval(cursor, window.ends_at, "free"))
    return free


def availability(*, studio: Studio, first: date, last: date) -> list[Day]:
    """Per local day: opening windows, what takes the studio (with buffers), and the gaps.

    A show of length L fits a free gap when L plus the setup and teardown buffers fits it.
    Times come in the studio's zone.
    """
    tz = ZoneInfo(studio.timezone)
    span_start = datetime.combine(first, time(0), tzinfo=tz)
    span_end = datetime.combine(last + timedelta(days=1), time(0), tzinfo=tz)
    hours = list(studio.opening_hours.all())
    taken = [
        Interval(
            b.buffered_start.astimezone(tz), b.buffered_end.astimezone(tz), b.kind, booking=b.pk
        )
        for b in Booking.objects.filter(
            studio=studio,
            status=BookingStatus.CONFIRMED,
            buffered_start__lt=span_end,
            buffered_end__gt=span_start,
        ).order_by("buffered_start")
    ] + [
        Interval(b.starts_at.astimezone(tz), b.ends_at.astimezone(tz), "blackout", reason=b.reason)
        for b in studio.blackouts.filter(starts_at__lt=span_end, ends_at__gt=span_start)
    ]
    days = []
    for offset in range((last - first).days + 1):
        day = first + timedelta(days=offset)
        day_start = datetime.combine(day, time(0), tzinfo=tz)
        day_end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz)
        windows = [
            Interval(
                datetime.combine(day, h.opens, tzinfo=tz),
                day_end if h.closes >= END_OF_DAY else datetime.combine(day, h.closes, tzinfo=tz),
            )
            for h in hours
            if h.weekday == day.weekday() and studio.active
        ]
        busy = [t for t in taken if t.starts_at < day_end and t.ends_at > day_start]
        days.append(Day(day, windows, busy, _subtract(windows, busy)))
    return days
