"""Reads of bookings that the API, the admin and the feeds share."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from onboarding.core.models import Role, User
from onboarding.studios.links import booking_id_from_token
from onboarding.studios.models import (
    Booking,
    BookingCrew,
    BookingEquipment,
    BookingStatus,
    SampleShipment,
    SchedulingSettings,
    ShowOutcome,
)
from onboarding.studios.selectors.common import is_scheduler, scheduling_settings
from onboarding.training.selectors import training_complete


def bookings_all() -> QuerySet[Booking]:
    """Bookings with everything a list row shows, in a fixed number of queries."""
    return Booking.objects.select_related(
        "studio",
        "ceo",
        "series",
        "shipment",
        "outcome",
        "application__campaign__scheduling_settings",
    ).prefetch_related(
        Prefetch("crew_assignments", queryset=BookingCrew.objects.select_related("crew")),
        Prefetch(
            "equipment_assignments", queryset=BookingEquipment.objects.select_related("equipment")
        ),
    )


def bookings_visible(*, user: User) -> QuerySet[Booking]:
    """Schedulers see every booking; a CEO sees their own; nobody else sees any."""
    if is_scheduler(user):
        return bookings_all()
    if user.is_authenticated and user.role == Role.CEO:
        return bookings_all().filter(ceo=user)
    return Booking.objects.none()


def shows_ahead_of(*, user: User, now: datetime | None = None) -> QuerySet[Booking]:
    """A CEO's booked shows that have not ended yet, soonest first."""
    return (
        Booking.objects.filter(
            ceo=user,
            kind=Booking.Kind.SHOW,
            status=BookingStatus.CONFIRMED,
            ends_at__gt=now or timezone.now(),
        )
        .select_related("studio", "application")
        .order_by("starts_at", "id")
    )


def waiting_for_attendance(queryset: QuerySet[Booking], *, now: datetime) -> QuerySet[Booking]:
    """The shows of `queryset` still waiting for the CEO's yes: booked, not started, unconfirmed.

    The ones worth chasing; a cancelled or finished show, or a rehearsal, is nobody's call.
    """
    return queryset.filter(
        kind=Booking.Kind.SHOW,
        status=BookingStatus.CONFIRMED,
        starts_at__gt=now,
        attendance_confirmed_at__isnull=True,
    )


def show_by_link(*, token: str) -> Booking | None:
    """The show a signed attendance link names, or None for a forged, old or foreign link."""
    booking_id = booking_id_from_token(token)
    if booking_id is None:
        return None
    return (
        Booking.objects.select_related("studio", "application")
        .filter(pk=booking_id, kind=Booking.Kind.SHOW)
        .first()
    )


def _related(booking: Booking, name: str) -> Any:
    try:
        return getattr(booking, name)
    except (SampleShipment.DoesNotExist, ShowOutcome.DoesNotExist):
        return None


def shipment_of(booking: Booking) -> SampleShipment | None:
    return _related(booking, "shipment")


def outcome_of(booking: Booking) -> ShowOutcome | None:
    return _related(booking, "outcome")


def _rules(booking: Booking) -> SchedulingSettings:
    return scheduling_settings(campaign=booking.application.campaign)


def samples_due_at(booking: Booking) -> datetime:
    return booking.starts_at - timedelta(hours=_rules(booking).samples_due_hours)


def samples_late(booking: Booking, now: datetime | None = None) -> bool:
    """A coming show whose samples are not at the studio by the campaign's due time."""
    if not booking.is_confirmed_show:
        return False
    return _samples_late(booking, shipment_of(booking), now or timezone.now())


def _samples_late(booking: Booking, shipment: SampleShipment | None, now: datetime) -> bool:
    received = shipment is not None and shipment.status == SampleShipment.Status.RECEIVED
    return not received and samples_due_at(booking) <= now < booking.ends_at


@dataclass
class Check:
    key: str
    ok: bool
    label: str
    detail: str = ""


@dataclass
class Readiness:
    ready: bool
    items: list[Check]
    samples_late: bool
    samples_due_at: datetime | None
    confirmed_at: datetime | None = None
    missing: list[str] = field(default_factory=list)
    # Why a scheduler confirmed it although the checklist did not pass; "" when it did.
    override_reason: str = ""


def readiness(*, booking: Booking, now: datetime | None = None) -> Readiness:
    """The go-live checklist of a show: what passes and what is still missing."""
    application = booking.application
    items = [
        Check(
            "training",
            training_complete(application=application),
            _("On-air training complete"),
            application.get_status_display(),
        )
    ]
    shipment = None
    if booking.kind == Booking.Kind.SHOW:
        shipment = SampleShipment.objects.filter(booking=booking).first()
        received = shipment is not None and shipment.status == SampleShipment.Status.RECEIVED
        items.append(
            Check(
                "samples",
                received,
                _("Product samples received at the studio"),
                shipment.get_status_display() if shipment else _("No shipment yet"),
            )
        )
        if _rules(booking).rehearsal_required:
            rehearsed = Booking.objects.filter(
                application=application,
                kind=Booking.Kind.REHEARSAL,
                status=BookingStatus.CONFIRMED,
                ends_at__lte=booking.starts_at,
                outcome__result=ShowOutcome.Result.HELD,
            ).exists()
            items.append(Check("rehearsal", rehearsed, _("Studio rehearsal done")))
    missing = [item.key for item in items if not item.ok]
    is_show = booking.kind == Booking.Kind.SHOW
    return Readiness(
        ready=not missing,
        items=items,
        samples_late=booking.is_confirmed_show
        and _samples_late(booking, shipment, now or timezone.now()),
        samples_due_at=samples_due_at(booking) if is_show else None,
        confirmed_at=booking.ready_at,
        missing=missing,
        override_reason=booking.ready_override_reason,
    )
