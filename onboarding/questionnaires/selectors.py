from django.db.models import Prefetch, QuerySet

from onboarding.questionnaires.models import Answer, Question, Questionnaire


def questionnaire_active(*, campaign_id: int) -> Questionnaire | None:
    """The published version new applicants answer, with its questions loaded."""
    return (
        Questionnaire.objects.filter(campaign_id=campaign_id, status=Questionnaire.Status.PUBLISHED)
        .prefetch_related(Prefetch("questions", queryset=Question.objects.order_by("position")))
        .first()
    )


def answers_for(*, application_id: int) -> QuerySet[Answer]:
    return (
        Answer.objects.filter(application_id=application_id)
        .select_related("question")
        .order_by("question__position")
    )
