"""A show's life through the studio services: booked, samples sent and received, confirmed
ready, the CEO's word, and the outcome afterwards. Shared by this campaign and the earlier one.
"""

import random
from collections import Counter
from datetime import datetime, timedelta
from decimal import Decimal

from onboarding.applicants.models import Application
from onboarding.core.models import User
from onboarding.studios.models import Booking, ShowOutcome, Studio
from onboarding.studios.services import (
    attendance_confirm,
    booking_confirm_ready,
    booking_create,
    outcome_record,
    shipment_update,
)
from seeds.clock import Clock, call_at

# Show times, China time, two hours each: with the studios' 30-minute buffers none overlap.
SLOTS = [(10, 0), (14, 30), (19, 30)]
LENGTH = timedelta(hours=2)
CARRIERS = ["SF Express", "JD Logistics", "ZTO Express"]


class Board:
    """Which studio slots are taken, and which CEOs already have a show that day."""

    def __init__(self, clock: Clock, studios: list[Studio]) -> None:
        self.clock, self.studios = clock, studios
        self.taken: set[tuple[int, int, int]] = set()
        self.ceo_days: set[tuple[int, int]] = set()
        # Shows per CEO and ISO week: the weekly quota is the CEO's commitment.
        self.weekly: Counter[tuple[int, tuple[int, int]]] = Counter()

    def _week(self, day: int) -> tuple[int, int]:
        year, week, _weekday = self.clock.day(day).isocalendar()
        return year, week

    def take(self, day: int, ceo: int, slots=(2, 1, 0), quota: int | None = None):
        """(studio, starts_at) of the first free slot that day, evening first; None if the
        studios are full then, or the CEO already has a show that day or `quota` that week."""
        if (ceo, day) in self.ceo_days:
            return None
        if quota is not None and self.weekly[(ceo, self._week(day))] >= quota:
            return None
        for slot in slots:
            for index, candidate in enumerate(self.studios):
                if (index, day, slot) not in self.taken:
                    self.hold(candidate, day, slot, ceo, show=quota is not None)
                    return candidate, self.clock.at(day, *SLOTS[slot])
        return None

    def hold(self, studio: Studio, day: int, slot: int, ceo: int, show: bool = True) -> None:
        self.taken.add((self.studios.index(studio), day, slot))
        self.ceo_days.add((ceo, day))
        if show:
            self.weekly[(ceo, self._week(day))] += 1


def book(
    *,
    at: datetime,
    studio: Studio,
    application: Application,
    starts_at: datetime,
    scheduler: User,
    kind: str = Booking.Kind.SHOW,
) -> Booking:
    booking, _created = call_at(
        at,
        booking_create,
        studio=studio,
        application=application,
        starts_at=starts_at,
        ends_at=starts_at + LENGTH,
        actor=scheduler,
        kind=kind,
    )
    return booking


def ship(rng: random.Random, booking: Booking, at: datetime, number: int) -> None:
    """The CEO sends the samples, with the carrier's tracking number."""
    call_at(
        at,
        shipment_update,
        booking=booking,
        actor=booking.application.user,
        carrier=rng.choice(CARRIERS),
        tracking_number=f"DEMO{number:04d}{booking.starts_at:%m%d}",
        status="shipped",
        expected_arrival=booking.starts_at - timedelta(days=1, hours=6),
    )


def receive(booking: Booking, at: datetime, scheduler: User) -> None:
    call_at(
        at,
        shipment_update,
        booking=booking,
        actor=scheduler,
        tracking_number=f"DEMO{booking.pk:05d}",
        status="received",
    )


def promise(booking: Booking, at: datetime) -> None:
    """The CEO confirms they will come, signed in."""
    call_at(at, attendance_confirm, booking=booking, actor=booking.application.user)


def hold(
    rng: random.Random,
    booking: Booking,
    scheduler: User,
    number: int,
    held: bool = True,
    brief: bool = False,
) -> ShowOutcome:
    """A past show from start to finish: samples, readiness, the CEO's word, then the outcome.

    `brief` (the earlier campaign, to keep loading quick) leaves out the samples' journey and
    the CEO's word: the studio received the samples, confirmed the show ready, and it was held.
    """
    start = booking.starts_at
    if not brief:
        ship(rng, booking, start - timedelta(days=3), number)
        promise(booking, start - timedelta(days=1, hours=1))
    receive(booking, start - timedelta(days=1, hours=3), scheduler)
    call_at(start - timedelta(hours=3), booking_confirm_ready, booking=booking, actor=scheduler)
    if not held:
        return call_at(
            booking.ends_at + timedelta(hours=1),
            outcome_record,
            booking=booking,
            actor=scheduler,
            result=ShowOutcome.Result.NO_SHOW,
            notes="The CEO was ill and could not come; the assistant called at noon.",
        )
    viewers = int(rng.lognormvariate(9.6, 0.6))
    return call_at(
        booking.ends_at + timedelta(hours=1),
        outcome_record,
        booking=booking,
        actor=scheduler,
        result=ShowOutcome.Result.HELD,
        viewers=viewers,
        turnover=Decimal(f"{viewers * rng.uniform(0.8, 4.5):.2f}"),
        new_followers=int(viewers * rng.uniform(0.01, 0.05)),
        notes=rng.choice(["", "", "Sold out of the gift sets in the first hour."]),
    )
