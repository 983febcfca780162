"""Studios, their hours and resources, bookings and series, logistics, outcomes, feeds."""

from onboarding.studios.models.bookings import (
    Booking,
    BookingCrew,
    BookingEquipment,
    BookingSeries,
    BookingStatus,
    TsTzRange,
)
from onboarding.studios.models.logistics import CalendarFeed, SampleShipment, ShowOutcome
from onboarding.studios.models.standby import FreedSlot, StandbyOffer
from onboarding.studios.models.studios import (
    Blackout,
    Crew,
    EquipmentSet,
    OpeningHours,
    SchedulingSettings,
    Studio,
    Weekday,
    validate_timezone,
)

__all__ = [
    "Blackout",
    "Booking",
    "BookingCrew",
    "BookingEquipment",
    "BookingSeries",
    "BookingStatus",
    "CalendarFeed",
    "Crew",
    "EquipmentSet",
    "FreedSlot",
    "OpeningHours",
    "SampleShipment",
    "SchedulingSettings",
    "ShowOutcome",
    "StandbyOffer",
    "Studio",
    "TsTzRange",
    "Weekday",
    "validate_timezone",
]
