"""A campaign in progress, built through the services (factories where a service cannot be used,
such as a booking in the past), with the clock frozen on a Thursday morning in Shanghai."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from onboarding.applicants import workflow
from onboarding.applicants.models import Application, Campaign
from onboarding.applicants.services import application_submit, application_transition
from onboarding.core.models import Role, User
from onboarding.questionnaires.models import Question
from seeds.questionnaire import QUESTIONS
from tests.factories import (
    CampaignFactory,
    ChannelFactory,
    QuestionnaireFactory,
    UserFactory,
    valid_answers,
    valid_applicant,
)
from tests.helpers import client_for  # noqa: F401 (this package's tests import it from here)

SHANGHAI = ZoneInfo("Asia/Shanghai")
# Thursday 27 May 2027, 10:00 in Shanghai.
NOW = datetime(2027, 5, 27, 2, 0, tzinfo=UTC)
# Applications opened on Monday 3 May (local midnight); sales started on Thursday 6 May, so
# three whole sales weeks have passed at NOW.
OPENS = datetime(2027, 5, 3, tzinfo=SHANGHAI)
SALES_START = date(2027, 5, 6)

A = workflow.Action


def local(day: date, at: time = time(12)) -> datetime:
    """The instant that reads `at` on `day` in Shanghai."""
    return datetime.combine(day, at, tzinfo=SHANGHAI)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def lead(db) -> User:
    return UserFactory(role=Role.LEAD_REVIEWER, is_staff=True)


@pytest.fixture
def admin(db) -> User:
    return UserFactory(role=Role.ADMIN, is_staff=True)


@pytest.fixture
def scheduler(db) -> User:
    return UserFactory(role=Role.SCHEDULER, is_staff=True)


@pytest.fixture
def trainer(db) -> User:
    return UserFactory(role=Role.TRAINER, is_staff=True)


def new_campaign(**fields) -> Campaign:
    """A campaign open for applications at NOW, with the demo questionnaire published."""
    fields = {
        "application_opens_at": OPENS,
        "application_closes_at": OPENS + timedelta(days=60),
        "sales_starts_on": SALES_START,
        "sales_ends_on": SALES_START + timedelta(days=40),
        "min_weekly_events": 1,
        **fields,
    }
    campaign = CampaignFactory(**fields)
    questionnaire = QuestionnaireFactory(campaign=campaign)
    for index, spec in enumerate(QUESTIONS):
        Question.objects.create(questionnaire=questionnaire, position=index, **spec)
    ChannelFactory()
    ChannelFactory(code="referral", name="Referral", kind="referral")
    return campaign


@pytest.fixture
def campaign(db) -> Campaign:
    return new_campaign()


_serial = iter(range(10**6))


def submit(
    campaign: Campaign, at: datetime, channel: str | None = "weibo-official", **answers
) -> Application:
    """Send an application through the service as if at `at`."""
    n = next(_serial)
    with time_machine.travel(at, tick=False):
        return application_submit(
            campaign=campaign,
            applicant_data=valid_applicant(
                email=f"applicant{n}@example.com",
                phone=f"+86137{n:08d}",
                company_name=f"Company {n}",
            ),
            social_accounts=[{"platform": "douyin", "handle": f"h{n}", "followers": 52000}],
            answers=valid_answers(**answers),
            consent=True,
            language="en",
            channel_code=channel,
        )


def move(application: Application, *actions: str, at: datetime | None = None) -> Application:
    """Take the workflow's actions in order through the service, as the role that may."""
    for action in actions:
        if action == A.ANSWER_INFO:
            kind = workflow.APPLICANT
        elif action in (A.COMPLETE_TRAINING, A.SCHEDULE, A.GO_LIVE, A.START_REVIEW):
            kind = workflow.SYSTEM
        else:
            kind = Role.ADMIN
        with time_machine.travel(at or NOW, tick=False):
            application = application_transition(
                application_id=application.pk, action=action, actor_kind=kind, notify=False
            )
    return application
