"""Applications arriving as they do after a call on social media: a burst, then a trickle."""

import random
from datetime import timedelta

from onboarding.applicants.models import Campaign
from onboarding.applicants.services import application_submit
from seeds.clock import ZONE, travel
from seeds.people import Person, submission

# Applications a day after the call; about 70 on the day it goes out.
CURRENT_BURST = [70, 16, 9, 6, 5, 4, 3, 3, 2, 2, 2] + [1] * 19
EARLIER_BURST = [14, 5, 3, 2, 1, 1, 1]
# Where they came from: the call itself first, word of mouth and partners later.
EARLY_CHANNELS = {"weibo-official": 55, "wechat-official": 35, "referral": 5, "chamber-partner": 5}
LATER_CHANNELS = {
    "weibo-official": 30,
    "wechat-official": 25,
    "referral": 25,
    "chamber-partner": 20,
}
# Fates that pass the screening well; the rest are drawn as weak or mixed applicants.
STRONG = {"approved", "trained", "scheduled", "live", "waitlisted"}


def arrivals(
    rng: random.Random, campaign: Campaign, burst: list[int], email: str, phone_base: int
) -> list[Person]:
    """Everyone who applies, in the order they send, before anyone's fate is decided."""
    opens = campaign.application_opens_at
    times = []
    for day, count in enumerate(burst):
        for _ in range(count):
            if day == 0:
                # The call goes out at 10:00; most answer it within the first hours.
                minutes = int(min(rng.expovariate(1 / 150), 13 * 60))
                times.append((day, opens + timedelta(minutes=minutes)))
            else:
                start = opens.astimezone(ZONE).replace(hour=8, minute=0) + timedelta(days=day)
                times.append((day, start + timedelta(minutes=rng.randint(0, 15 * 60))))
    times.sort(key=lambda item: item[1])
    people = []
    for number, (day, at) in enumerate(times):
        channels = EARLY_CHANNELS if day < 2 else LATER_CHANNELS
        channel = rng.choices(list(channels), weights=list(channels.values()))[0]
        people.append(
            Person(
                number=number,
                email=email.format(number=number),
                submitted_at=at,
                channel=channel,
                fate="",
                extra={"day": day, "phone_base": phone_base},
            )
        )
    return people


def deal(rng: random.Random, people: list[Person], counts: dict[str, int], rest: str) -> None:
    """Give these people the fates in `counts` (shuffled), and `rest` to whoever is left."""
    fates = [fate for fate, n in counts.items() for _ in range(n)]
    fates += [rest] * (len(people) - len(fates))
    rng.shuffle(fates)
    for person, fate in zip(people, fates, strict=False):
        person.fate = fate


def submit(rng: random.Random, campaign: Campaign, people: list[Person]) -> None:
    """Send every application through the public service, each at its own time."""
    for person in people:
        strong = person.fate in STRONG or (person.fate != "rejected" and rng.random() < 0.5)
        # Some rejections are for the hard rule: the CEO will not be on camera in person.
        on_camera = person.fate != "rejected" or rng.random() < 0.65
        person.extra["hard_fail"] = not on_camera
        with travel(person.submitted_at):
            application = application_submit(
                campaign=campaign, **submission(rng, person, strong=strong, on_camera=on_camera)
            )
        person.application_id = application.pk
