"""The live version's questions are kept by the process after the first read, and never go
stale: a new published version is read afresh, and no caller shares another's instances."""

import pytest

from onboarding.applicants.models import Campaign
from onboarding.questionnaires.models import Question, Questionnaire
from onboarding.questionnaires.selectors import questionnaire_active, with_live_version
from onboarding.questionnaires.services import questionnaire_new_version, questionnaire_publish
from tests.factories import QuestionFactory

pytestmark = pytest.mark.django_db


def _keys(questionnaire: Questionnaire) -> list[str]:
    return [question.key for question in questionnaire.questions.all()]


def test_after_the_first_read_the_live_version_costs_one_query(
    questionnaire, django_assert_num_queries
):
    first = questionnaire_active(campaign_id=questionnaire.campaign_id)
    assert first is not None and _keys(first)

    with django_assert_num_queries(1):
        again = questionnaire_active(campaign_id=questionnaire.campaign_id)
        keys = _keys(again)
        assert all(question.questionnaire is again for question in again.questions.all())
    assert keys == _keys(first)
    assert keys == list(
        Question.objects.filter(questionnaire=questionnaire)
        .order_by("position", "id")
        .values_list("key", flat=True)
    )


def test_a_newly_published_version_is_answered_with_its_own_questions(questionnaire):
    before = _keys(questionnaire_active(campaign_id=questionnaire.campaign_id))

    draft = questionnaire_new_version(questionnaire=questionnaire, actor=None)
    QuestionFactory(questionnaire=draft, key="warehouse_city", position=99)
    questionnaire_publish(questionnaire=draft, actor=None)

    live = questionnaire_active(campaign_id=questionnaire.campaign_id)
    assert live.pk == draft.pk
    assert _keys(live) == [*before, "warehouse_city"]


def test_each_read_gets_its_own_question_instances(questionnaire):
    one = questionnaire_active(campaign_id=questionnaire.campaign_id)
    other = questionnaire_active(campaign_id=questionnaire.campaign_id)
    choice = next(q for q in one.questions.all() if q.choices)
    twin = next(q for q in other.questions.all() if q.pk == choice.pk)

    choice.choices.append({"value": "zz", "en": "Z", "zh": "Z"})

    assert twin is not choice
    assert twin.choices != choice.choices


def _campaign_read(questionnaire: Questionnaire) -> Campaign:
    return with_live_version(Campaign.objects.all()).get(pk=questionnaire.campaign_id)


def test_a_campaign_read_with_its_live_version_spares_the_query(
    questionnaire, django_assert_num_queries
):
    first = questionnaire_active(campaign_id=questionnaire.campaign_id)
    campaign = _campaign_read(questionnaire)

    with django_assert_num_queries(0):
        again = questionnaire_active(campaign_id=campaign.pk, campaign=campaign)
        keys = _keys(again)
    assert again.pk == first.pk and again.version == first.version
    assert again.status == Questionnaire.Status.PUBLISHED
    assert keys == _keys(first)


def test_a_campaign_read_before_a_new_version_is_seen_answers_the_new_one(questionnaire):
    questionnaire_active(campaign_id=questionnaire.campaign_id)
    draft = questionnaire_new_version(questionnaire=questionnaire, actor=None)
    QuestionFactory(questionnaire=draft, key="warehouse_city", position=99)
    questionnaire_publish(questionnaire=draft, actor=None)

    campaign = _campaign_read(questionnaire)
    live = questionnaire_active(campaign_id=campaign.pk, campaign=campaign)

    assert live.pk == draft.pk
    assert "warehouse_city" in _keys(live)


def test_a_campaign_with_no_published_version_has_none(questionnaire):
    Questionnaire.objects.filter(pk=questionnaire.pk).update(status=Questionnaire.Status.RETIRED)
    campaign = _campaign_read(questionnaire)

    assert questionnaire_active(campaign_id=campaign.pk, campaign=campaign) is None
