"""Who may take a freed slot, best first, and the offers as CEOs and schedulers see them.

Ready, for a freed slot, means all of: trained (or further), with a CEO account, in the slot's
campaign; samples received at that studio (for an earlier show of theirs there); the show
inside one of their weekly availability windows, read in their own zone; fewer shows that week
(the campaign's ISO week) than they committed to; and nothing else booked over the slot's
buffered time.

The ranking (`RANKING`): furthest below the weekly commitment first, then the higher review
score, then fewer shows booked in the campaign so far, then the earlier application. A fixed
number of queries, whatever the number of CEOs.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet

from onboarding.applicants.models import Application
from onboarding.core.models import User
from onboarding.questionnaires.models import WEEKDAYS, Answer, Question
from onboarding.reviews.models import ReviewCase
from onboarding.studios.models import (
    Booking,
    BookingStatus,
    FreedSlot,
    SampleShipment,
    StandbyOffer,
)
from onboarding.studios.planner.grid import local_windows
from onboarding.studios.planner.types import Range, WeeklyWindow
from onboarding.studios.selectors.common import BOOKABLE, commitments
from onboarding.studios.services.policies import week_bounds

RANKING = (
    "furthest below the weekly commitment that week, then the higher review score, then fewer "
    "shows booked in the campaign so far, then the earlier application"
)


@dataclass(frozen=True)
class Candidate:
    application: Application
    commitment: int
    booked_that_week: int
    shows_in_campaign: int
    score: int | None

    @property
    def shortfall(self) -> int:
        return self.commitment - self.booked_that_week

    def sort_key(self) -> tuple:
        return (
            -self.shortfall,
            -(self.score if self.score is not None else -1),
            self.shows_in_campaign,
            self.application.pk,
        )


def weekly_windows(value: Any) -> tuple[WeeklyWindow, ...]:
    """The questionnaire's availability answer as the planner's weekly windows."""
    windows = []
    for item in value or ():
        try:
            start = time.fromisoformat(item["start"])
            end = time.fromisoformat(item["end"])
            windows.append(WeeklyWindow(WEEKDAYS.index(item["day"]), start, end))
        except (KeyError, TypeError, ValueError):
            continue
    return tuple(sorted(windows))


def available_for(windows: tuple[WeeklyWindow, ...], zone: str, show: Range) -> bool:
    """Whether one weekly window, on its local day in `zone`, holds the whole show."""
    first = show.start.date() - timedelta(days=1)
    last = show.end.date() + timedelta(days=1)
    return any(window.covers(show) for _day, window in local_windows(windows, zone, first, last))


def _slot_range(slot: FreedSlot) -> Range:
    return Range(slot.starts_at, slot.ends_at)


def _buffered(slot: FreedSlot) -> tuple[datetime, datetime]:
    studio = slot.studio
    return (
        slot.starts_at - timedelta(minutes=studio.setup_minutes),
        slot.ends_at + timedelta(minutes=studio.teardown_minutes),
    )


def standby_candidates(*, slot: FreedSlot, exclude_offered: bool = True) -> list[Candidate]:
    """The ready CEOs for the slot, ranked (see RANKING); those offered it before left out."""
    applications = list(
        Application.objects.filter(
            campaign_id=slot.campaign_id, status__in=BOOKABLE, user__isnull=False
        )
        .exclude(pk=slot.cancelled_booking.application_id)
        .select_related("campaign", "user")
        .order_by("pk")
    )
    if exclude_offered:
        offered = set(slot.offers.values_list("application_id", flat=True))
        applications = [a for a in applications if a.pk not in offered]
    if not applications:
        return []
    ids = [a.pk for a in applications]
    start, end = _buffered(slot)
    busy = set(
        Booking.objects.filter(
            ceo_id__in=[a.user_id for a in applications],
            status=BookingStatus.CONFIRMED,
            buffered_start__lt=end,
            buffered_end__gt=start,
        ).values_list("ceo_id", flat=True)
    )
    with_samples = set(
        SampleShipment.objects.filter(
            booking__application_id__in=ids,
            booking__studio_id=slot.studio_id,
            status=SampleShipment.Status.RECEIVED,
            received_at__lte=slot.starts_at,
        ).values_list("booking__application_id", flat=True)
    )
    availability = dict(
        Answer.objects.filter(
            application_id__in=ids, question__kind=Question.Kind.WEEKLY_AVAILABILITY
        ).values_list("application_id", "value")
    )
    week_start, week_end, _name = week_bounds(slot.starts_at, slot.campaign.timezone)
    shows = Booking.objects.filter(
        application_id__in=ids, kind=Booking.Kind.SHOW, status=BookingStatus.CONFIRMED
    )
    counts = shows.values("application_id").annotate(
        week=Count("pk", filter=Q(starts_at__gte=week_start, starts_at__lt=week_end)),
        total=Count("pk"),
    )
    week_counts: Counter[int] = Counter()
    totals: Counter[int] = Counter()
    for row in counts:
        week_counts[row["application_id"]] = row["week"]
        totals[row["application_id"]] = row["total"]
    promised = commitments(applications=applications)
    scores = dict(
        ReviewCase.objects.filter(application_id__in=ids).values_list("application_id", "score")
    )
    show = _slot_range(slot)
    ready = []
    for application in applications:
        # No account, no offer: a CEO accepts in their own area.
        if application.user is None or application.user_id in busy:
            continue
        if application.pk not in with_samples:
            continue
        if week_counts[application.pk] >= promised[application.pk]:
            continue
        windows = weekly_windows(availability.get(application.pk))
        if not available_for(windows, application.user.timezone, show):
            continue
        ready.append(
            Candidate(
                application=application,
                commitment=promised[application.pk],
                booked_that_week=week_counts[application.pk],
                shows_in_campaign=totals[application.pk],
                score=scores.get(application.pk),
            )
        )
    return sorted(ready, key=Candidate.sort_key)


def freed_slots(*, status: str | None = None) -> QuerySet[FreedSlot]:
    slots = FreedSlot.objects.select_related("studio", "campaign", "booking", "cancelled_booking")
    if status:
        slots = slots.filter(status=status)
    return slots.prefetch_related("offers__application").order_by("-created_at", "-pk")


def offers_for(*, user: User) -> QuerySet[StandbyOffer]:
    """A CEO's own offers, newest first, with what the page shows of the slot."""
    return (
        StandbyOffer.objects.filter(ceo=user)
        .select_related("slot__studio", "slot__campaign", "application", "slot__booking")
        .order_by("-offered_at", "-pk")
    )


def slot_of_booking(*, booking_id: int) -> FreedSlot | None:
    """The freed slot a cancelled booking left, if it was offered on standby."""
    return freed_slots().filter(cancelled_booking_id=booking_id).first()
