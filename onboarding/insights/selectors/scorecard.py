"""A CEO's scorecard: each show with its outcome, and each sales week against the commitment.

Read in a fixed number of queries (the application, its commitment, its shows with their
outcomes and studios), whatever the number of shows or weeks.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db.models import QuerySet
from django.utils import timezone

from onboarding.applicants.models import Application, Status
from onboarding.core.models import Role, User
from onboarding.insights.selectors.common import percent
from onboarding.studios.models import Booking, BookingStatus, ShowOutcome
from onboarding.studios.selectors.common import commitments

# Roles that see every CEO's scorecard; a CEO sees only their own. Reviewers are left out:
# under blind review they must not meet applicants outside the queue.
SCORECARD_STAFF = (
    Role.LEAD_REVIEWER,
    Role.TRAINER,
    Role.SCHEDULER,
    Role.ADMIN,
)


@dataclass(frozen=True)
class ScorecardShow:
    booking: int
    starts_at: datetime
    local_date: date
    studio: str
    result: str | None
    turnover_cny: Decimal | None
    viewers: int | None
    new_followers: int | None


@dataclass
class ScorecardWeek:
    """One sales week (seven local days from the sales start, as the attendance report counts)."""

    number: int
    starts_on: date
    ends_on: date
    complete: bool
    commitment: int
    booked: int = 0
    held: int = 0
    no_shows: int = 0
    turnover_cny: Decimal = Decimal("0.00")
    viewers: int = 0
    new_followers: int = 0
    rate: float | None = None


@dataclass
class ScorecardTotals:
    commitment_per_week: int
    weeks_complete: int
    expected: int
    held: int
    no_shows: int
    turnover_cny: Decimal
    viewers: int
    new_followers: int
    rate: float | None


@dataclass
class Scorecard:
    application: Application
    timezone: str
    totals: ScorecardTotals
    weeks: list[ScorecardWeek] = field(default_factory=list)
    shows: list[ScorecardShow] = field(default_factory=list)


def scorecard_applications(*, user: User) -> QuerySet[Application]:
    """The applications whose scorecard the user may open: all sent ones for staff, a CEO's own.

    Anything else is not found (404), so a CEO cannot learn that another's exists.
    """
    sent = Application.objects.exclude(status=Status.DRAFT).select_related("campaign")
    if user.is_superuser or user.has_role(*SCORECARD_STAFF):
        return sent
    return sent.filter(user=user)


def _weeks(application: Application, commitment: int, today: date) -> list[ScorecardWeek]:
    campaign = application.campaign
    weeks = []
    start = campaign.sales_starts_on
    number = 1
    while start <= campaign.sales_ends_on and start <= today:
        end = min(start + timedelta(days=6), campaign.sales_ends_on)
        weeks.append(
            ScorecardWeek(
                number=number,
                starts_on=start,
                ends_on=end,
                complete=end < today,
                commitment=commitment,
            )
        )
        start += timedelta(days=7)
        number += 1
    return weeks


def scorecard(*, application: Application, at: datetime | None = None) -> Scorecard:
    """Shows (newest first) and sales weeks of one application, with totals.

    A week's rate is shows held against the commitment, for whole weeks only (a week still
    running has none), so the totals agree with the studios' attendance report. Shows are
    confirmed (not cancelled) shows, rehearsals left out; turnover, viewers and followers left
    empty count as zero in the sums.
    """
    at = at or timezone.now()
    tz = ZoneInfo(application.campaign.timezone)
    today = at.astimezone(tz).date()
    commitment = commitments(applications=[application])[application.pk]
    bookings = (
        Booking.objects.filter(
            application=application, kind=Booking.Kind.SHOW, status=BookingStatus.CONFIRMED
        )
        .select_related("studio", "outcome")
        .order_by("-starts_at", "-id")
    )
    weeks = _weeks(application, commitment, today)
    by_start = {w.starts_on: w for w in weeks}
    first_day = application.campaign.sales_starts_on
    shows = []
    for booking in bookings:
        outcome = getattr(booking, "outcome", None)
        local_date = booking.starts_at.astimezone(tz).date()
        shows.append(
            ScorecardShow(
                booking=booking.pk,
                starts_at=booking.starts_at,
                local_date=local_date,
                studio=booking.studio.name,
                result=outcome.result if outcome else None,
                turnover_cny=outcome.turnover if outcome else None,
                viewers=outcome.viewers if outcome else None,
                new_followers=outcome.new_followers if outcome else None,
            )
        )
        offset = (local_date - first_day).days
        week = (
            by_start.get(first_day + timedelta(days=offset - offset % 7)) if offset >= 0 else None
        )
        if week is None:
            continue
        week.booked += 1
        if outcome is None:
            continue
        if outcome.result == ShowOutcome.Result.HELD:
            week.held += 1
        else:
            week.no_shows += 1
        week.turnover_cny += outcome.turnover or 0
        week.viewers += outcome.viewers or 0
        week.new_followers += outcome.new_followers or 0
    for week in weeks:
        if week.complete:
            week.rate = percent(week.held, week.commitment)
    complete = [w for w in weeks if w.complete]
    expected = commitment * len(complete)
    held_complete = sum(w.held for w in complete)
    recorded = [s for s in shows if s.result is not None]
    totals = ScorecardTotals(
        commitment_per_week=commitment,
        weeks_complete=len(complete),
        expected=expected,
        held=sum(1 for s in recorded if s.result == ShowOutcome.Result.HELD),
        no_shows=sum(1 for s in recorded if s.result == ShowOutcome.Result.NO_SHOW),
        turnover_cny=sum((s.turnover_cny or Decimal("0") for s in recorded), Decimal("0.00")),
        viewers=sum(s.viewers or 0 for s in recorded),
        new_followers=sum(s.new_followers or 0 for s in recorded),
        rate=percent(held_complete, expected),
    )
    return Scorecard(
        application=application,
        timezone=application.campaign.timezone,
        totals=totals,
        weeks=list(reversed(weeks)),
        shows=shows,
    )
