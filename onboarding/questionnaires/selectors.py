from typing import Any

from django.db.models import Prefetch

from onboarding.questionnaires.models import Question, Questionnaire


def questionnaire_active(*, campaign_id: int) -> Questionnaire | None:
    """The published version new applicants answer, with its questions loaded."""
    return (
        Questionnaire.objects.filter(campaign_id=campaign_id, status=Questionnaire.Status.PUBLISHED)
        .prefetch_related(Prefetch("questions", queryset=Question.objects.order_by("position")))
        .first()
    )


def answer_values(application: Any) -> dict[str, Any]:
    """The application's answers by question key (uses prefetched answers when there are)."""
    answers = application.answers.all()
    if "answers" not in getattr(application, "_prefetched_objects_cache", {}):
        # One query with each answer's question, not one more query per answer.
        answers = answers.select_related("question")
    return {answer.question.key: answer.value for answer in answers}
