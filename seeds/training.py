"""Training rounds: each module taught once a round; CEOs take seats, trainers mark who came.

Seats are taken through enrolment_create before a session starts and attendance through
attendance_mark after it, each at its own time, so the last required module attended is what
moves an application to trained, as it does for real.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from onboarding.applicants.models import Application, Campaign
from onboarding.core.models import User
from onboarding.training.models import TrainingModule, TrainingSession
from onboarding.training.services import attendance_mark, enrolment_create, session_create
from seeds.clock import Clock, call_at
from seeds.people import Person

TRAINED_FATES = ("trained", "scheduled", "live")
MODULES = 4
# CEOs left on the waiting list of the round ahead's first module.
WAITING = 3


@dataclass
class Round:
    first_day: int  # module i is taught on first_day + i, 14:00–16:00 China time
    place: str = ""
    link: str = ""
    capacity: int = 20
    # The first module of the round ahead fills up: seats for all but WAITING of those asking.
    fills_up: bool = False
    sessions: list[TrainingSession] = field(default_factory=list)
    planned: int = 0

    def starts(self, clock: Clock, index: int) -> datetime:
        return clock.at(self.first_day + index, 14)


@dataclass
class Plan:
    seats: list[tuple[datetime, Person, Round, int]] = field(default_factory=list)
    marks: list[tuple[Person, Round, int, bool]] = field(default_factory=list)


def _plan(clock: Clock, people: list[Person], rounds: list[Round]) -> Plan:
    """CEOs whose fate is to be trained attend every module of the first past round after their
    approval. Others approved in time for a past round miss one module and take it again in the
    round ahead; those approved later hold seats in the round ahead."""
    anchor = clock.anchor
    past = [r for r in rounds if r.starts(clock, MODULES - 1) + timedelta(hours=3) < anchor]
    ahead = next((r for r in rounds if r.starts(clock, 0) > anchor), None)
    trainees = sorted(
        (p for p in people if p.fate in TRAINED_FATES + ("approved",)),
        key=lambda p: (p.extra["approved_at"], p.number),
    )
    plan = Plan()
    for person in trainees:
        enrol_at = person.extra["approved_at"] + timedelta(hours=3)
        # Those still to finish training are the CEOs who could not come at short notice.
        notice = timedelta(days=3) if person.fate == "approved" else timedelta(0)
        round_ = next(
            (r for r in past if r.starts(clock, 0) > enrol_at + notice and r.planned < r.capacity),
            None,
        )
        if round_ is None and person.fate in TRAINED_FATES:
            raise ValueError(f"no past training round left for CEO {person.number}")
        if round_ is None:
            if ahead is None:
                raise ValueError(f"no training round ahead for CEO {person.number}")
            plan.seats += [(enrol_at, person, ahead, index) for index in range(MODULES)]
            continue
        round_.planned += 1
        missed = person.number % MODULES if person.fate == "approved" and ahead else None
        for index in range(MODULES):
            plan.seats.append((enrol_at, person, round_, index))
            plan.marks.append((person, round_, index, index != missed))
        if missed is not None and ahead is not None:
            again = round_.starts(clock, missed) + timedelta(days=1)
            plan.seats.append((min(again, anchor - timedelta(hours=2)), person, ahead, missed))
    return plan


def _publish(clock: Clock, campaign: Campaign, rounds: list[Round], plan: Plan, day: int, trainer):
    """The trainer publishes every round's sessions before the call goes out."""
    modules = list(TrainingModule.objects.filter(campaign=campaign).order_by("position"))
    for round_ in rounds:
        for index, module in enumerate(modules):
            capacity = round_.capacity
            if round_.fills_up and index == 0:
                asking = sum(1 for _, _, r, i in plan.seats if r is round_ and i == 0)
                capacity = max(1, asking - WAITING)
            starts_at = round_.starts(clock, index)
            round_.sessions.append(
                call_at(
                    clock.at(day, 9),
                    session_create,
                    module=module,
                    actor=trainer,
                    starts_at=starts_at,
                    ends_at=starts_at + timedelta(hours=2),
                    capacity=capacity,
                    location=round_.place,
                    video_url=f"{round_.link}/{module.code}" if round_.link else "",
                )
            )


def train(
    clock: Clock,
    campaign: Campaign,
    people: list[Person],
    rounds: list[Round],
    users: dict[str, User],
    publish_day: int,
) -> None:
    plan = _plan(clock, people, rounds)
    _publish(clock, campaign, rounds, plan, publish_day, users["trainer"])
    applications = Application.objects.in_bulk([p.application_id for p in people])
    # Seats in the order they were taken, so the waiting list forms as it would.
    for at, person, round_, index in sorted(plan.seats, key=lambda s: (s[0], s[1].number)):
        application = applications[person.application_id]
        # Half the CEOs take their own seats on /me/; the trainer enrols the others.
        own = person.number % 2 and application.user
        call_at(
            at,
            enrolment_create,
            session=round_.sessions[index],
            application=application,
            actor=application.user if own else users["trainer"],
        )
    marks = sorted(plan.marks, key=lambda m: (m[1].sessions[m[2]].starts_at, m[0].number))
    for person, round_, index, attended in marks:
        session = round_.sessions[index]
        call_at(
            session.ends_at + timedelta(minutes=20),
            attendance_mark,
            session=session,
            application=applications[person.application_id],
            attended=attended,
            actor=users["trainer"],
        )
