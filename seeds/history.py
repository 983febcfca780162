"""The earlier campaign, finished: its CEOs were trained, went live, and their shows have
outcomes (turnover, viewers, new followers), so scorecards show real figures on first run."""

import random

from onboarding.applicants.models import Application, Campaign
from onboarding.core.models import User
from onboarding.studios.models import Studio
from seeds import campaigns, intake
from seeds.clock import Clock
from seeds.reviews import Reviewing, check_fates
from seeds.shows import Board, book, hold
from seeds.training import Round, train

FATES = {"live": 6, "trained": 2, "waitlisted": 3, "withdrawn": 2}
SHOWS_EACH = 3


def play(clock: Clock, users: dict[str, User], studios: list[Studio]) -> Campaign:
    rng = random.Random("brave-ceo-1")
    campaign = campaigns.earlier(clock, users["lead"])
    window = campaigns.EARLIER
    people = intake.arrivals(
        rng, campaign, intake.EARLIER_BURST, "ceo-s1-{number:03d}@demo.example.com", 50_000
    )
    intake.deal(rng, people, FATES, "rejected")
    intake.submit(rng, campaign, people)
    reviewing = Reviewing(rng, users)
    reviewing.conflicts_left = 0
    for person in people:
        reviewing.play(person)
    check_fates(people)
    rounds = [
        Round(window.call + 16, place="Hangzhou training centre, room 2", capacity=20),
        Round(window.call + 23, link="https://live.example.com/training", capacity=30),
    ]
    train(clock, campaign, people, rounds, users, publish_day=window.call - 3)
    _shows(rng, clock, people, studios, users["scheduler"])
    # The campaign is over: closed to applications and to bookings (a direct update, as the
    # lead would switch it off in the admin once the last outcome is in).
    Campaign.objects.filter(pk=campaign.pk).update(is_active=False)
    return campaign


def _shows(rng, clock: Clock, people, studios, scheduler) -> None:
    """Three shows for each live CEO over the sales window, booked before it opened."""
    window = campaigns.EARLIER
    board = Board(clock, studios)
    days = window.sales_end - window.sales_start
    live = [p for p in people if p.fate == "live"]
    for index, person in enumerate(live):
        application = Application.objects.get(pk=person.application_id)
        for show in range(SHOWS_EACH):
            # One show every week or so, each CEO on their own days.
            day = window.sales_start + (index * 2 + show * 8 + rng.randint(0, 2)) % days
            slot = board.take(day, person.number) or board.take(day + 1, person.number)
            if slot is None:
                continue
            studio, starts_at = slot
            booking = book(
                at=clock.at(window.sales_start - 4, 10, index),
                studio=studio,
                application=application,
                starts_at=starts_at,
                scheduler=scheduler,
            )
            # The first show is held (it takes the CEO live); a later one is now and then missed.
            held = show == 0 or rng.random() > 0.1
            hold(rng, booking, scheduler, person.number, held=held, brief=True)
