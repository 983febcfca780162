"""The capacity view: studio hours each day against the hours CEOs committed to. Plain data.

Per day of the campaign's sales window (days counted in the campaign's zone):

- available: every studio's opening hours (in the studio's zone) less its blackouts, capped
  by its crews (one crew works `crew_shift` hours a day at most);
- committed: for every CEO, weekly commitment x show length, spread evenly over the days of
  the week they said they are available (in their own zone), so a CEO who promised three
  two-hour shows and is free on Tuesday, Thursday and Saturday adds two hours to each;
- a crunch day: committed above available (`over`), or above `crunch_share` of it.

The what-if (`WhatIf`) recomputes it with one more studio like a chosen one, every opening
window N hours longer (to midnight at most), or `crews` crews a studio.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from .grid import days, local_windows
from .types import Ceo, Range, Studio

HOUR = timedelta(hours=1)
# A window written to close at 23:59 stays open to midnight (as the booking checks read it).
END_OF_DAY = time(23, 59)
# The copy of a studio in the what-if has this id: no real studio has it.
EXTRA_STUDIO = -1


@dataclass(frozen=True)
class WhatIf:
    extra_studio: int | None = None  # the id of a studio to add one more of
    longer_hours: int = 0  # hours added to the end of every opening window
    crews: int = 1  # crews working each studio

    @property
    def is_baseline(self) -> bool:
        return self.extra_studio is None and self.longer_hours == 0 and self.crews == 1


@dataclass(frozen=True)
class CapacityDay:
    day: date
    available_hours: float
    committed_hours: float
    over: bool  # committed more than the studios can hold
    crunch: bool  # over, or past the crunch share

    @property
    def share(self) -> float | None:
        if self.available_hours == 0:
            return None
        return self.committed_hours / self.available_hours


@dataclass(frozen=True)
class Capacity:
    days: tuple[CapacityDay, ...]
    studios: int  # counted, the what-if's extra one included
    ceos: int  # with availability, so spread over days
    ceos_without_availability: int  # committed but said no day: not counted on any day

    @property
    def available_hours(self) -> float:
        return round(sum(d.available_hours for d in self.days), 1)

    @property
    def committed_hours(self) -> float:
        return round(sum(d.committed_hours for d in self.days), 1)

    @property
    def crunch_days(self) -> int:
        return sum(1 for d in self.days if d.crunch)


def _opening(studio: Studio, first: date, last: date, longer: timedelta) -> list[Range]:
    """The studio's open ranges, made longer by `longer` (to its local midnight at most)."""
    tz = ZoneInfo(studio.zone)
    ranges = []
    for day, window in local_windows(studio.opening, studio.zone, first, last):
        midnight = datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz)
        end = window.end
        if end.astimezone(tz).time().replace(tzinfo=None) >= END_OF_DAY:
            end = midnight
        ranges.append(Range(window.start, min(end + longer, midnight)))
    merged: list[Range] = []
    for r in sorted(ranges):
        if merged and r.start <= merged[-1].end:
            merged[-1] = Range(merged[-1].start, max(merged[-1].end, r.end))
        else:
            merged.append(r)
    return merged


def _less(ranges: list[Range], holes: tuple[Range, ...]) -> list[Range]:
    free = []
    for r in ranges:
        cursor = r.start
        for hole in sorted(holes):
            if hole.end <= cursor or hole.start >= r.end:
                continue
            if hole.start > cursor:
                free.append(Range(cursor, hole.start))
            cursor = max(cursor, hole.end)
        if cursor < r.end:
            free.append(Range(cursor, r.end))
    return free


def _by_day(ranges: list[Range], zone: ZoneInfo, first: date, last: date) -> dict[date, float]:
    """Hours of the ranges falling on each local day of `zone` from first to last."""
    hours: dict[date, float] = defaultdict(float)
    for r in ranges:
        cursor = r.start
        while cursor < r.end:
            local_day = cursor.astimezone(zone).date()
            next_midnight = datetime.combine(local_day + timedelta(days=1), time(0), tzinfo=zone)
            piece_end = min(r.end, next_midnight)
            if first <= local_day <= last:
                hours[local_day] += (piece_end - cursor) / HOUR
            cursor = piece_end
    return hours


def _studio_hours(
    studios: tuple[Studio, ...], zone: ZoneInfo, first: date, last: date, what_if: WhatIf, shift
):
    total: dict[date, float] = defaultdict(float)
    longer = timedelta(hours=what_if.longer_hours)
    cap = what_if.crews * shift / HOUR
    for studio in studios:
        opening = _opening(studio, first - timedelta(days=1), last + timedelta(days=1), longer)
        for day, hours in _by_day(_less(opening, studio.blackouts), zone, first, last).items():
            total[day] += min(hours, cap)
    return total


def _committed(
    ceos: tuple[Ceo, ...], zone: ZoneInfo, first: date, last: date, show_length: timedelta
) -> tuple[dict[date, float], int, int]:
    total: dict[date, float] = defaultdict(float)
    counted = without = 0
    for ceo in ceos:
        weekdays = {w.weekday for w in ceo.availability if w.end > w.start}
        if ceo.weekly_commitment <= 0:
            continue
        if not weekdays:
            without += 1
            continue
        counted += 1
        per_day = ceo.weekly_commitment * (show_length / HOUR) / len(weekdays)
        # The days (in the campaign's zone) on which one of the CEO's windows begins.
        free_on = {
            window.start.astimezone(zone).date()
            for _day, window in local_windows(
                ceo.availability, ceo.zone, first - timedelta(days=1), last + timedelta(days=1)
            )
        }
        for day in free_on:
            if first <= day <= last:
                total[day] += per_day
    return total, counted, without


def capacity(
    *,
    studios: tuple[Studio, ...],
    ceos: tuple[Ceo, ...],
    first_day: date,
    last_day: date,
    zone: str,
    show_length: timedelta = timedelta(hours=2),
    crunch_share: float = 0.85,
    crew_shift: timedelta = timedelta(hours=8),
    what_if: WhatIf = WhatIf(),  # noqa: B008 (frozen, so one shared default is safe)
) -> Capacity:
    """Studio hours against committed hours per day, with the crunch days marked."""
    tz = ZoneInfo(zone)
    counted = list(studios)
    if what_if.extra_studio is not None:
        model = next((s for s in studios if s.id == what_if.extra_studio), None)
        if model is None:
            raise ValueError(f"no studio {what_if.extra_studio} to add one more of")
        counted.append(replace(model, id=EXTRA_STUDIO))
    available = _studio_hours(tuple(counted), tz, first_day, last_day, what_if, crew_shift)
    committed, with_days, without = _committed(ceos, tz, first_day, last_day, show_length)
    rows = []
    for day in days(first_day, last_day):
        have, want = round(available[day], 1), round(committed[day], 1)
        over = want > have
        rows.append(
            CapacityDay(
                day=day,
                available_hours=have,
                committed_hours=want,
                over=over,
                crunch=over or (want > 0 and want > crunch_share * have),
            )
        )
    return Capacity(
        days=tuple(rows),
        studios=len(counted),
        ceos=with_days,
        ceos_without_availability=without,
    )
