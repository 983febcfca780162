"""The sessions page is built from `.values()` (session_rows): the JSON SessionSerializer gives."""

import json
from types import SimpleNamespace

import pytest
from django.utils import translation
from rest_framework.renderers import JSONRenderer

from onboarding.core.models import Role
from onboarding.training import selectors
from onboarding.training.api.serializers import SessionSerializer
from onboarding.training.models import TrainingSession
from tests.factories import (
    CampaignFactory,
    EnrolmentFactory,
    TrainingModuleFactory,
    TrainingSessionFactory,
    UserFactory,
)
from tests.training.conftest import approved_ceo, client_for

pytestmark = pytest.mark.django_db

SESSIONS = "/api/v1/training/sessions/"


def _serialized(user, language: str) -> list[dict]:
    with translation.override(language):
        rows = selectors.sessions_list(user=user).order_by("id")
        data = SessionSerializer(rows, many=True, context={"request": SimpleNamespace(user=user)})
        return json.loads(JSONRenderer().render(data.data))


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_sessions_page_is_what_the_serializer_writes(language):
    # Given sessions with seats taken and waiting, a cancelled one, a trainer with a name and one
    # without, a module with a Chinese title and one without, and a CEO enrolled in one
    campaign = CampaignFactory()
    titled = TrainingModuleFactory(campaign=campaign, title_zh="镜头表现", required=False)
    plain = TrainingModuleFactory(campaign=campaign)
    named = UserFactory(role=Role.TRAINER, first_name="Li", last_name="Na")
    full = TrainingSessionFactory(module=titled, trainer=named, capacity=2)
    EnrolmentFactory.create_batch(2, session=full, application__accounts=0)
    EnrolmentFactory(session=full, status="waitlisted", application__accounts=0)
    TrainingSessionFactory(module=plain, status=TrainingSession.Status.CANCELLED)
    mine = TrainingSessionFactory(module=plain)
    ceo = approved_ceo(campaign)
    EnrolmentFactory(session=mine, application=ceo)

    # When the CEO and a member of staff read the list in the language
    for user in (ceo.user, UserFactory(role=Role.SCHEDULER)):
        response = client_for(user).get(SESSIONS, {"page_size": 100}, HTTP_ACCEPT_LANGUAGE=language)

        # Then each row is exactly what the serializer writes for the same rows
        assert response.status_code == 200
        rows = sorted(response.json()["results"], key=lambda row: row["id"])
        assert rows == _serialized(user, language)
        titles = {row["title"] for row in rows}
        assert ("镜头表现" in titles) == (language == "zh-hans")
