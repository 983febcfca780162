"""Small reads many others need: campaign rules, commitments, role checks."""

from collections.abc import Iterable
from typing import Any

from onboarding.applicants.models import Application, Campaign
from onboarding.core.models import Role, User
from onboarding.questionnaires.models import Answer
from onboarding.studios.models import SchedulingSettings
from onboarding.training.selectors import TRAINED_OR_LATER

# Applications that may be booked: training done, or already on air.
BOOKABLE = TRAINED_OR_LATER
COMMITMENT_QUESTION = "weekly_events"
SCHEDULERS = (Role.SCHEDULER, Role.ADMIN)


def is_scheduler(user: User | None) -> bool:
    return bool(user and user.is_authenticated and user.has_role(*SCHEDULERS))


def scheduling_settings(*, campaign: Campaign) -> SchedulingSettings:
    """The campaign's rules, or the defaults (unsaved) when nobody set them yet."""
    try:
        return campaign.scheduling_settings
    except SchedulingSettings.DoesNotExist:
        return SchedulingSettings(campaign=campaign)


def _as_count(value: Any) -> int | None:
    try:
        count = int(value)
    except (TypeError, ValueError):
        return None
    return count if count > 0 else None


def commitments(*, applications: Iterable[Application]) -> dict[int, int]:
    """Live events a week each CEO promised in the questionnaire (the campaign minimum if none).

    One query, whatever the number of applications.
    """
    applications = list(applications)
    answers = dict(
        Answer.objects.filter(
            application__in=[a.pk for a in applications], question__key=COMMITMENT_QUESTION
        ).values_list("application_id", "value")
    )
    return {
        a.pk: _as_count(answers.get(a.pk)) or a.campaign.min_weekly_events for a in applications
    }


def commitment(*, application: Application) -> int:
    return commitments(applications=[application])[application.pk]
