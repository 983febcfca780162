"""The staff's applicant detail is built from `.values()` rows (applicants/api/rows.py): the JSON
ApplicationDetailSerializer, the contract, gives for the same application."""

import json

import pytest
from django.utils import translation
from rest_framework.renderers import JSONRenderer

from onboarding.applicants import selectors
from onboarding.applicants.api.serializers import ApplicationDetailSerializer
from onboarding.applicants.models import PersonalDataAccess, Status
from onboarding.core.models import Role
from onboarding.questionnaires.models import Answer
from onboarding.reviews.models import ReviewSettings
from tests.factories import (
    ApplicationFactory,
    CampaignFactory,
    ChannelFactory,
    UserFactory,
    demo_questionnaire,
    valid_answers,
)
from tests.helpers import client_for

pytestmark = pytest.mark.django_db

DETAIL = "/api/v1/applications/{}/"


def _serialized(application) -> dict:
    found = selectors.application_detail_for_staff().get(pk=application.pk)
    return json.loads(JSONRenderer().render(ApplicationDetailSerializer(found).data))


@pytest.mark.parametrize("role", [Role.REVIEWER, Role.LEAD_REVIEWER, Role.ADMIN])
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_the_staff_detail_is_what_the_serializer_writes(role, language):
    # Given applications with and without channel, accounts, answers (one of each kind), an
    # assistant, a camera answer, years in business or consent
    campaign = CampaignFactory()
    questionnaire = demo_questionnaire(campaign)
    full = ApplicationFactory(
        campaign=campaign,
        questionnaire=questionnaire,
        channel=ChannelFactory(),
        accounts=4,
        job_title="Founder",
        company_website="https://pantry.example.com",
        years_in_business=12,
        live_experience="occasional",
        live_experience_notes="Twice on Douyin",
        assistant_name="Li Na",
        assistant_email="li.na@example.com",
        assistant_phone="+8613900002222",
        status=Status.APPROVED,
        language="zh-hans",
    )
    answers = valid_answers()
    for question in questionnaire.questions.all():
        if question.key in answers:
            Answer.objects.create(application=full, question=question, value=answers[question.key])
    bare = ApplicationFactory(
        campaign=campaign,
        questionnaire=questionnaire,
        channel=None,
        accounts=0,
        on_camera_in_person=None,
        consent_given_at=None,
    )
    reader = UserFactory(role=role, is_staff=True)
    client = client_for(reader)

    for application in (full, bare):
        # When staff open it
        response = client.get(DETAIL.format(application.pk), HTTP_ACCEPT_LANGUAGE=language)

        # Then it is exactly what the serializer writes, in the reader's language
        assert response.status_code == 200
        with translation.override(language):
            assert response.json() == _serialized(application)
    shown = response.json()
    assert shown["total_followers"] == 0 and shown["channel"] is None
    full_shown = client.get(DETAIL.format(full.pk)).json()
    assert full_shown["total_followers"] == 10000
    assert {answer["kind"] for answer in full_shown["answers"]} >= {
        "number", "weekly_availability", "multiple_choice", "single_choice", "yes_no", "text"
    }  # fmt: skip
    # Each read is recorded, one row a read
    assert PersonalDataAccess.objects.filter(actor=reader).count() == 3


def test_the_staff_detail_hides_blind_campaigns_from_reviewers_and_answers_404(
    reviewer_client, lead_client
):
    # Given an application of a blind campaign, and a draft
    blind = CampaignFactory()
    ReviewSettings.objects.create(campaign=blind, hide_identity=True)
    hidden = ApplicationFactory(campaign=blind)
    draft = ApplicationFactory(status=Status.DRAFT, submitted_at=None)

    # Then a reviewer finds neither (nor a malformed id); a lead reads the blind one
    for pk in (hidden.pk, draft.pk, 999999, "abc"):
        assert reviewer_client.get(DETAIL.format(pk)).status_code == 404
    assert not PersonalDataAccess.objects.exists()
    assert lead_client.get(DETAIL.format(hidden.pk)).status_code == 200
    assert PersonalDataAccess.objects.get().actor == lead_client.user
