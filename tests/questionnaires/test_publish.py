"""Publishing refuses a version applicants could not answer, however its questions got in."""

import pytest
from django.contrib.messages import ERROR
from django.urls import reverse

from onboarding.core.models import AuditEntry
from onboarding.questionnaires.models import Question, Questionnaire
from onboarding.questionnaires.services import (
    QuestionnaireBroken,
    questionnaire_new_version,
    questionnaire_publish,
)
from tests.factories import QuestionFactory, QuestionnaireFactory

Status = Questionnaire.Status
TWO_CHOICES = [{"value": "a", "en": "A", "zh": "甲"}, {"value": "b", "en": "B", "zh": "乙"}]


@pytest.fixture
def draft(questionnaire) -> Questionnaire:
    return QuestionnaireFactory(
        campaign=questionnaire.campaign, version=2, status=Status.DRAFT, published_at=None
    )


def _refused(draft: Questionnaire) -> QuestionnaireBroken:
    with pytest.raises(QuestionnaireBroken) as refused:
        questionnaire_publish(questionnaire=draft, actor=None)
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    assert not AuditEntry.objects.filter(action="publish", object_id=draft.pk).exists()
    return refused.value


def test_a_show_if_naming_no_earlier_question_is_refused(draft, questionnaire):
    # Given a draft whose condition names a question that comes after it
    QuestionFactory(
        questionnaire=draft, key="note", position=0, show_if_key="has_team", show_if_values=[True]
    )
    QuestionFactory(questionnaire=draft, key="has_team", position=1, kind=Question.Kind.YES_NO)

    # When it is published, then the service refuses it, naming the question and the key
    refused = _refused(draft)
    assert refused.status_code == 409
    assert "“note”" in refused.message
    assert "“has_team” is not the key of an earlier question" in refused.message
    assert list(refused.fields["questions"]) == ["note"]
    assert list(refused.fields["questions"]["note"]) == ["show_if_key"]
    questionnaire.refresh_from_db()
    assert questionnaire.status == Status.PUBLISHED


def test_a_show_if_naming_a_missing_question_is_refused(draft):
    QuestionFactory(questionnaire=draft, key="note", show_if_key="gone", show_if_values=["x"])

    refused = _refused(draft)
    assert "“gone” is not the key of an earlier question" in refused.message


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"kind": "single_choice", "choices": [{"value": "a"}]}, "choices", "Choices must be"),
        ({"kind": "multiple_choice", "choices": TWO_CHOICES[:1]}, "choices", "at least two"),
        ({"kind": "text", "choices": TWO_CHOICES}, "choices", "Only single and multiple"),
        (
            {"kind": "single_choice", "choices": [TWO_CHOICES[0], TWO_CHOICES[0]]},
            "choices",
            "used twice",
        ),
        ({"show_if_key": "", "show_if_values": [True]}, "show_if_values", "Values need"),
    ],
    ids=["shape", "too few", "not a choice question", "value twice", "values without key"],
)
def test_a_question_of_the_wrong_shape_is_refused(draft, fields, field, message):
    QuestionFactory(questionnaire=draft, key="broken", **fields)

    refused = _refused(draft)
    assert message in " ".join(refused.fields["questions"]["broken"][field])


def test_a_condition_asking_for_an_impossible_answer_is_refused(draft):
    QuestionFactory(questionnaire=draft, key="has_team", position=0, kind=Question.Kind.YES_NO)
    QuestionFactory(
        questionnaire=draft, key="note", position=1, show_if_key="has_team", show_if_values=[1]
    )

    refused = _refused(draft)
    assert "not a possible answer to “has_team”" in refused.message


def test_the_demo_questionnaire_copied_into_a_draft_publishes(questionnaire):
    draft = questionnaire_new_version(questionnaire=questionnaire, actor=None)

    published = questionnaire_publish(questionnaire=draft, actor=None)

    assert published.status == Status.PUBLISHED


def test_the_admin_action_shows_what_the_service_says(admin_client, draft):
    QuestionFactory(questionnaire=draft, key="note", show_if_key="gone", show_if_values=["x"])

    response = admin_client.post(
        reverse("admin:questionnaires_questionnaire_changelist"),
        {"action": "publish", "_selected_action": [draft.pk]},
        follow=True,
    )

    ((message,),) = [[m] for m in response.context["messages"]]
    assert message.level == ERROR
    assert "“gone” is not the key of an earlier question" in message.message
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
