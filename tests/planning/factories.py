"""Small festivals for the planning tests: a campaign, a few studios, trained CEOs, crew, kit.

Shaped like the demo (one campaign in Asia/Shanghai, studios open through the day, CEOs who
promised two or three shows a week in evening and afternoon windows), small enough to plan in
milliseconds.
"""

from dataclasses import dataclass, field
from datetime import date, time

from onboarding.applicants.models import Application, Campaign, Status
from onboarding.core.models import Role, User
from onboarding.questionnaires.models import Answer, Question
from tests.factories import (
    CrewFactory,
    EquipmentSetFactory,
    StudioFactory,
    TrainedApplicationFactory,
    UserFactory,
    demo_questionnaire,
)

# A whole ISO week inside the factories' 618 sales window (2027-05-20 to 2027-06-20).
WEEK_FIRST = date(2027, 5, 24)
WEEK_LAST = date(2027, 5, 30)
WINDOWS = [
    {"day": "tue", "start": "14:00", "end": "22:00"},
    {"day": "thu", "start": "14:00", "end": "22:00"},
    {"day": "sat", "start": "10:00", "end": "22:00"},
]


@dataclass
class Festival:
    campaign: Campaign
    scheduler: User
    studios: list = field(default_factory=list)
    ceos: list[Application] = field(default_factory=list)
    crew: list = field(default_factory=list)
    kits: list = field(default_factory=list)


def answer(application: Application, key: str, value) -> None:
    question = Question.objects.get(questionnaire=application.questionnaire, key=key)
    Answer.objects.update_or_create(
        application=application, question=question, defaults={"value": value}
    )


def festival(ceos: int = 6, studios: int = 2, weekly: int = 2) -> Festival:
    campaign = demo_questionnaire().campaign
    made = Festival(campaign=campaign, scheduler=UserFactory(role=Role.SCHEDULER, is_staff=True))
    for n in range(studios):
        made.studios.append(
            StudioFactory(name=f"Studio {'ABC'[n % 3]}{n}", hours=(time(10), time(22)))
        )
    for n in range(ceos):
        application = TrainedApplicationFactory(campaign=campaign, full_name=f"CEO {n}")
        answer(application, "weekly_events", weekly)
        answer(application, "availability", WINDOWS)
        made.ceos.append(application)
    made.crew = [CrewFactory(name=f"Crew {n}") for n in range(studios)]
    made.kits = [EquipmentSetFactory(name=f"Kit {n}", studio=s) for n, s in enumerate(made.studios)]
    return made


def approved_ceo(campaign: Campaign) -> Application:
    """Approved, not trained yet: planned, and reported as such."""
    application = TrainedApplicationFactory(campaign=campaign, status=Status.APPROVED)
    answer(application, "weekly_events", 2)
    answer(application, "availability", WINDOWS)
    return application
