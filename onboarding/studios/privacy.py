"""The studios app's part of an applicant's data copy and erasure (see core.privacy).

Bookings, shipments' states and show outcomes are the programme's statistics and stay; what is
personal goes: the private calendar feed (its secret link), tracking numbers, free-text notes
and reasons, and the applicant's values in the bookings' history.
"""

from typing import Any

from onboarding.core.privacy import ERASED, DataSubject, audit_scrub
from onboarding.core.time import iso_utc
from onboarding.studios.models import (
    Booking,
    CalendarFeed,
    SampleShipment,
    ShowOutcome,
    StandbyOffer,
)


def _when(value) -> str | None:
    return iso_utc(value) if value else None


def export(subject: DataSubject) -> dict[str, Any]:
    bookings = (
        Booking.objects.filter(application_id__in=subject.application_ids)
        .select_related("studio", "shipment", "outcome")
        .order_by("starts_at", "id")
    )
    feed = CalendarFeed.objects.filter(user_id=subject.user_id).first() if subject.user_id else None
    rows = []
    for b in bookings:
        shipment = getattr(b, "shipment", None)
        outcome = getattr(b, "outcome", None)
        rows.append(
            {
                "application": b.application_id,
                "studio": b.studio.name,
                "kind": b.kind,
                "status": b.status,
                "starts_at": _when(b.starts_at),
                "ends_at": _when(b.ends_at),
                "cancel_reason": b.cancel_reason,
                "attendance_confirmed_at": _when(b.attendance_confirmed_at),
                "samples": None
                if shipment is None
                else {
                    "status": shipment.status,
                    "carrier": shipment.carrier,
                    "tracking_number": shipment.tracking_number,
                    "received_at": _when(shipment.received_at),
                },
                "outcome": None
                if outcome is None
                else {
                    "result": outcome.result,
                    "viewers": outcome.viewers,
                    "turnover": str(outcome.turnover) if outcome.turnover is not None else None,
                    "new_followers": outcome.new_followers,
                },
            }
        )
    # Standby offers hold no free text: when, where, and the answer (nothing to erase).
    offers = [
        {
            "application": o.application_id,
            "studio": o.slot.studio.name,
            "starts_at": _when(o.slot.starts_at),
            "status": o.status,
            "offered_at": _when(o.offered_at),
            "expires_at": _when(o.expires_at),
            "answered_at": _when(o.answered_at),
        }
        for o in StandbyOffer.objects.filter(application_id__in=subject.application_ids)
        .select_related("slot__studio")
        .order_by("offered_at", "id")
    ]
    return {
        "bookings": rows,
        "standby_offers": offers,
        # The feed's secret is left out of the copy: it is a key, not data about them.
        "calendar_feed": None
        if feed is None
        else {"created_at": _when(feed.created_at), "rotated_at": _when(feed.rotated_at)},
    }


def erase(subject: DataSubject) -> None:
    if subject.user_id:
        CalendarFeed.objects.filter(user_id=subject.user_id).delete()
    bookings = Booking.objects.filter(application_id__in=subject.application_ids)
    booking_ids = list(bookings.values_list("pk", flat=True))
    bookings.exclude(cancel_reason="").update(cancel_reason=ERASED)
    SampleShipment.objects.filter(booking_id__in=booking_ids).update(tracking_number="")
    ShowOutcome.objects.filter(booking_id__in=booking_ids).exclude(notes="").update(notes=ERASED)
    audit_scrub(model=Booking, object_ids=booking_ids, needles=list(subject.addresses))
