"""The studios' refusals: each a 409 (or 403) with its own code, so clients can tell them apart."""

from onboarding.core.errors import Conflict, NotAllowed


class NotBookable(Conflict):
    """Only trained CEOs of an active campaign, in an active studio, may be booked."""

    code = "not_bookable"


class BookingConflict(Conflict):
    """The studio, the CEO, a crew member or a kit is taken; the body names the booking."""

    code = "booking_conflict"


class StudioClosed(Conflict):
    code = "studio_closed"


class InBlackout(Conflict):
    code = "blackout"


class QuotaExceeded(Conflict):
    code = "quota_exceeded"


class IdempotencyKeyReused(Conflict):
    code = "idempotency_key_reused"


class NotReady(Conflict):
    code = "not_ready"


class InsideCutoff(NotAllowed):
    code = "inside_cutoff"


class OfferClosed(Conflict):
    """A standby offer that can no longer be taken: the slot went, or the offer ran out."""

    code = "offer_closed"
