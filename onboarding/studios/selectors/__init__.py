"""Reads the API, admin, feeds and pages share; no writes here."""

from onboarding.studios.selectors.availability import availability
from onboarding.studios.selectors.bookings import (
    bookings_all,
    bookings_visible,
    outcome_of,
    readiness,
    samples_late,
    shipment_of,
    show_by_link,
    shows_ahead_of,
    waiting_for_attendance,
)
from onboarding.studios.selectors.common import (
    BOOKABLE,
    commitment,
    commitments,
    is_scheduler,
    scheduling_settings,
)
from onboarding.studios.selectors.feeds import feed_by_token, feed_events, feeds_visible
from onboarding.studios.selectors.reports import attendance, parse_week, weekly_quota

__all__ = [
    "BOOKABLE",
    "attendance",
    "availability",
    "bookings_all",
    "bookings_visible",
    "commitment",
    "commitments",
    "feed_by_token",
    "feed_events",
    "feeds_visible",
    "is_scheduler",
    "outcome_of",
    "parse_week",
    "readiness",
    "samples_late",
    "scheduling_settings",
    "shipment_of",
    "show_by_link",
    "shows_ahead_of",
    "waiting_for_attendance",
    "weekly_quota",
]
