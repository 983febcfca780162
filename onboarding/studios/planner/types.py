"""The planner's plain data: what goes in (`PlanInput`) and what comes out (`Proposal`).

Times are aware datetimes; a `Range` is half-open [start, end). Opening hours and CEO
availability are weekly local times in the owner's zone (IANA name); blackouts, crew and kit
availability and existing bookings are absolute ranges.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum


@dataclass(frozen=True, order=True)
class Range:
    start: datetime
    end: datetime

    def overlaps(self, other: Range) -> bool:
        return self.start < other.end and other.start < self.end

    def covers(self, other: Range) -> bool:
        return self.start <= other.start and other.end <= self.end


@dataclass(frozen=True, order=True)
class WeeklyWindow:
    """Every week on `weekday` (0 = Monday), from `start` to `end` local time (end after start)."""

    weekday: int
    start: time
    end: time


@dataclass(frozen=True)
class Ceo:
    id: int
    zone: str
    weekly_commitment: int
    availability: tuple[WeeklyWindow, ...]
    trained: bool = True
    # The first day (in the studio's zone) a show may be held: the CEO's samples are there.
    # None: not known to arrive, so no show can be planned.
    samples_on_site: date | None = None
    usual_studio: int | None = None
    usual_city: str | None = None
    # Higher weighs more when studio hours run short (score, attendance, reach: the caller's).
    priority: float = 1.0


@dataclass(frozen=True)
class Crew:
    """A crew member, or a kit set: works at `studios`, free within `available` (None: always)."""

    id: int
    studios: frozenset[int]
    available: tuple[Range, ...] | None = None


@dataclass(frozen=True)
class Studio:
    id: int
    zone: str
    city: str
    opening: tuple[WeeklyWindow, ...]
    blackouts: tuple[Range, ...] = ()
    setup: timedelta = timedelta(minutes=30)
    teardown: timedelta = timedelta(minutes=30)


@dataclass(frozen=True)
class Booking:
    """A booking that exists already: it stays where it is and counts toward its CEO's week."""

    studio: int
    ceo: int
    show: Range
    crew: int | None = None
    kit: int | None = None
    # False for what holds the CEO without meeting a commitment (a rehearsal, another
    # campaign's show): it keeps them busy but is not counted toward their week.
    counts: bool = True


@dataclass(frozen=True)
class PlanInput:
    ceos: tuple[Ceo, ...]
    studios: tuple[Studio, ...]
    crew: tuple[Crew, ...]
    kits: tuple[Crew, ...]
    first_day: date
    last_day: date
    # Weeks (ISO, Monday first) and the plan's days are counted in this zone (the campaign's).
    zone: str
    show_length: timedelta = timedelta(hours=2)
    existing: tuple[Booking, ...] = ()
    seed: int = 0
    time_limit: float = 10.0
    # Shows need a crew member and a kit set each; False plans without them.
    needs_crew: bool = True
    needs_kit: bool = True


class Reason(StrEnum):
    NO_OVERLAP = "no_overlap"  # availability and opening hours never meet often enough
    STUDIO_FULL = "studio_full"  # the slots that fit were all taken that week
    CREW_SHORT = "crew_short"  # slots fit, but no crew member or kit set was free for them
    NOT_TRAINED = "not_trained"
    SAMPLES_LATE = "samples_late"  # samples not on site in time for enough days of the week


@dataclass(frozen=True, order=True)
class ProposedBooking:
    show: Range
    studio: int
    ceo: int
    crew: int | None
    kit: int | None


@dataclass(frozen=True)
class Unmet:
    ceo: int
    week: date  # the Monday
    committed: int
    met: int  # existing and proposed shows that week
    reason: Reason


@dataclass(frozen=True)
class Proposal:
    bookings: tuple[ProposedBooking, ...]
    unmet: tuple[Unmet, ...]
    # Commitments (CEO-weeks times shows, less what existing bookings meet already) ...
    wanted: int
    # ... how many proposed bookings meet them, and the most any plan on the slot grid could.
    met: int
    bound: int
    # Where the bound comes from: "flow" (max flow of the grid), "lp" (the LP with crew and
    # kit rows, when they are shared), or "flow, lp timed out".
    bound_source: str = "flow"
    timings: dict[str, float] = field(default_factory=dict, compare=False)

    @property
    def percent_of_bound(self) -> float:
        return 100.0 if self.bound == 0 else 100.0 * self.met / self.bound
