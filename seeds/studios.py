"""Studio time of the campaign in progress: past shows that took CEOs live, and the coming
two weeks in both studios (a weekly series, a rehearsal, shows still unconfirmed, samples late).
"""

import random
from datetime import time, timedelta

from onboarding.applicants.models import Application
from onboarding.core.models import User
from onboarding.studios.models import Booking, Studio
from onboarding.studios.services import series_create
from seeds.clock import Clock, call_at
from seeds.people import Person
from seeds.shows import Board, book, hold, promise, receive, ship

AHEAD = 14  # days of bookings ahead of today


def _ahead(rng, board, booking_day, people, users, count, first_day=0) -> list[Booking]:
    """Up to `count` shows per CEO in the coming two weeks, booked on `booking_day`."""
    made = []
    for person in people:
        application = Application.objects.get(pk=person.application_id)
        days = sorted(rng.sample(range(first_day, AHEAD), 6))
        booked = 0
        for day in days:
            if booked == count:
                break
            slot = board.take(day, person.number, quota=person.extra["commitment"])
            if slot is None:
                continue
            studio, starts_at = slot
            made.append(
                book(
                    at=board.clock.at(booking_day, 11, person.number % 50),
                    studio=studio,
                    application=application,
                    starts_at=starts_at,
                    scheduler=users["scheduler"],
                )
            )
            booked += 1
    return made


def _prepare(rng: random.Random, clock: Clock, shows: list[Booking], scheduler: User) -> None:
    """What happened before today around the shows ahead: samples, and the CEOs' word.

    Shows in the next 48 hours stay partly unconfirmed, and some samples due already (72 hours
    ahead) are not at the studio: both are on the dashboard's list of what needs attention.
    """
    yesterday = clock.at(-1, 18)
    for number, booking in enumerate(sorted(shows, key=lambda b: (b.starts_at, b.pk))):
        soon = booking.starts_at < clock.at(2, 23)
        if number % 3 != 0 and not (soon and number % 2 == 0):
            promise(booking, yesterday - timedelta(minutes=number))
        if booking.starts_at < clock.at(3, 0):
            # Due at the studio by now: received for some, on the way or not sent for others.
            if number % 3 == 0:
                ship(rng, booking, clock.at(-3, 10), number)
                receive(booking, yesterday, scheduler)
            elif number % 3 == 1:
                ship(rng, booking, clock.at(-2, 10), number)
        elif number % 2 == 0:
            ship(rng, booking, yesterday, number)


def schedule(
    rng: random.Random,
    clock: Clock,
    people: list[Person],
    studios: list[Studio],
    users: dict[str, User],
) -> None:
    scheduler = users["scheduler"]
    board = Board(clock, studios)
    live = [p for p in people if p.fate == "live"]
    scheduled = [p for p in people if p.fate == "scheduled"]
    # Each CEO going live: a first show in the sales window's first week, held, and another a
    # day or two later, held too or (now and then) missed. Their commitment is the weekly quota.
    for index, person in enumerate(live):
        application = Application.objects.get(pk=person.application_id)
        day = -9 + index % 6
        for number, later in enumerate((0, 1 + index % 2)):
            slot = board.take(day + later, person.number, quota=person.extra["commitment"])
            assert slot or number, f"no studio time for CEO {person.number}'s first show"
            if slot is None:
                continue
            booking = book(
                at=clock.at(-11, 10, 2 * index + number),
                studio=slot[0],
                application=application,
                starts_at=slot[1],
                scheduler=scheduler,
            )
            hold(rng, booking, scheduler, person.number, held=number == 0 or index % 4 != 1)
    # Weekly series for two CEOs already live: Tuesdays and Fridays in one studio, and
    # Mondays and Thursdays in the other, for the next two weeks.
    series_made = []
    for person, studio, weekdays, slot in zip(
        live[1:3], studios, ([1, 4], [0, 3]), (2, 1), strict=False
    ):
        first, last = clock.day(1), clock.day(AHEAD)
        for offset in range(1, AHEAD + 1):
            if clock.day(offset).weekday() in weekdays:
                # Past the CEO's weekly quota, the series refuses that one occurrence and says so.
                board.hold(studio, offset, slot, person.number)
        hour, minute = (19, 30) if slot == 2 else (14, 30)
        _series, results, _created = call_at(
            clock.at(-2, 16),
            series_create,
            studio=studio,
            application=Application.objects.get(pk=person.application_id),
            weekdays=weekdays,
            start_time=time(hour, minute),
            duration=timedelta(hours=2),
            first_date=first,
            last_date=last,
            actor=scheduler,
        )
        series_made += [r.booking for r in results if r.booking]
    others = [p for p in live if p not in live[1:3]]
    ahead = _ahead(rng, board, -3, others, users, count=2, first_day=0)
    # A rehearsal for two of the CEOs whose first show is ahead: one tomorrow morning.
    for day, person in zip((1, 3), scheduled[:2], strict=False):
        studio, starts_at = board.take(day, person.number, slots=(0, 1))
        book(
            at=clock.at(-2, 9),
            studio=studio,
            application=Application.objects.get(pk=person.application_id),
            starts_at=starts_at,
            scheduler=scheduler,
            kind=Booking.Kind.REHEARSAL,
        )
    # Their first show: booked in the last days, which moves them to scheduled.
    ahead += _ahead(rng, board, -1, scheduled[:2], users, count=1, first_day=4)
    ahead += _ahead(rng, board, -1, scheduled[2:], users, count=1, first_day=0)
    _prepare(rng, clock, ahead + list(Booking.objects.filter(pk__in=series_made)), scheduler)
