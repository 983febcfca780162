"""The campaign in progress: applications in every stage, training on both sides of today,
and studio time over the next two weeks."""

import random

from onboarding.applicants.models import Campaign
from onboarding.core.models import User
from onboarding.studios.models import Studio
from seeds import campaigns, intake, studios
from seeds.clock import Clock
from seeds.people import Person
from seeds.reviews import Reviewing, check_fates
from seeds.training import Round, train

# Fates by when the application came: the first nine days are mostly decided, the next two
# weeks partly, the last week hardly at all. Whoever is left over is rejected (or, at the end,
# still waiting to be looked at).
EARLY = {
    "live": 9,
    "scheduled": 6,
    "trained": 4,
    "approved": 6,
    "waitlisted": 14,
    "withdrawn": 4,
    "needs_info": 2,
    "in_review": 3,
}
MIDDLE = {
    "approved": 5,
    "needs_info": 2,
    "info_answered": 2,
    "waitlisted": 2,
    "withdrawn": 1,
    "in_review": 2,
}
LATE = {"in_review": 3, "needs_info": 1}
DEMO_CEO = "ceo@demo.example.com"


def plan(rng: random.Random, campaign: Campaign) -> list[Person]:
    people = intake.arrivals(
        rng, campaign, intake.CURRENT_BURST, "ceo{number:03d}@demo.example.com", 0
    )
    # The demo CEO login answered the call in its first minutes and is live now.
    people[0].email, people[0].fate = DEMO_CEO, "live"
    early = [p for p in people[1:] if p.extra["day"] <= 8]
    middle = [p for p in people if 9 <= p.extra["day"] <= 21]
    late = [p for p in people if p.extra["day"] >= 22]
    intake.deal(rng, early, EARLY, "rejected")
    intake.deal(rng, middle, MIDDLE, "rejected")
    intake.deal(rng, late, LATE, "submitted")
    # A few were asked for more, answered, and were decided again afterwards.
    looped = [p for p in early if p.fate in ("live", "approved", "waitlisted", "rejected")]
    for person in looped[2::8]:
        person.info_loop = True
    return people


def play(clock: Clock, users: dict[str, User], studio_list: list[Studio]) -> Campaign:
    rng = random.Random("brave-ceo-2")
    campaign = campaigns.current(clock, users["lead"])
    window = campaigns.CURRENT
    people = plan(rng, campaign)
    intake.submit(rng, campaign, people)
    reviewing = Reviewing(rng, users)
    for person in people:
        reviewing.play(person)
    check_fates(people)
    rounds = [
        Round(window.call + 6, place="Hangzhou training centre, room 2", capacity=20),
        Round(window.call + 13, link="https://live.example.com/training", capacity=30),
        # Ahead: in person, in a small room whose first module fills up and waitlists.
        Round(2, place="Shanghai Bund studio, training room", capacity=20, fills_up=True),
        Round(9, link="https://live.example.com/training", capacity=30),
    ]
    train(clock, campaign, people, rounds, users, publish_day=window.call - 3)
    studios.schedule(rng, clock, people, studio_list, users)
    return campaign
