"""Limits a scheduler may override: the CEO's weekly quota and the campaign's cut-off."""

from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from onboarding.applicants.models import Application
from onboarding.core.errors import NotAllowed
from onboarding.core.models import User
from onboarding.studios.errors import InsideCutoff, QuotaExceeded
from onboarding.studios.models import Booking, BookingStatus
from onboarding.studios.selectors.common import commitment, is_scheduler, scheduling_settings
from onboarding.studios.selectors.reports import week_name, week_start

Kind = Booking.Kind


def week_bounds(instant: datetime, zone: str) -> tuple[datetime, datetime, str]:
    """The ISO week holding `instant` in `zone`: its start, its end and its name (2027-W21)."""
    tz = ZoneInfo(zone)
    monday = week_start(instant.astimezone(tz).date())
    start = datetime.combine(monday, time(0), tzinfo=tz)
    end = datetime.combine(monday + timedelta(days=7), time(0), tzinfo=tz)
    return start, end, week_name(monday)


def quota_check(
    application: Application,
    kind: str,
    starts_at: datetime,
    actor: User,
    override_reason: str,
    exclude: int | None = None,
) -> dict[str, Any] | None:
    """Refuse a show past the CEO's weekly commitment, unless a scheduler overrides with a reason.

    The week is the ISO week in the campaign's zone. Returns what the audit row keeps of an
    override, or None when the quota was not reached.
    """
    if kind != Kind.SHOW:
        return None
    week_start, week_end, week = week_bounds(starts_at, application.campaign.timezone)
    week_shows = Booking.objects.filter(
        application=application,
        kind=Kind.SHOW,
        status=BookingStatus.CONFIRMED,
        starts_at__gte=week_start,
        starts_at__lt=week_end,
    )
    if exclude is not None:
        week_shows = week_shows.exclude(pk=exclude)
    booked = week_shows.count()
    quota = commitment(application=application)
    if booked < quota:
        return None
    if not (override_reason or "").strip():
        raise QuotaExceeded(
            _(
                "%(reference)s committed to %(quota)s shows a week and already has %(booked)s "
                "in %(week)s; a scheduler may book more with a reason."
            )
            % {"reference": application.reference, "quota": quota, "booked": booked, "week": week},
            quota=quota,
            booked=booked,
            week=week,
        )
    if not is_scheduler(actor):
        raise NotAllowed(_("Only a scheduler may book past the weekly commitment."))
    return {"quota_override": True, "quota": quota, "booked_before": booked, "week": week}


def cutoff_check(
    booking: Booking, actor: User, now: datetime, new_start: datetime | None = None
) -> dict[str, Any]:
    """Who may change this booking now: its CEO before the cut-off, a scheduler at any time.

    Returns what the audit row keeps: whether a scheduler overrode the cut-off.
    """
    rules = scheduling_settings(campaign=booking.application.campaign)
    cutoff = timedelta(hours=rules.cutoff_hours)
    starts = [booking.starts_at] + ([new_start] if new_start else [])
    inside = any(start - cutoff <= now for start in starts)
    if is_scheduler(actor):
        return {"cutoff_override": inside, "cutoff_hours": rules.cutoff_hours}
    if actor is None or actor.pk != booking.ceo_id:
        raise NotAllowed(_("Only a scheduler or the booked CEO may change this booking."))
    if inside:
        raise InsideCutoff(
            _("Less than %(hours)s hours before the show, only a scheduler may change it.")
            % {"hours": rules.cutoff_hours},
            cutoff_hours=rules.cutoff_hours,
        )
    return {"cutoff_override": False, "cutoff_hours": rules.cutoff_hours}
