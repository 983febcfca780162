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

FATES = {"live": 5, "trained": 2, "waitlisted": 3, "withdrawn": 2}


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
    """Each live CEO's shows, as many a week as they committed to, booked before sales opened.

    Now and then a CEO missed one (never the first, which took them live), so the attendance
    report has CEOs under the threshold as well as over it.
    """
    window = campaigns.EARLIER
    board = Board(clock, studios)
    weeks = (window.sales_end - window.sales_start + 1) // 7
    live = [p for p in people if p.fate == "live"]
    for index, person in enumerate(live):
        application = Application.objects.get(pk=person.application_id)
        quota, first = person.extra["commitment"], True
        for week in range(weeks):
            days = [window.sales_start + week * 7 + d for d in rng.sample(range(7), 7)]
            booked = 0
            for day in days:
                slot = board.take(day, person.number, quota=quota) if booked < quota else None
                if slot is None:
                    continue
                booking = book(
                    at=clock.at(window.sales_start - 4, 10, index),
                    studio=slot[0],
                    application=application,
                    starts_at=slot[1],
                    scheduler=scheduler,
                )
                held = first or rng.random() > 0.12
                hold(rng, booking, scheduler, person.number, held=held, brief=True)
                booked, first = booked + 1, False
