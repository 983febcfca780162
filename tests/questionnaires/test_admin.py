import json

import pytest
from django.contrib.messages import ERROR, SUCCESS
from django.urls import reverse

from onboarding.questionnaires.models import Questionnaire
from onboarding.questionnaires.services import questionnaire_new_version
from tests.factories import QuestionnaireFactory

CHANGELIST = reverse("admin:questionnaires_questionnaire_changelist")
Status = Questionnaire.Status


def _change_url(questionnaire: Questionnaire) -> str:
    return reverse("admin:questionnaires_questionnaire_change", args=[questionnaire.pk])


def _messages(response) -> list[tuple[int, str]]:
    return [(message.level, message.message) for message in response.context["messages"]]


def _action(admin_client, action: str, *questionnaires: Questionnaire):
    return admin_client.post(
        CHANGELIST,
        {"action": action, "_selected_action": [q.pk for q in questionnaires]},
        follow=True,
    )


@pytest.fixture
def draft(questionnaire) -> Questionnaire:
    """An empty draft version 2 of the demo campaign's questionnaire."""
    return QuestionnaireFactory(
        campaign=questionnaire.campaign, version=2, status=Status.DRAFT, published_at=None
    )


def _question(key: str, position: int, **fields) -> dict:
    return {
        "key": key,
        "position": position,
        "kind": "text",
        "required": "on",
        "label_en": f"Question {key}",
        "label_zh": f"问题 {key}",
        "max_length": 1000,
        "choices": "[]",
        "show_if_key": "",
        "show_if_values": "[]",
        **fields,
    }


def _post_questions(admin_client, questionnaire: Questionnaire, *questions: dict):
    """Post the change form of a version with no questions yet, adding these questions."""
    data = {
        "consent_text_en": questionnaire.consent_text_en,
        "consent_text_zh": questionnaire.consent_text_zh,
        "questions-TOTAL_FORMS": len(questions),
        "questions-INITIAL_FORMS": 0,
        "questions-MIN_NUM_FORMS": 0,
        "questions-MAX_NUM_FORMS": 1000,
    }
    for index, question in enumerate(questions):
        data.update({f"questions-{index}-{name}": value for name, value in question.items()})
    return admin_client.post(_change_url(questionnaire), data)


def _question_errors(response) -> list[dict]:
    assert response.status_code == 200, "the form was expected to be refused"
    (inline,) = response.context["inline_admin_formsets"]
    return inline.formset.errors


# The changelist and the actions


def test_changelist_counts_questions(admin_client, questionnaire, draft):
    response = admin_client.get(CHANGELIST)

    assert response.status_code == 200
    counts = {q.version: q.question_count for q in response.context["cl"].result_list}
    assert counts == {1: questionnaire.questions.count(), 2: 0}
    assert counts[1] > 0


def test_publish_action_publishes_the_draft_and_retires_the_previous_version(
    admin_client, questionnaire
):
    draft = questionnaire_new_version(questionnaire=questionnaire, actor=None)

    response = _action(admin_client, "publish", draft)

    questionnaire.refresh_from_db()
    draft.refresh_from_db()
    assert draft.status == Status.PUBLISHED
    assert draft.published_at is not None
    assert questionnaire.status == Status.RETIRED
    assert [level for level, _text in _messages(response)] == [SUCCESS]


def test_publish_action_reports_the_refusal_as_an_error(admin_client, questionnaire, draft):
    response = _action(admin_client, "publish", draft)

    draft.refresh_from_db()
    questionnaire.refresh_from_db()
    assert draft.status == Status.DRAFT
    assert questionnaire.status == Status.PUBLISHED
    ((level, text),) = _messages(response)
    assert level == ERROR
    assert "at least one question" in text


def test_publishing_a_published_version_is_refused(admin_client, questionnaire):
    response = _action(admin_client, "publish", questionnaire)

    questionnaire.refresh_from_db()
    assert questionnaire.status == Status.PUBLISHED
    ((level, text),) = _messages(response)
    assert level == ERROR
    assert "Only a draft can be published" in text


