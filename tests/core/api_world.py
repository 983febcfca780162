"""A small world for the schema fuzzer and the permission matrix: one user per role, and one
object of each kind the API has ids for, owned by the first CEO (a second CEO owns a few too).
"""

from dataclasses import dataclass, field
from datetime import time, timedelta

import factory.random
from rest_framework.authtoken.models import Token

from onboarding.applicants.models import ErasureRequest, Status
from onboarding.core.models import Role
from onboarding.notifications.models import Notification
from onboarding.planning.services import plan_create, plan_run
from onboarding.reviews.models import RecomputeJob, ReviewCase
from onboarding.studios.models import Blackout, BookingSeries, CalendarFeed
from tests.factories import (
    ApplicationFactory,
    BookingFactory,
    CrewFactory,
    EnrolmentFactory,
    EquipmentSetFactory,
    SchedulingSettingsFactory,
    StudioFactory,
    TrainedApplicationFactory,
    TrainingModuleFactory,
    TrainingSessionFactory,
    UserFactory,
    demo_questionnaire,
)

ROLES = ("ceo", "reviewer", "lead", "trainer", "scheduler", "admin")
ROLE_OF = {
    "ceo": Role.CEO,
    "other_ceo": Role.CEO,
    "reviewer": Role.REVIEWER,
    "lead": Role.LEAD_REVIEWER,
    "trainer": Role.TRAINER,
    "scheduler": Role.SCHEDULER,
    "admin": Role.ADMIN,
}


@dataclass
class World:
    users: dict = field(default_factory=dict)
    tokens: dict = field(default_factory=dict)
    # Path parameter values by name, the first CEO's where the object has an owner.
    ids: dict = field(default_factory=dict)
    campaign: object = None
    application: object = None

    def headers(self, who: str | None) -> dict:
        if who is None:
            return {}
        return {"Authorization": f"Token {self.tokens[who]}"}


def build_world() -> World:
    # The same names and numbers every run, as the fuzzer's examples are: a failure found
    # once is found again.
    factory.random.reseed_random("api-world")
    world = World()
    for who, role in ROLE_OF.items():
        user = UserFactory(
            username=f"w-{who}",
            role=role,
            is_staff=role != Role.CEO,
            is_superuser=role == Role.ADMIN,
        )
        world.users[who] = user
        world.tokens[who] = Token.objects.create(user=user).key
    questionnaire = demo_questionnaire()
    campaign = questionnaire.campaign
    SchedulingSettingsFactory(campaign=campaign)
    module = TrainingModuleFactory(campaign=campaign)
    session = TrainingSessionFactory(module=module, trainer=world.users["trainer"])
    application = TrainedApplicationFactory(campaign=campaign, user=world.users["ceo"])
    other = TrainedApplicationFactory(campaign=campaign, user=world.users["other_ceo"])
    enrolment = EnrolmentFactory(session=session, application=application)
    EnrolmentFactory(session=session, application=other)
    submitted = ApplicationFactory(campaign=campaign)
    ReviewCase.objects.create(application=submitted, reviewer=world.users["reviewer"])
    draft = ApplicationFactory(campaign=campaign, status=Status.DRAFT, submitted_at=None)
    studio = StudioFactory()
    blackout = Blackout.objects.create(
        studio=studio,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        reason="maintenance",
    )
    booking = BookingFactory(studio=studio, application=application)
    BookingFactory(studio=StudioFactory(), application=other, starts_at=booking.starts_at)
    series = BookingSeries.objects.create(
        studio=studio,
        application=application,
        weekdays=[1, 3],
        start_time=time(20),
        duration=timedelta(hours=2),
        first_date=booking.starts_at.date() + timedelta(days=30),
        last_date=booking.starts_at.date() + timedelta(days=44),
        timezone=studio.timezone,
    )
    crew = CrewFactory()
    kit = EquipmentSetFactory()
    feed = CalendarFeed.objects.create(user=world.users["ceo"])
    CalendarFeed.objects.create(user=world.users["other_ceo"])
    notification = Notification.objects.create(
        user=world.users["ceo"], kind="test", title="Hello", body="A line"
    )
    erasure = ErasureRequest.objects.create(application=application, via="account")
    job = RecomputeJob.objects.create(campaign=campaign, requested_by=world.users["lead"])
    plan = plan_create(campaign=campaign, actor=world.users["scheduler"])
    plan_run(plan_id=plan.pk)
    world.campaign = campaign
    world.application = application
    world.ids = {
        "application": application.pk,
        "submitted": submitted.pk,
        "draft_token": draft.draft_token,
        "applicant_token": application.draft_token,
        "other_applicant_token": other.draft_token,
        "slug": campaign.slug,
        "session": session.pk,
        "enrolment": enrolment.pk,
        "module": module.pk,
        "studio": studio.pk,
        "blackout": blackout.pk,
        "booking": booking.pk,
        "series": series.pk,
        "crew": crew.pk,
        "kit": kit.pk,
        "feed": feed.pk,
        "feed_token": feed.token,
        "notification": notification.pk,
        "erasure": erasure.pk,
        "job": job.pk,
        "plan": plan.pk,
    }
    return world


# Which id a path parameter takes, by the path's first segment after /api/v1/ and its name.
def path_values(world: World, path: str) -> dict:
    ids = world.ids
    parts = [p for p in path.split("/") if p]
    head = parts[2] if len(parts) > 2 else ""
    by_head = {
        "applications": ids["application"],
        "me": ids["application"],
        "review": ids["submitted"],
        "bookings": ids["booking"],
        "calendar": ids["feed"],
        "crew": ids["crew"],
        "equipment-sets": ids["kit"],
        "notifications": ids["notification"],
        "privacy": ids["erasure"],
        "series": ids["series"],
        "studios": ids["studio"],
        "scorecards": ids["application"],
        "planning": ids["plan"],
    }
    values = {
        "slug": ids["slug"],
        "blackout_id": ids["blackout"],
        "application_id": ids["application"],
    }
    if head == "drafts":
        values["token"] = ids["draft_token"]
    elif head == "calendar":
        values["token"] = ids["feed_token"]
    else:
        values["token"] = ids["applicant_token"]
    if head == "training":
        values["id"] = {
            "sessions": ids["session"],
            "enrolments": ids["enrolment"],
            "modules": ids["module"],
        }.get(parts[3] if len(parts) > 3 else "", ids["session"])
    elif head == "review" and "jobs" in parts:
        values["id"] = ids["job"]
    else:
        values["id"] = by_head.get(head, ids["application"])
    return values
