import copy
from datetime import datetime
from typing import Any

from django.db import router

from onboarding.questionnaires.models import Question, Questionnaire

# The questions of each published version, as rows, kept by this process: a published version
# is never edited again (the admin refuses it; a change is a new version), so they cannot go
# stale. Keyed by the version's id and publication time, so a database rebuilt under the same
# ids (tests, a restored dump) is not mistaken for the old one.
_PUBLISHED_QUESTIONS: dict[tuple[int, datetime | None], list[tuple[Any, ...]]] = {}
_PUBLISHED_QUESTIONS_KEPT = 64
_QUESTION_FIELDS = [field.attname for field in Question._meta.concrete_fields]


def questionnaire_active(*, campaign_id: int) -> Questionnaire | None:
    """The published version new applicants answer, with its questions loaded.

    One query for the version; its questions come from this process's copy after the first
    submission, which is most of what a submission's reads were."""
    questionnaire = Questionnaire.objects.filter(
        campaign_id=campaign_id, status=Questionnaire.Status.PUBLISHED
    ).first()
    if questionnaire is None:
        return None
    key = (questionnaire.pk, questionnaire.published_at)
    rows = _PUBLISHED_QUESTIONS.get(key)
    if rows is None:
        rows = list(
            questionnaire.questions.order_by("position", "id").values_list(*_QUESTION_FIELDS)
        )
        if len(_PUBLISHED_QUESTIONS) >= _PUBLISHED_QUESTIONS_KEPT:
            _PUBLISHED_QUESTIONS.clear()
        _PUBLISHED_QUESTIONS[key] = rows
    db = router.db_for_read(Question)
    questions = [Question.from_db(db, _QUESTION_FIELDS, copy.deepcopy(row)) for row in rows]
    for question in questions:
        question.questionnaire = questionnaire
    # As prefetch_related leaves it: `questionnaire.questions.all()` answers from this list.
    prefetched = questionnaire.questions.get_queryset()
    prefetched._result_cache = questions
    prefetched._prefetch_done = True  # type: ignore[attr-defined]
    questionnaire._prefetched_objects_cache = {"questions": prefetched}  # type: ignore[attr-defined]
    return questionnaire


def answer_values(application: Any) -> dict[str, Any]:
    """The application's answers by question key (uses prefetched answers when there are)."""
    answers = application.answers.all()
    if "answers" not in getattr(application, "_prefetched_objects_cache", {}):
        # One query with each answer's question, not one more query per answer.
        answers = answers.select_related("question")
    return {answer.question.key: answer.value for answer in answers}
