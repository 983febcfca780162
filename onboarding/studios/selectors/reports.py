"""What schedulers watch over a campaign: weekly quotas filled, and attendance kept."""

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import QuerySet
from django.utils import timezone

from onboarding.applicants.models import Application, Campaign
from onboarding.studios.models import Booking, BookingStatus, ShowOutcome
from onboarding.studios.selectors.common import BOOKABLE, commitments, scheduling_settings


def bookable_applications(*, campaign: Campaign) -> QuerySet[Application]:
    return (
        Application.objects.filter(campaign=campaign, status__in=BOOKABLE)
        .select_related("campaign")
        .order_by("reference")
    )


WEEK = re.compile(r"(?P<year>\d{4})-W(?P<week>\d{2})")


def week_start(day: date) -> date:
    """The Monday of the ISO week holding `day`."""
    return day - timedelta(days=day.weekday())


def week_name(monday: date) -> str:
    """The ISO week's name, as 2027-W21."""
    year, week, _weekday = monday.isocalendar()
    return f"{year}-W{week:02d}"


def parse_week(name: str) -> date:
    """The Monday of an ISO week written 2027-W21; ValueError if it is not one."""
    match = WEEK.fullmatch(name or "")
    if not match:
        raise ValueError(name)
    return date.fromisocalendar(int(match["year"]), int(match["week"]), 1)


@dataclass
class QuotaRow:
    application: int
    reference: str
    ceo: str
    company: str
    week: str
    week_starts: date
    commitment: int
    booked: int

    @property
    def remaining(self) -> int:
        return max(self.commitment - self.booked, 0)

    @property
    def filled(self) -> bool:
        return self.booked >= self.commitment


def weekly_quota(*, campaign: Campaign, week: date | None = None) -> list[QuotaRow]:
    """For each bookable CEO and ISO week (campaign zone): shows committed and booked.

    Without a week, every week that touches the campaign's sales window. Three queries.
    """
    tz = ZoneInfo(campaign.timezone)
    if week is not None:
        mondays = [week_start(week)]
    else:
        first = week_start(campaign.sales_starts_on)
        count = (week_start(campaign.sales_ends_on) - first).days // 7 + 1
        mondays = [first + timedelta(weeks=n) for n in range(count)]
    span_start = datetime.combine(mondays[0], time(0), tzinfo=tz)
    span_end = datetime.combine(mondays[-1] + timedelta(days=7), time(0), tzinfo=tz)
    applications = list(bookable_applications(campaign=campaign))
    promised = commitments(applications=applications)
    booked = Counter(
        (application_id, week_start(starts_at.astimezone(tz).date()))
        for application_id, starts_at in Booking.objects.filter(
            application__in=applications,
            kind=Booking.Kind.SHOW,
            status=BookingStatus.CONFIRMED,
            starts_at__gte=span_start,
            starts_at__lt=span_end,
        ).values_list("application_id", "starts_at")
    )
    return [
        QuotaRow(
            application=a.pk,
            reference=a.reference,
            ceo=a.full_name,
            company=a.company_name,
            week=week_name(monday),
            week_starts=monday,
            commitment=promised[a.pk],
            booked=booked[(a.pk, monday)],
        )
        for a in applications
        for monday in mondays
    ]


@dataclass
class AttendanceRow:
    application: int
    reference: str
    ceo: str
    company: str
    commitment: int
    weeks: int
    expected: int
    held: int
    no_shows: int
    rate: float | None
    threshold: int

    @property
    def flagged(self) -> bool:
        return self.rate is not None and self.rate < self.threshold


def attendance(*, campaign: Campaign, at: datetime | None = None) -> list[AttendanceRow]:
    """Each CEO's shows held against what they committed to, over the sales weeks so far.

    Counted over whole weeks since the sales window opened (campaign zone): a CEO who committed
    to 2 shows a week owes 6 after three weeks; holding 4 of them is a rate of 66.7 %. CEOs
    under the campaign's threshold are flagged; before the first whole week nobody is.
    """
    at = at or timezone.now()
    tz = ZoneInfo(campaign.timezone)
    sales_start = datetime.combine(campaign.sales_starts_on, time(0), tzinfo=tz)
    sales_end = datetime.combine(campaign.sales_ends_on + timedelta(days=1), time(0), tzinfo=tz)
    # Whole local days, so that a change of clocks in the zone never loses a day.
    elapsed_days = (min(at, sales_end).astimezone(tz).date() - campaign.sales_starts_on).days
    weeks = max(elapsed_days, 0) // 7
    period_end = datetime.combine(
        campaign.sales_starts_on + timedelta(weeks=weeks), time(0), tzinfo=tz
    )
    threshold = scheduling_settings(campaign=campaign).attendance_threshold
    applications = list(bookable_applications(campaign=campaign))
    promised = commitments(applications=applications)
    results = Counter(
        Booking.objects.filter(
            application__in=applications,
            kind=Booking.Kind.SHOW,
            status=BookingStatus.CONFIRMED,
            starts_at__gte=sales_start,
            starts_at__lt=period_end,
            outcome__isnull=False,
        ).values_list("application_id", "outcome__result")
    )
    rows = []
    for a in applications:
        expected = promised[a.pk] * weeks
        held = results[(a.pk, ShowOutcome.Result.HELD)]
        rows.append(
            AttendanceRow(
                application=a.pk,
                reference=a.reference,
                ceo=a.full_name,
                company=a.company_name,
                commitment=promised[a.pk],
                weeks=weeks,
                expected=expected,
                held=held,
                no_shows=results[(a.pk, ShowOutcome.Result.NO_SHOW)],
                rate=round(100 * held / expected, 1) if expected else None,
                threshold=threshold,
            )
        )
    return sorted(rows, key=lambda r: (not r.flagged, r.rate if r.rate is not None else 1e9))
