from zoneinfo import ZoneInfo

from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from onboarding.applicants.models import Application, Campaign, SocialAccount, Status
from onboarding.questionnaires.models import Answer, Question


def campaigns_open() -> QuerySet[Campaign]:
    now = timezone.now()
    return Campaign.objects.filter(
        is_active=True, application_opens_at__lte=now, application_closes_at__gt=now
    )


def _with_answers(queryset: QuerySet[Application]) -> QuerySet[Application]:
    return queryset.prefetch_related(
        "social_accounts",
        Prefetch(
            "answers",
            queryset=Answer.objects.select_related("question").order_by("question__position"),
        ),
    )


def applications_for_staff() -> QuerySet[Application]:
    """Sent applications, with what a list row shows loaded up front."""
    return (
        Application.objects.exclude(status=Status.DRAFT)
        .select_related("campaign", "channel", "questionnaire")
        .prefetch_related("social_accounts")
    )


def applications_list_rows(queryset: QuerySet[Application]) -> QuerySet[Application]:
    """The staff list's rows with their total followers summed in the page's own query."""
    followers = (
        SocialAccount.objects.filter(application=OuterRef("pk"))
        .order_by()
        .values("application")
        .annotate(total=Sum("followers"))
        .values("total")
    )
    return queryset.prefetch_related(None).annotate(
        total_followers=Coalesce(Subquery(followers), 0)
    )


def application_detail_for_staff() -> QuerySet[Application]:
    return _with_answers(applications_for_staff())


def applications_by_token() -> QuerySet[Application]:
    """Applications as their private link shows them, questions of their version included."""
    return _with_answers(
        Application.objects.select_related("campaign", "questionnaire", "channel")
    ).prefetch_related(
        Prefetch("questionnaire__questions", queryset=Question.objects.order_by("position"))
    )


def application_by_token(*, token: str) -> Application | None:
    return applications_by_token().filter(draft_token=token).first()


def applications_of_user(*, user_id: int) -> QuerySet[Application]:
    return Application.objects.filter(user_id=user_id).select_related("campaign", "questionnaire")


def intake_by_channel_and_day(*, campaign: Campaign) -> list[dict]:
    """How many applications each recruitment channel brought, per day in the campaign's zone."""
    rows = (
        Application.objects.filter(campaign=campaign, submitted_at__isnull=False)
        .annotate(day=TruncDate("submitted_at", tzinfo=ZoneInfo(campaign.timezone)))
        .values("day", "channel__code", "unknown_channel_code")
        .annotate(applications=Count("id"))
        .order_by("day", "channel__code", "unknown_channel_code")
    )
    return [
        {
            "day": row["day"],
            "channel": channel_label(row["channel__code"], row["unknown_channel_code"]),
            "applications": row["applications"],
        }
        for row in rows
    ]


def channel_label(code: str | None, unknown_code: str = "") -> str:
    """How intake counts name where an application came from: the channel's code, the code of
    a link that named no channel ("unknown: <code>"), or "direct"."""
    if code:
        return code
    return f"unknown: {unknown_code}" if unknown_code else "direct"


def availability_question(application: Application) -> Question | None:
    """The weekly-availability question of the version the application answered."""
    return (
        Question.objects.filter(
            questionnaire_id=application.questionnaire_id,
            kind=Question.Kind.WEEKLY_AVAILABILITY,
        )
        .order_by("position", "pk")
        .first()
    )


def availability_of(application: Application) -> list[dict[str, str]]:
    """The windows the application holds now; empty if it has none."""
    question = availability_question(application)
    if question is None:
        return []
    answer = Answer.objects.filter(application=application, question=question).first()
    return list(answer.value) if answer is not None else []