def test_new_version_action_copies_the_questions_into_a_draft(admin_client, questionnaire):
    response = _action(admin_client, "new_version", questionnaire)

    copy = Questionnaire.objects.get(campaign=questionnaire.campaign, version=2)
    assert response.redirect_chain[-1][0] == _change_url(copy)
    assert copy.status == Status.DRAFT
    assert copy.consent_text_zh == questionnaire.consent_text_zh

    def shape(q: Questionnaire) -> list[tuple]:
        return list(
            q.questions.order_by("position").values_list(
                "key", "position", "kind", "label_zh", "choices", "show_if_key", "show_if_values"
            )
        )

    assert shape(copy) == shape(questionnaire)
    assert len(shape(copy)) == questionnaire.questions.count() > 0
    questionnaire.refresh_from_db()
    assert questionnaire.status == Status.PUBLISHED


# Published versions are read-only; drafts are edited here


def test_published_version_is_shown_read_only(admin_client, questionnaire):
    response = admin_client.get(_change_url(questionnaire))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="_save"' not in html
    assert 'name="questions-0-label_en"' not in html
    assert "How many live events a week can you do?" in html
    assert any("can no longer be changed" in text for _level, text in _messages(response))


def test_published_version_refuses_a_posted_change(admin_client, questionnaire):
    response = _post_questions(admin_client, questionnaire, _question("extra", 99))

    assert response.status_code == 403
    assert not questionnaire.questions.filter(key="extra").exists()


def test_staff_add_questions_to_a_draft(admin_client, draft):
    choices = [{"value": "a", "en": "A", "zh": "甲"}, {"value": "b", "en": "B", "zh": "乙"}]

    response = _post_questions(
        admin_client,
        draft,
        _question("has_team", 0, kind="yes_no"),
        _question("team_size", 1, kind="number", min_value=1, max_value=50),
        _question("style", 2, kind="single_choice", choices=json.dumps(choices)),
        _question("team_note", 3, show_if_key="has_team", show_if_values="[true]"),
    )

    assert response.status_code == 302
    saved = list(draft.questions.order_by("position"))
    assert [q.key for q in saved] == ["has_team", "team_size", "style", "team_note"]
    assert saved[2].choices == choices
    assert saved[3].show_if_values == [True]


@pytest.mark.parametrize(
    ("questions", "row", "field", "message"),
    [
        (
            [_question("note", 0, show_if_key="has_team", show_if_values="[true]")],
            0,
            "show_if_key",
            "not the key of an earlier question",
        ),
        (
            [
                _question("note", 0, show_if_key="has_team", show_if_values="[true]"),
                _question("has_team", 1, kind="yes_no"),
            ],
            0,
            "show_if_key",
            "not the key of an earlier question",
        ),
        (
            [
                _question("has_team", 0, kind="yes_no"),
                _question("note", 1, show_if_key="has_team", show_if_values='["yes"]'),
            ],
            1,
            "show_if_values",
            "not a possible answer",
        ),
        (
            [_question("style", 0, kind="single_choice", choices='[{"value": "a", "en": "A"}]')],
            0,
            "choices",
            "Choices must be a list of",
        ),
        (
            [_question("style", 0, kind="multiple_choice", choices="[]")],
            0,
            "choices",
            "at least two choices",
        ),
        (
            [_question("size", 0, kind="number", min_value=10, max_value=2)],
            0,
            "max_value",
            "must not be below the minimum",
        ),
    ],
    ids=["unknown key", "later key", "impossible value", "choice shape", "no choices", "bounds"],
)
def test_question_form_refuses_what_applicants_could_not_answer(
    admin_client, draft, questions, row, field, message
):
    response = _post_questions(admin_client, draft, *questions)

    errors = _question_errors(response)
    assert any(message in text for text in errors[row][field]), errors
    assert not draft.questions.exists()
