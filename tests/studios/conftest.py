from datetime import UTC, datetime, timedelta

import pytest

from onboarding.core.models import Role
from onboarding.questionnaires.models import Answer, Question
from tests.factories import StudioFactory, TrainedApplicationFactory, UserFactory
from tests.helpers import client_for  # noqa: F401 (this package's tests import it from here)

# A Tuesday in the 618 sales window of the factories' campaigns, 20:00 in Shanghai.
SHOW_START = datetime(2027, 5, 25, 12, 0, tzinfo=UTC)
SHOW_END = SHOW_START + timedelta(hours=2)


def commit_weekly(application, events: int) -> None:
    """Record the CEO's questionnaire answer: how many live events a week they can do."""
    question, _created = Question.objects.get_or_create(
        questionnaire=application.questionnaire,
        key="weekly_events",
        defaults={"kind": "number", "label_en": "Events a week", "label_zh": "每周场次"},
    )
    Answer.objects.update_or_create(
        application=application, question=question, defaults={"value": events}
    )


@pytest.fixture
def scheduler(db):
    return UserFactory(role=Role.SCHEDULER, is_staff=True)


@pytest.fixture
def studio(db):
    return StudioFactory(name="West Lake")


@pytest.fixture
def application(db):
    return TrainedApplicationFactory()
