"""After the review: training, studio time, attendance, what the shows brought, the targets."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Sum
from django.db.models.functions import TruncDate

from onboarding.applicants.models import Campaign
from onboarding.insights.selectors.common import local_day_bounds, percent
from onboarding.insights.selectors.funnel import sent_applications
from onboarding.studios.models import (
    Blackout,
    Booking,
    BookingStatus,
    OpeningHours,
    ShowOutcome,
    Studio,
)
from onboarding.studios.selectors.availability import END_OF_DAY
from onboarding.studios.selectors.reports import AttendanceRow
from onboarding.training.models import Attendance, Enrolment, TrainingSession

# --- Training ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Training:
    approved: int
    enrolled: int
    waitlisted: int
    attended: int
    trained: int
    completion_rate: float | None


def training(*, campaign: Campaign, approved: int, trained: int) -> Training:
    """CEOs holding a seat, waiting for one, marked present; against approved and trained.

    `approved` and `trained` come from the funnel (reached, so a live CEO counts as trained).
    Seats count in sessions of this campaign's modules that are not cancelled. One query.
    """

    def enrolments(status: str) -> QuerySet[Enrolment]:
        return Enrolment.objects.filter(
            application=OuterRef("pk"),
            status=status,
            session__module__campaign=campaign,
            session__status=TrainingSession.Status.SCHEDULED,
        )

    present = Attendance.objects.filter(
        enrolment__application=OuterRef("pk"),
        enrolment__session__module__campaign=campaign,
        attended=True,
    )
    seated = Exists(enrolments(Enrolment.Status.ENROLLED))
    row = sent_applications(campaign=campaign).aggregate(
        enrolled=Count("pk", filter=Q(seated)),
        waitlisted=Count(
            "pk", filter=Q(Exists(enrolments(Enrolment.Status.WAITLISTED))) & ~Q(seated)
        ),
        attended=Count("pk", filter=Q(Exists(present))),
    )
    return Training(
        approved=approved,
        enrolled=row["enrolled"],
        waitlisted=row["waitlisted"],
        attended=row["attended"],
        trained=trained,
        completion_rate=percent(trained, approved),
    )


# --- Studio utilisation -----------------------------------------------------------------

UTILISATION_DAYS = 14
Span = tuple[datetime, datetime]


def _hours(spans: list[Span]) -> float:
    return sum((end - start).total_seconds() for start, end in spans) / 3600


def _minus(spans: list[Span], cuts: list[Span]) -> list[Span]:
    """What of `spans` the `cuts` leave."""
    left = []
    for start, end in spans:
        cursor = start
        for cut_start, cut_end in sorted(cuts):
            if cut_end <= cursor or cut_start >= end:
                continue
            if cut_start > cursor:
                left.append((cursor, cut_start))
            cursor = max(cursor, cut_end)
        if cursor < end:
            left.append((cursor, end))
    return left


def _within(spans: list[Span], limits: list[Span]) -> list[Span]:
    """The parts of `spans` inside `limits` (both lists free of overlaps within themselves)."""
    return [(max(s, ls), min(e, le)) for s, e in spans for ls, le in limits if s < le and ls < e]


@dataclass
class StudioDay:
    id: int
    name: str
    open_hours: float = 0.0
    booked_hours: float = 0.0
    campaign_hours: float = 0.0


@dataclass
class UtilisationDay:
    date: date
    studios: list[StudioDay] = field(default_factory=list)

    @property
    def open_hours(self) -> float:
        return round(sum(s.open_hours for s in self.studios), 2)

    @property
    def booked_hours(self) -> float:
        return round(sum(s.booked_hours for s in self.studios), 2)

    @property
    def campaign_hours(self) -> float:
        return round(sum(s.campaign_hours for s in self.studios), 2)

    @property
    def rate(self) -> float | None:
        return percent(self.booked_hours, self.open_hours)


@dataclass(frozen=True)
class Utilisation:
    first: date
    last: date
    days: list[UtilisationDay]

    @property
    def open_hours(self) -> float:
        return round(sum(d.open_hours for d in self.days), 2)

    @property
    def booked_hours(self) -> float:
        return round(sum(d.booked_hours for d in self.days), 2)

    @property
    def campaign_hours(self) -> float:
        return round(sum(d.campaign_hours for d in self.days), 2)

    @property
    def rate(self) -> float | None:
        return percent(self.booked_hours, self.open_hours)


def _open_windows(studio: Studio, day: date) -> list[Span]:
    """The day's opening windows in the studio's zone, as availability reads them."""
    tz = ZoneInfo(studio.timezone)
    _start, day_end = local_day_bounds(day, tz)
    return [
        (
            datetime.combine(day, h.opens, tzinfo=tz),
            day_end if h.closes >= END_OF_DAY else datetime.combine(day, h.closes, tzinfo=tz),
        )
        for h in studio.opening_hours.all()
        if h.weekday == day.weekday()
    ]


def utilisation(*, campaign: Campaign, first: date) -> Utilisation:
    """Every active studio, 14 local days from `first`: open hours and booked hours.

    Open hours are the opening hours less blackouts; booked hours are the confirmed bookings'
    studio time (setup and teardown buffers included) inside the open hours. Studios are shared
    by every campaign: `booked_hours` counts all bookings, `campaign_hours` this campaign's.
    Each studio's days are its own local dates. Four queries, whatever the number of studios.
    """
    last = first + timedelta(days=UTILISATION_DAYS - 1)
    studios = list(
        Studio.objects.filter(active=True)
        .prefetch_related(Prefetch("opening_hours", queryset=OpeningHours.objects.order_by()))
        .order_by("city", "name", "id")
    )
    # A margin of a day each side covers every studio's zone.
    span_start = local_day_bounds(first - timedelta(days=1), ZoneInfo("UTC"))[0]
    span_end = local_day_bounds(last + timedelta(days=1), ZoneInfo("UTC"))[1]
    blackouts: dict[int, list[Span]] = defaultdict(list)
    for studio_id, start, end in Blackout.objects.filter(
        studio__in=studios, starts_at__lt=span_end, ends_at__gt=span_start
    ).values_list("studio_id", "starts_at", "ends_at"):
        blackouts[studio_id].append((start, end))
    booked: dict[int, list[tuple[datetime, datetime, bool]]] = defaultdict(list)
    for studio_id, start, end, campaign_id in Booking.objects.filter(
        studio__in=studios,
        status=BookingStatus.CONFIRMED,
        buffered_start__lt=span_end,
        buffered_end__gt=span_start,
    ).values_list("studio_id", "buffered_start", "buffered_end", "application__campaign_id"):
        booked[studio_id].append((start, end, campaign_id == campaign.pk))
    days = []
    for offset in range(UTILISATION_DAYS):
        day = first + timedelta(days=offset)
        row = UtilisationDay(day)
        for studio in studios:
            open_spans = _minus(_open_windows(studio, day), blackouts[studio.pk])
            taken = booked[studio.pk]
            ours = [(s, e) for s, e, mine in taken if mine]
            row.studios.append(
                StudioDay(
                    studio.pk,
                    studio.name,
                    round(_hours(open_spans), 2),
                    round(_hours(_within([(s, e) for s, e, _m in taken], open_spans)), 2),
                    round(_hours(_within(ours, open_spans)), 2),
                )
            )
        days.append(row)
    return Utilisation(first, last, days)


# --- Attendance against commitments -------------------------------------------------------


@dataclass(frozen=True)
class AttendanceSummary:
    weeks: int | None
    ceos: int
    expected: int
    held: int
    no_shows: int
    rate: float | None
    threshold: int
    flagged: int


def attendance_summary(*, rows: list[AttendanceRow], threshold: int) -> AttendanceSummary:
    """The campaign's totals of the studios' attendance report (one row per bookable CEO)."""
    expected = sum(r.expected for r in rows)
    held = sum(r.held for r in rows)
    return AttendanceSummary(
        weeks=rows[0].weeks if rows else None,
        ceos=len(rows),
        expected=expected,
        held=held,
        no_shows=sum(r.no_shows for r in rows),
        rate=percent(held, expected),
        threshold=threshold,
        flagged=sum(1 for r in rows if r.flagged),
    )


# --- Outcomes -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Figures:
    held: int = 0
    no_shows: int = 0
    turnover_cny: Decimal = Decimal("0.00")
    viewers: int = 0
    new_followers: int = 0


@dataclass(frozen=True)
class OutcomeDay(Figures):
    date: date | None = None


@dataclass(frozen=True)
class Outcomes:
    total: Figures
    days: list[OutcomeDay]


def outcomes(*, campaign: Campaign) -> Outcomes:
    """Recorded outcomes of the campaign's confirmed shows, per local day of the show (campaign
    zone) and in total. Turnover, viewers and followers left empty count as zero. One query."""
    tz = ZoneInfo(campaign.timezone)
    held = Q(result=ShowOutcome.Result.HELD)
    rows = (
        ShowOutcome.objects.filter(
            booking__application__campaign=campaign,
            booking__kind=Booking.Kind.SHOW,
            booking__status=BookingStatus.CONFIRMED,
        )
        .annotate(day=TruncDate("booking__starts_at", tzinfo=tz))
        .values("day")
        .annotate(
            held=Count("pk", filter=held),
            no_shows=Count("pk", filter=Q(result=ShowOutcome.Result.NO_SHOW)),
            turnover=Sum("turnover", default=Decimal("0")),
            viewers_sum=Sum("viewers", default=0),
            followers=Sum("new_followers", default=0),
        )
        .order_by("day")
    )
    days = [
        OutcomeDay(
            held=r["held"],
            no_shows=r["no_shows"],
            turnover_cny=Decimal(r["turnover"]).quantize(Decimal("0.01")),
            viewers=r["viewers_sum"],
            new_followers=r["followers"],
            date=r["day"],
        )
        for r in rows
    ]
    total = Figures(
        held=sum(d.held for d in days),
        no_shows=sum(d.no_shows for d in days),
        turnover_cny=sum((d.turnover_cny for d in days), Decimal("0.00")),
        viewers=sum(d.viewers for d in days),
        new_followers=sum(d.new_followers for d in days),
    )
    return Outcomes(total, days)


# --- Targets ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    target: int | Decimal | None
    reached: int | Decimal
    rate: float | None


def _target(value: int | Decimal | None, reached: int | Decimal) -> Target:
    return Target(value, reached, percent(reached, value) if value else None)


def targets(*, campaign: Campaign, ceos_live: int, shows_held: int, turnover: Decimal) -> dict:
    """The campaign's targets against what is reached: CEOs who went live, shows held, turnover.

    A target the campaign has not set is None (and so is its rate).
    """
    return {
        "ceos_live": _target(campaign.target_ceos_live, ceos_live),
        "shows": _target(campaign.target_shows, shows_held),
        "turnover_cny": _target(campaign.target_turnover_cny, turnover),
    }
