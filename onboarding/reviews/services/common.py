"""What the review writes share: the case locked first (see the lock order in __init__), and
who may score and note."""

from django.utils.translation import gettext as _

from onboarding.applicants import workflow
from onboarding.applicants.models import Status
from onboarding.applicants.services import actor_kind, application_transition
from onboarding.core.errors import Conflict, NotAllowed
from onboarding.core.models import User
from onboarding.reviews.models import ConflictOfInterest, ReviewCase
from onboarding.reviews.services.campaign_settings import settings_of


def locked_case(application_id: int) -> ReviewCase:
    try:
        return ReviewCase.objects.select_for_update().get(application_id=application_id)
    except ReviewCase.DoesNotExist:
        raise Conflict(_("This application has not been sent for review.")) from None


def is_conflicted(application_id: int, user: User) -> bool:
    return ConflictOfInterest.objects.filter(application_id=application_id, reviewer=user).exists()


def refuse_conflicted(application_id: int, user: User) -> None:
    if is_conflicted(application_id, user):
        raise NotAllowed(_("You declared a conflict of interest with this application."))


def refuse_closed_scoring(case: ReviewCase, user: User) -> None:
    """Where the campaign wants one opinion, only the assigned reviewer and leads give it."""
    holder = case.reviewer
    if holder is None or holder.pk == user.pk or actor_kind(user) in workflow.LEADS:
        return
    if settings_of(case.application.campaign).open_scoring:
        return
    raise NotAllowed(
        _(
            "This campaign takes scores and notes from the assigned reviewer (%(reviewer)s) "
            "and leads only."
        )
        % {"reviewer": holder.get_username()},
        assigned_to=holder.get_username(),
    )


def start_review_if_submitted(case: ReviewCase, actor: User, kind: str) -> None:
    """A reviewer's first look (a score, a first approval) moves the application into review."""
    if case.application.status == Status.SUBMITTED:
        application_transition(
            application_id=case.application_id,
            action=workflow.Action.START_REVIEW,
            actor_kind=kind,
            actor=actor,
            notify=False,
        )
