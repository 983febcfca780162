"""The review's applicant detail is built from `.values()` rows (reviews/api/rows.py): the JSON
ReviewDetailSerializer, the contract, gives for the same application and reader."""

import json
from types import SimpleNamespace

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import translation
from rest_framework.renderers import JSONRenderer

from onboarding.applicants.models import PersonalDataAccess
from onboarding.core.models import AuditEntry, Role
from onboarding.questionnaires.models import Answer
from onboarding.reviews import selectors
from onboarding.reviews.api.serializers import ReviewDetailSerializer
from onboarding.reviews.models import ReviewerScore, ReviewNote, ReviewSettings
from tests.factories import CampaignFactory, UserFactory, demo_questionnaire, valid_answers
from tests.helpers import client_for
from tests.reviews.factories import ReviewedApplicationFactory

pytestmark = pytest.mark.django_db

DETAIL = "/api/v1/review/applications/{}/"
BREAKDOWN = [
    {
        "name": "On camera",
        "kind": "on_camera",
        "hard": True,
        "passed": False,
        "points": 0,
        "weight": 0,
        "facts": {"value": False},
    },
    {
        "name": "Douyin reach",
        "kind": "followers",
        "hard": False,
        "passed": True,
        "points": 12,
        "weight": 20,
        "facts": {"platform": "douyin", "handle": "pantry", "value": 52000, "threshold": 10000},
    },
    {
        "name": "Shows a week",
        "kind": "weekly_events",
        "hard": False,
        "passed": False,
        "points": 0,
        "weight": 10,
        "facts": {"value": 1, "threshold": 3},
    },
    {
        "name": "Industry",
        "kind": "industry",
        "hard": False,
        "passed": True,
        "points": 5,
        "weight": 5,
        "facts": {"value": "food"},
    },
    {"name": "Years", "kind": "years_in_business", "hard": False, "passed": False, "points": 0,
     "weight": 5, "facts": {}},
]  # fmt: skip


def _application(*, blind: bool, reader, scored: bool):
    """An application with every part the detail shows: accounts, an answer of each kind, a
    breakdown of each kind, the reader's and another's scores, notes (one from the applicant,
    one whose author left), history by staff, the applicant and no one."""
    campaign = CampaignFactory()
    if blind:
        ReviewSettings.objects.create(campaign=campaign, hide_identity=True)
    questionnaire = demo_questionnaire(campaign)
    applicant = UserFactory(role=Role.CEO)
    application = ReviewedApplicationFactory(
        campaign=campaign,
        questionnaire=questionnaire,
        user=applicant,
        accounts=3,
        job_title="Founder",
        company_website="https://pantry.example.com",
        years_in_business=None,
        live_experience_notes="Twice on Douyin",
        assistant_name="Li Na",
        review__breakdown=BREAKDOWN,
        review__hard_failed=True,
        review__score=17,
        review__max_score=40,
        review__reviewer=reader,
    )
    answers = valid_answers()
    for question in questionnaire.questions.all():
        if question.key in answers:
            Answer.objects.create(
                application=application, question=question, value=answers[question.key]
            )
    other = UserFactory(role=Role.REVIEWER)
    ReviewerScore.objects.create(application=application, reviewer=other, score=2, comment="Hm")
    if scored:
        ReviewerScore.objects.create(application=application, reviewer=reader, score=4)
    ReviewNote.objects.create(application=application, author=other, text="Call them")
    ReviewNote.objects.create(
        application=application, author=None, text="Left", from_applicant=True
    )
    kind = ContentType.objects.get_for_model(application)
    for actor, action in ((other, "decided"), (applicant, "answered"), (None, "reminded")):
        AuditEntry.objects.create(
            content_type=kind,
            object_id=application.pk,
            actor=actor,
            action=action,
            from_state="submitted",
            to_state="in_review",
            reason="Because",
            data={"n": 1, "list": ["a"]},
        )
    return application


def _serialized(application, user) -> dict:
    found = selectors.review_detail(user=user).get(pk=application.pk)
    context = {"request": SimpleNamespace(user=user)}
    return json.loads(JSONRenderer().render(ReviewDetailSerializer(found, context=context).data))


@pytest.mark.parametrize("blind", [False, True])
@pytest.mark.parametrize("role", [Role.REVIEWER, Role.LEAD_REVIEWER, Role.ADMIN])
@pytest.mark.parametrize(("scored", "language"), [(True, "en"), (False, "zh-hans")])
def test_the_review_detail_is_what_the_serializer_writes(blind, role, scored, language):
    # Given a reader of each role and an application with every part, blind review on or off
    reader = UserFactory(role=role, is_staff=True)
    application = _application(blind=blind, reader=reader, scored=scored)

    # When they open it
    response = client_for(reader).get(DETAIL.format(application.pk), HTTP_ACCEPT_LANGUAGE=language)

    # Then it is exactly what the serializer writes for them, in their language
    assert response.status_code == 200
    with translation.override(language):
        expected = _serialized(application, reader)
    assert response.json() == expected
    hidden = blind and role == Role.REVIEWER
    assert (expected["full_name"] == "—") is hidden
    assert ("—" in [entry["actor"] for entry in expected["history"]]) is hidden
    assert len(expected["scores"]) == (2 if scored else 0)
    assert {answer["kind"] for answer in expected["answers"]} >= {
        "number", "weekly_availability", "multiple_choice", "single_choice", "yes_no", "text"
    }  # fmt: skip
    # The read is recorded, unless the reader could not see who applied
    reads = PersonalDataAccess.objects.filter(application=application, actor=reader)
    assert reads.count() == (0 if hidden else 1)


def test_the_review_detail_answers_404_as_before(reviewer_client):
    # Given an application the reviewer declared a conflict with, and none at all
    from onboarding.reviews.models import ConflictOfInterest

    application = ReviewedApplicationFactory()
    ConflictOfInterest.objects.create(
        application=application, reviewer=reviewer_client.user, reason="Cousin"
    )

    # Then neither is found, nor is a malformed id
    for pk in (application.pk, 999999, "abc"):
        assert reviewer_client.get(DETAIL.format(pk)).status_code == 404
    assert not PersonalDataAccess.objects.exists()
