"""The slot grid: every place and time a show could go, before anyone is put in it.

Each studio's opening windows, less its blackouts and existing bookings (with buffers), are
cut into back-to-back blocks of setup + show + teardown from the start of each free stretch.
A slot is *staffed* when at least one crew member and one kit set could take it on their own
(allowed at the studio, on shift, not in an existing booking); whether two slots in two
studios compete for the same person is settled later, in the repair step.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from .types import Crew, PlanInput, Range, Studio, WeeklyWindow

DAY = timedelta(days=1)


@dataclass(frozen=True)
class Slot:
    index: int
    studio: int
    zone: str
    show: Range
    taken: Range  # the show with its setup and teardown
    crew: tuple[int, ...]  # who could take it alone, most specialised first
    kits: tuple[int, ...]
    staffed: bool


def days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def local_windows(windows: tuple[WeeklyWindow, ...], zone: str, first: date, last: date):
    """Each weekly window as an absolute Range on every local day from first to last."""
    tz = ZoneInfo(zone)
    by_day = defaultdict(list)
    for w in windows:
        by_day[w.weekday].append(w)
    for day in days(first, last):
        for w in sorted(by_day.get(day.weekday(), ())):
            start = datetime.combine(day, w.start, tzinfo=tz)
            end = datetime.combine(day, w.end, tzinfo=tz)
            if end > start:
                yield day, Range(start, end)


def _subtract(stretch: Range, holes: list[Range]) -> list[Range]:
    free, cursor = [], stretch.start
    for hole in sorted(holes):
        if hole.end <= cursor or hole.start >= stretch.end:
            continue
        if hole.start > cursor:
            free.append(Range(cursor, hole.start))
        cursor = max(cursor, hole.end)
    if cursor < stretch.end:
        free.append(Range(cursor, stretch.end))
    return free


def _free_of(pool: Crew, taken: Range, busy: dict[int, list[Range]]) -> bool:
    if pool.available is not None and not any(r.covers(taken) for r in pool.available):
        return False
    return not any(b.overlaps(taken) for b in busy.get(pool.id, ()))


def studio_block(studio: Studio, show: Range) -> Range:
    return Range(show.start - studio.setup, show.end + studio.teardown)


def build_slots(plan: PlanInput) -> list[Slot]:
    studios = {s.id: s for s in plan.studios}
    plan_tz = ZoneInfo(plan.zone)
    busy_studio: dict[int, list[Range]] = defaultdict(list)
    busy_crew: dict[int, list[Range]] = defaultdict(list)
    busy_kit: dict[int, list[Range]] = defaultdict(list)
    for b in plan.existing:
        block = studio_block(studios[b.studio], b.show) if b.studio in studios else b.show
        busy_studio[b.studio].append(block)
        if b.crew is not None:
            busy_crew[b.crew].append(block)
        if b.kit is not None:
            busy_kit[b.kit].append(block)
    # Most specialised first: a crew member who can work in one studio only is used there
    # before one who could cover for another studio.
    crew_order = sorted(plan.crew, key=lambda c: (len(c.studios), c.id))
    kit_order = sorted(plan.kits, key=lambda c: (len(c.studios), c.id))
    slots: list[Slot] = []
    for studio in sorted(plan.studios, key=lambda s: s.id):
        span = studio.setup + plan.show_length + studio.teardown
        holes = list(studio.blackouts) + busy_studio.get(studio.id, [])
        windows = local_windows(
            studio.opening, studio.zone, plan.first_day - DAY, plan.last_day + DAY
        )
        for _day, window in windows:
            for stretch in _subtract(window, holes):
                t = stretch.start
                while t + span <= stretch.end:
                    taken = Range(t, t + span)
                    show = Range(t + studio.setup, t + studio.setup + plan.show_length)
                    t += span
                    if not plan.first_day <= show.start.astimezone(plan_tz).date() <= plan.last_day:
                        continue
                    crew = tuple(
                        c.id
                        for c in crew_order
                        if studio.id in c.studios and _free_of(c, taken, busy_crew)
                    )
                    kits = tuple(
                        k.id
                        for k in kit_order
                        if studio.id in k.studios and _free_of(k, taken, busy_kit)
                    )
                    staffed = (bool(crew) or not plan.needs_crew) and (
                        bool(kits) or not plan.needs_kit
                    )
                    slots.append(
                        Slot(len(slots), studio.id, studio.zone, show, taken, crew, kits, staffed)
                    )
    return slots
