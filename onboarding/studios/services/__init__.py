"""Every write of the studios app; each one a transaction with its audit row."""

from onboarding.studios.services.bookings import booking_cancel, booking_create, booking_move
from onboarding.studios.services.feeds import feed_get_or_create, feed_rotate
from onboarding.studios.services.logistics import (
    attendance_confirm,
    booking_confirm_ready,
    outcome_record,
    shipment_update,
)
from onboarding.studios.services.series import (
    OccurrenceResult,
    Scope,
    series_create,
    series_edit,
    series_results,
)
from onboarding.studios.services.studios import (
    blackout_add,
    blackout_remove,
    opening_hours_problems,
    opening_hours_replace,
    studio_save,
)

__all__ = [
    "OccurrenceResult",
    "Scope",
    "attendance_confirm",
    "blackout_add",
    "blackout_remove",
    "booking_cancel",
    "booking_confirm_ready",
    "booking_create",
    "booking_move",
    "feed_get_or_create",
    "feed_rotate",
    "opening_hours_problems",
    "opening_hours_replace",
    "outcome_record",
    "series_create",
    "series_edit",
    "series_results",
    "shipment_update",
    "studio_save",
]
