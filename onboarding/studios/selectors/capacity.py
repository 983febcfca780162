"""The capacity view's data: the campaign's studios and committed CEOs, as plain planner values.

The arithmetic is `planner.capacity.capacity` (pure); this only loads. CEOs counted: the
campaign's approved ones (training still ahead) and those trained or further, each with the
weekly commitment from the questionnaire and their availability in their own zone. Studios:
the active ones, with their opening hours and the blackouts over the sales window. A fixed
number of queries, whatever the number of studios and CEOs.
"""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Prefetch

from onboarding.applicants.models import Application, Campaign, Status
from onboarding.questionnaires.models import Answer, Question
from onboarding.studios.models import Blackout, Studio
from onboarding.studios.planner import capacity as pure
from onboarding.studios.planner.types import Ceo, Range, WeeklyWindow
from onboarding.studios.planner.types import Studio as PlanStudio
from onboarding.studios.selectors.common import BOOKABLE, commitments
from onboarding.studios.selectors.standby import weekly_windows

COUNTED = (Status.APPROVED, *BOOKABLE)


def _studios(campaign: Campaign) -> list[PlanStudio]:
    tz = ZoneInfo(campaign.timezone)
    # A day either side: studios in other zones reach into the window's first and last days.
    start = datetime.combine(campaign.sales_starts_on - timedelta(days=1), time(0), tzinfo=tz)
    end = datetime.combine(campaign.sales_ends_on + timedelta(days=2), time(0), tzinfo=tz)
    rows = Studio.objects.filter(active=True).prefetch_related(
        "opening_hours",
        Prefetch(
            "blackouts",
            queryset=Blackout.objects.filter(starts_at__lt=end, ends_at__gt=start),
            to_attr="window_blackouts",
        ),
    )
    return [
        PlanStudio(
            id=s.pk,
            zone=s.timezone,
            city=s.city,
            opening=tuple(
                WeeklyWindow(h.weekday, h.opens, h.closes) for h in s.opening_hours.all()
            ),
            blackouts=tuple(Range(b.starts_at, b.ends_at) for b in s.window_blackouts),
            setup=timedelta(minutes=s.setup_minutes),
            teardown=timedelta(minutes=s.teardown_minutes),
        )
        for s in rows.order_by("pk")
    ]


def _ceos(campaign: Campaign) -> list[Ceo]:
    applications = list(
        Application.objects.filter(campaign=campaign, status__in=COUNTED)
        .select_related("campaign", "user")
        .order_by("pk")
    )
    promised = commitments(applications=applications)
    availability = dict(
        Answer.objects.filter(
            application__in=applications, question__kind=Question.Kind.WEEKLY_AVAILABILITY
        ).values_list("application_id", "value")
    )
    return [
        Ceo(
            id=a.pk,
            zone=a.user.timezone if a.user else campaign.timezone,
            weekly_commitment=promised[a.pk],
            availability=weekly_windows(availability.get(a.pk)),
            trained=a.status in BOOKABLE,
        )
        for a in applications
    ]


def capacity_view(
    *,
    campaign: Campaign,
    what_if: pure.WhatIf = pure.WhatIf(),  # noqa: B008 (frozen)
    show_length: timedelta = timedelta(hours=2),
) -> pure.Capacity:
    """The campaign's capacity per day of its sales window, with the what-if applied."""
    return pure.capacity(
        studios=tuple(_studios(campaign)),
        ceos=tuple(_ceos(campaign)),
        first_day=campaign.sales_starts_on,
        last_day=campaign.sales_ends_on,
        zone=campaign.timezone,
        show_length=show_length,
        crunch_share=crunch_share(),
        crew_shift=timedelta(hours=settings.CAPACITY_CREW_SHIFT_HOURS),
        what_if=what_if,
    )


def crunch_share() -> float:
    return float(settings.CAPACITY_CRUNCH_SHARE)
