from datetime import UTC, datetime, timedelta

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from onboarding.core.models import Role
from onboarding.questionnaires.models import Answer, Question
from tests.factories import StudioFactory, TrainedApplicationFactory, UserFactory

# A Tuesday in the 618 sales window of the factories' campaigns, 20:00 in Shanghai.
SHOW_START = datetime(2027, 5, 25, 12, 0, tzinfo=UTC)
SHOW_END = SHOW_START + timedelta(hours=2)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Every CEO made here gets a password; hashing it properly is slow and unneeded.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def client_for(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    client.user = user
    return client


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
