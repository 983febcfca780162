"""What other systems hear about bookings and shows: ids, states and UTC times, nobody's data.

Call these in the transaction that makes the change; the deliveries are outbox rows, sent once
it commits and never if it rolls back.
"""

from typing import Any

from onboarding.core.time import iso_utc
from onboarding.notifications.services import webhooks_emit
from onboarding.studios.models import Booking, ShowOutcome


def _booking(booking: Booking) -> dict[str, Any]:
    return {
        "booking": booking.pk,
        "kind": booking.kind,
        "status": booking.status,
        "studio": booking.studio_id,
        "application": booking.application_id,
        "reference": booking.application.reference,
        "campaign": booking.application.campaign_id,
        "series": booking.series_id,
        "starts_at": iso_utc(booking.starts_at),
        "ends_at": iso_utc(booking.ends_at),
    }


def booking_created_emit(*, booking: Booking) -> None:
    webhooks_emit(event_type="booking.created", payload=_booking(booking))


def booking_moved_emit(*, booking: Booking, before: dict[str, Any]) -> None:
    """`before`: the booking's studio id and times before the move."""
    previous = {
        "studio": before["studio"],
        "starts_at": iso_utc(before["starts_at"]),
        "ends_at": iso_utc(before["ends_at"]),
    }
    webhooks_emit(event_type="booking.moved", payload={**_booking(booking), "previous": previous})


def booking_cancelled_emit(*, booking: Booking) -> None:
    payload = {**_booking(booking), "cancelled_at": iso_utc(booking.cancelled_at)}
    webhooks_emit(event_type="booking.cancelled", payload=payload)


def show_completed_emit(*, booking: Booking, outcome: ShowOutcome, corrected: bool) -> None:
    payload = {
        **_booking(booking),
        "result": outcome.result,
        "corrected": corrected,
        "recorded_at": iso_utc(outcome.recorded_at),
    }
    webhooks_emit(event_type="show.completed", payload=payload)
