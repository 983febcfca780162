"""The campaign dashboard in one read, with a fixed number of queries whatever the data."""

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

from onboarding.applicants.models import Campaign, Status
from onboarding.core.models import User
from onboarding.insights.selectors import attention, funnel, operations
from onboarding.insights.selectors.funnel import Intake, ReviewTarget
from onboarding.studios.selectors import attendance, scheduling_settings


@dataclass(frozen=True)
class Dashboard:
    campaign: Campaign
    generated_at: datetime
    today: date
    attention: dict
    funnel: list
    applications_per_day: Intake
    reviews: ReviewTarget
    training: operations.Training
    utilisation: operations.Utilisation
    attendance: operations.AttendanceSummary
    outcomes: operations.Outcomes
    targets: dict


def dashboard_campaign(*, slug: str) -> Campaign | None:
    """The campaign with the settings the figures read, in one query."""
    return (
        Campaign.objects.select_related("review_settings", "scheduling_settings")
        .filter(slug=slug)
        .first()
    )


def dashboard(*, campaign: Campaign, user: User, now: datetime | None = None) -> Dashboard:
    """Every figure of the campaign dashboard at `now` (UTC); days in the campaign's zone.

    Pass a campaign from `dashboard_campaign`: its settings come with it.
    """
    now = now or timezone.now()
    today = now.astimezone(ZoneInfo(campaign.timezone)).date()
    stages = funnel.funnel(campaign=campaign)
    reviews = funnel.review_target(campaign=campaign, now=now)
    rows = attendance(campaign=campaign, at=now)
    threshold = scheduling_settings(campaign=campaign).attendance_threshold
    shows = operations.outcomes(campaign=campaign)
    return Dashboard(
        campaign=campaign,
        generated_at=now,
        today=today,
        attention={
            "overdue_reviews": attention.overdue_reviews(
                campaign=campaign, now=now, count=reviews.overdue
            ),
            "unconfirmed_shows": attention.unconfirmed_shows(campaign=campaign, now=now),
            "late_samples": attention.late_samples(campaign=campaign, now=now),
            "attendance_flagged": attention.attendance_flagged(rows=rows),
            "full_sessions": attention.full_sessions(campaign=campaign, user=user, now=now),
        },
        funnel=stages,
        applications_per_day=funnel.applications_per_day(campaign=campaign, today=today),
        reviews=reviews,
        training=operations.training(
            campaign=campaign,
            approved=funnel.reached(stages, Status.APPROVED),
            trained=funnel.reached(stages, Status.TRAINED),
        ),
        utilisation=operations.utilisation(campaign=campaign, first=today),
        attendance=operations.attendance_summary(rows=rows, threshold=threshold),
        outcomes=shows,
        targets=operations.targets(
            campaign=campaign,
            ceos_live=funnel.reached(stages, Status.LIVE),
            shows_held=shows.total.held,
            turnover=shows.total.turnover_cny,
        ),
    )
