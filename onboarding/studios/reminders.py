"""Reminders around a show, as rows in the notifications outbox.

Three events per confirmed show, each with the booking's id as its event id:

- "studio_show": the CEO and the booked crew who sign in hear about the show before it starts;
- "samples_not_shipped": the CEO is reminded while the samples are not on their way;
- "outcome_missing": the scheduler who booked it is asked to record how it went.

The campaign's reminder rules say when (the defaults: 48 h and 2 h before the show, samples
3 days before, the outcome 2 h after it ends). The send-time checks (`show_times`,
`samples_times`, `outcome_times`) refuse a reminder for a show that was cancelled or moved,
samples that were shipped or an outcome already recorded.
"""

from datetime import datetime

from django.utils import translation
from django.utils.translation import gettext as _

from onboarding.notifications.services import (
    Recipient,
    reminders_cancel,
    reminders_reschedule,
    reminders_schedule,
)
from onboarding.studios.models import (
    Booking,
    BookingCrew,
    BookingStatus,
    SampleShipment,
    ShowOutcome,
)
from onboarding.studios.selectors.bookings import readiness

SHOW = "studio_show"
SAMPLES = "samples_not_shipped"
OUTCOME = "outcome_missing"

ON_THE_WAY = (SampleShipment.Status.SHIPPED, SampleShipment.Status.RECEIVED)


def _context(booking: Booking) -> dict:
    studio, application = booking.studio, booking.application
    crew = [
        assignment.crew
        for assignment in BookingCrew.objects.filter(booking=booking).select_related("crew")
    ]
    # One wording for every reader: the CEO's language, the one the show is about.
    with translation.override(application.language):
        missing = [item.label for item in readiness(booking=booking).items if not item.ok]
        crew_list = ", ".join(f"{c.name} ({c.get_role_display()})" for c in crew)
    return {
        "title": application.brand_name or application.company_name or studio.name,
        "reference": application.reference,
        "studio": studio.name,
        "address": studio.address,
        "city": studio.city,
        "location": ", ".join(part for part in (studio.name, studio.address, studio.city) if part),
        "crew": crew_list,
        "checklist": "; ".join(str(label) for label in missing),
        "missing": [str(label) for label in missing],
    }


def _ceo(booking: Booking) -> Recipient:
    application = booking.application
    return Recipient(
        user_id=application.user_id,
        email=application.email,
        name=application.full_name,
        language=application.language,
    )


def _crew(booking: Booking) -> list[Recipient]:
    users = (
        BookingCrew.objects.filter(booking=booking, crew__user__isnull=False)
        .order_by("crew_id")
        .values_list("crew__user_id", "crew__name")
    )
    return [Recipient(user_id=user_id, name=name) for user_id, name in users]


def _common(booking: Booking) -> dict:
    return {
        "event_id": booking.pk,
        "starts_at": booking.starts_at,
        "ends_at": booking.ends_at,
        "campaign_id": booking.application.campaign_id,
        "event_timezone": booking.studio.timezone,
        "context": _context(booking),
    }


def _events(booking: Booking) -> list[dict]:
    """The reminder events of a confirmed show, as reminders_schedule takes them."""
    if booking.kind != Booking.Kind.SHOW or booking.status != BookingStatus.CONFIRMED:
        return []
    common = _common(booking)
    events = [{**common, "event_kind": SHOW, "recipients": [_ceo(booking), *_crew(booking)]}]
    if not _samples_on_the_way(booking):
        events.append({**common, "event_kind": SAMPLES, "recipients": [_ceo(booking)]})
    if booking.created_by_id:
        events.append(
            {
                **common,
                "event_kind": OUTCOME,
                "recipients": [Recipient(user_id=booking.created_by_id)],
            }
        )
    return events


def _samples_on_the_way(booking: Booking) -> bool:
    return SampleShipment.objects.filter(booking=booking, status__in=ON_THE_WAY).exists()


def show_reminders_schedule(*, booking: Booking) -> None:
    """Call in the transaction that creates the booking."""
    for event in _events(booking):
        reminders_schedule(**event)


def show_reminders_move(*, booking: Booking) -> None:
    """Call in the transaction that moves the booking: pending reminders follow the show."""
    for event in _events(booking):
        reminders_reschedule(**event)


def show_reminders_cancel(*, booking: Booking) -> None:
    """Call in the transaction that cancels the booking."""
    for kind in (SHOW, SAMPLES, OUTCOME):
        reminders_cancel(event_kind=kind, event_id=booking.pk)


def outcome_reminders_cancel(*, booking: Booking) -> None:
    """Call in the transaction that records the outcome: nobody needs asking any more."""
    reminders_cancel(event_kind=OUTCOME, event_id=booking.pk, note=_("The outcome was recorded."))


def samples_reminders_update(*, booking: Booking) -> None:
    """Call when the shipment changes: shipped stops the reminders, reopened brings them back."""
    if booking.kind != Booking.Kind.SHOW or booking.status != BookingStatus.CONFIRMED:
        return
    if _samples_on_the_way(booking):
        reminders_cancel(
            event_kind=SAMPLES, event_id=booking.pk, note=_("The samples are on their way.")
        )
        return
    reminders_schedule(**_common(booking), event_kind=SAMPLES, recipients=[_ceo(booking)])


def _confirmed_show(booking_id: int | str) -> Booking | None:
    return Booking.objects.filter(
        pk=booking_id, status=BookingStatus.CONFIRMED, kind=Booking.Kind.SHOW
    ).first()


def show_times(booking_id: int | str) -> tuple[datetime, datetime] | None:
    """The show's times as they stand now; None when it is cancelled or gone."""
    booking = _confirmed_show(booking_id)
    return (booking.starts_at, booking.ends_at) if booking else None


def samples_times(booking_id: int | str) -> tuple[datetime, datetime] | None:
    """As show_times, and None once the samples are on their way."""
    booking = _confirmed_show(booking_id)
    if booking is None or _samples_on_the_way(booking):
        return None
    return booking.starts_at, booking.ends_at


def outcome_times(booking_id: int | str) -> tuple[datetime, datetime] | None:
    """As show_times, and None once its outcome is recorded."""
    booking = _confirmed_show(booking_id)
    if booking is None or ShowOutcome.objects.filter(booking=booking).exists():
        return None
    return booking.starts_at, booking.ends_at
