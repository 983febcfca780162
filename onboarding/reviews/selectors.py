from datetime import datetime

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from onboarding.applicants import workflow
from onboarding.applicants.models import PUBLIC_STATUS_LABELS, Application, Status
from onboarding.core.models import AuditEntry, Role, User
from onboarding.core.selectors import audit_history
from onboarding.questionnaires.models import Answer
from onboarding.reviews.models import ConflictOfInterest, ReviewerScore, ReviewNote, ReviewSettings

# Applications a reviewer still has work on, and a decision is due for.
OPEN_REVIEW = [Status.SUBMITTED, Status.IN_REVIEW, Status.NEEDS_INFO]


def review_queue(*, user: User) -> QuerySet[Application]:
    """Sent applications the user may review: never those they declared a conflict with."""
    conflicted = ConflictOfInterest.objects.filter(application=OuterRef("pk"), reviewer=user)
    return (
        Application.objects.exclude(status=Status.DRAFT)
        .filter(review__isnull=False)
        .exclude(Exists(conflicted))
        .select_related("campaign", "campaign__review_settings", "review", "review__reviewer")
    )


def review_detail(*, user: User) -> QuerySet[Application]:
    return review_queue(user=user).prefetch_related(
        "social_accounts",
        Prefetch(
            "answers",
            queryset=Answer.objects.select_related("question").order_by("question__position"),
        ),
    )


def is_overdue(application: Application, now: datetime | None = None) -> bool:
    due = application.review.decision_due_at
    waiting = application.status in OPEN_REVIEW
    return bool(waiting and due and due < (now or timezone.now()))


def identity_hidden(*, user: User, application: Application) -> bool:
    """Campaigns may hide who applied from reviewers; leads and admins still see it."""
    try:
        hidden = application.campaign.review_settings.hide_identity
    except ReviewSettings.DoesNotExist:
        return False
    return hidden and not user.has_role(*workflow.LEADS)


def is_applicant(user: User, application: Application) -> bool:
    """The applicant themself (signed in with their own login), not a member of staff."""
    return user.pk == application.user_id or user.role == Role.CEO


def visible_scores(*, user: User, application_id: int) -> list[ReviewerScore]:
    """Other reviewers' scores show only once the user has given their own."""
    scores = list(
        ReviewerScore.objects.filter(application_id=application_id)
        .select_related("reviewer")
        .order_by("id")
    )
    if any(score.reviewer_id == user.pk for score in scores):
        return scores
    return []


def review_notes(*, application_id: int) -> QuerySet[ReviewNote]:
    return ReviewNote.objects.filter(application_id=application_id).select_related("author")


def decision_history(*, application: Application) -> QuerySet[AuditEntry]:
    return audit_history(subject=application)


def public_history(*, application: Application) -> QuerySet[AuditEntry]:
    """What the applicant may see of the history: state changes, without internal reasons."""
    # The actor is internal: drop the join audit_history adds, or only() refuses the query.
    return (
        audit_history(subject=application)
        .select_related(None)
        .exclude(to_state="")
        .only("created_at", "from_state", "to_state", "action")
    )


# What happens after each state, for the applicant's timeline.
NEXT_STEP = {
    Status.SUBMITTED: _("A reviewer looks at your application and decides."),
    Status.IN_REVIEW: _("A reviewer looks at your application and decides."),
    Status.NEEDS_INFO: _("Answer the reviewer's question at this page."),
    Status.APPROVED: _("Choose your on-air training sessions."),
    Status.WAITLISTED: _("We write to you as soon as a place opens."),
    Status.TRAINED: _("A scheduler books your studio time."),
    Status.SCHEDULED: _("Get ready for your first show."),
}


def information_request(*, application: Application) -> str:
    """The question of the open information request, as the reviewer wrote it for the applicant."""
    if application.status != Status.NEEDS_INFO:
        return ""
    entry = audit_history(subject=application).filter(action="request_info").last()
    return entry.reason if entry else ""


def application_timeline(*, application: Application) -> dict:
    """For the applicant: where the application stands, what happens next and by when."""
    due = None
    review = getattr(application, "review", None)
    if application.status in OPEN_REVIEW and review:
        due = review.decision_due_at
    return {
        "status": application.public_status_label,
        "next_step": str(NEXT_STEP.get(Status(application.status), "")),
        "due_at": due,
        "question": information_request(application=application),
        "can_withdraw": workflow.Action.WITHDRAW
        in workflow.allowed_actions(application.status, workflow.APPLICANT),
        "history": [
            {"at": entry.created_at, "status": _public_label(entry.to_state)}
            for entry in public_history(application=application)
        ],
    }


def _public_label(status: str) -> str:
    return str(PUBLIC_STATUS_LABELS.get(status, status))
