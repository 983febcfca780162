"""What a lead should look at now, each with a count and the first few to open."""

from datetime import datetime, timedelta

from django.db.models import F, QuerySet
from django.utils.translation import gettext as _

from onboarding.applicants.models import Application, Campaign
from onboarding.core.models import User
from onboarding.core.time import local_text
from onboarding.insights.selectors.common import FIRST_FEW, AttentionList, Item, application_label
from onboarding.insights.selectors.funnel import overdue_filter
from onboarding.studios.models import Booking, BookingStatus, SampleShipment
from onboarding.studios.selectors import samples_late, scheduling_settings
from onboarding.studios.selectors.reports import AttendanceRow
from onboarding.training.models import TrainingSession
from onboarding.training.selectors import sessions_list

# Shows starting this soon without the CEO's yes need a phone call.
UNCONFIRMED_WINDOW = timedelta(hours=48)


def overdue_reviews(*, campaign: Campaign, now: datetime, count: int) -> AttentionList:
    """Open reviews past their decision date, the longest overdue first (count given)."""
    late = (
        Application.objects.filter(campaign=campaign)
        .filter(overdue_filter(now))
        .select_related("review")
        .order_by("review__decision_due_at", "id")[:FIRST_FEW]
    )
    items = [
        Item("application", a.pk, application_label(a), a.review.decision_due_at, a.status)
        for a in late
    ]
    return AttentionList(count, items)


def _confirmed_shows(campaign: Campaign) -> QuerySet[Booking]:
    return Booking.objects.filter(
        application__campaign=campaign, kind=Booking.Kind.SHOW, status=BookingStatus.CONFIRMED
    ).select_related("application", "studio")


def _show_item(booking: Booking, zone: str) -> Item:
    detail = f"{booking.studio.name} {local_text(booking.starts_at, zone)}"
    return Item(
        "booking", booking.pk, application_label(booking.application), booking.starts_at, detail
    )


def unconfirmed_shows(*, campaign: Campaign, now: datetime) -> AttentionList:
    """Confirmed shows starting within 48 hours that the CEO has not confirmed. Two queries."""
    shows = _confirmed_shows(campaign).filter(
        starts_at__gte=now,
        starts_at__lt=now + UNCONFIRMED_WINDOW,
        attendance_confirmed_at__isnull=True,
    )
    items = [
        _show_item(b, campaign.timezone) for b in shows.order_by("starts_at", "id")[:FIRST_FEW]
    ]
    return AttentionList(shows.count(), items)


def late_samples(*, campaign: Campaign, now: datetime) -> AttentionList:
    """Coming shows whose samples are past due and not at the studio (the studios' rule).

    Only shows inside the campaign's samples-due window can be late, so few rows are read;
    `samples_late` then decides each one. One query.
    """
    due_hours = scheduling_settings(campaign=campaign).samples_due_hours
    candidates = (
        _confirmed_shows(campaign)
        .filter(ends_at__gt=now, starts_at__lte=now + timedelta(hours=due_hours))
        .exclude(shipment__status=SampleShipment.Status.RECEIVED)
        .select_related("shipment", "application__campaign__scheduling_settings")
        .order_by("starts_at", "id")
    )
    late = [b for b in candidates if samples_late(b, now)]
    return AttentionList(len(late), [_show_item(b, campaign.timezone) for b in late[:FIRST_FEW]])


def attendance_flagged(*, rows: list[AttendanceRow]) -> AttentionList:
    """CEOs under the attendance threshold, lowest rate first (rows as studios reports them)."""
    flagged = [row for row in rows if row.flagged]
    items = [
        Item(
            "application",
            row.application,
            f"{row.reference} {row.company or row.ceo}".strip(),
            None,
            _("%(held)s of %(expected)s shows held (%(rate)s %%)")
            % {"held": row.held, "expected": row.expected, "rate": row.rate},
        )
        for row in flagged[:FIRST_FEW]
    ]
    return AttentionList(len(flagged), items)


def full_sessions(*, campaign: Campaign, user: User, now: datetime) -> AttentionList:
    """Coming training sessions with every seat taken and someone on the waiting list."""
    sessions = list(
        sessions_list(user=user)
        .filter(
            module__campaign=campaign,
            status=TrainingSession.Status.SCHEDULED,
            starts_at__gt=now,
        )
        # sessions_list annotates these; the stubs do not follow annotations across calls.
        .filter(seats_taken__gte=F("capacity"), waitlisted__gt=0)  # type: ignore[misc]
        .order_by("starts_at", "id")
    )
    zone = campaign.timezone
    items = [
        Item(
            "session",
            s.pk,
            f"{s.title} {local_text(s.starts_at, zone)}",
            s.starts_at,
            _("%(taken)s of %(capacity)s seats, %(waiting)s waiting")
            % {
                "taken": s.seats_taken,  # type: ignore[attr-defined]
                "capacity": s.capacity,
                "waiting": s.waitlisted,  # type: ignore[attr-defined]
            },
        )
        for s in sessions[:FIRST_FEW]
    ]
    return AttentionList(len(sessions), items)
