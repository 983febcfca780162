from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from onboarding.applicants.models import Status
from onboarding.core.models import Role
from tests.factories import (
    ApplicationFactory,
    TrainingModuleFactory,
    TrainingSessionFactory,
    UserFactory,
)
from tests.helpers import client_for


def approved_ceo(campaign, status=Status.APPROVED):
    """An application in `status` belonging to a CEO who can sign in."""
    user = UserFactory(role=Role.CEO)
    return ApplicationFactory(campaign=campaign, status=status, user=user, accounts=0)


@pytest.fixture
def trainer(db):
    return UserFactory(role=Role.TRAINER, is_staff=True)


@pytest.fixture
def trainer_client(trainer) -> APIClient:
    return client_for(trainer)


@pytest.fixture
def admin_api_client(db) -> APIClient:
    return client_for(UserFactory(role=Role.ADMIN, is_staff=True, is_superuser=True))


@pytest.fixture
def module(db):
    return TrainingModuleFactory()


@pytest.fixture
def session(module, trainer):
    """A session a week ahead with three seats, taught by `trainer`."""
    return TrainingSessionFactory(module=module, trainer=trainer, capacity=3)


@pytest.fixture
def started_session(module, trainer):
    """A session that began an hour ago."""
    return TrainingSessionFactory(
        module=module, trainer=trainer, starts_at=timezone.now() - timedelta(hours=1)
    )
