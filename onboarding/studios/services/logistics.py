"""Around a show: samples on their way, the CEO's word they will come, go-live, the outcome."""

from datetime import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onboarding.applicants import workflow
from onboarding.applicants.models import Status
from onboarding.applicants.services import application_transition
from onboarding.core.errors import Conflict, Invalid, NotAllowed
from onboarding.core.models import User
from onboarding.core.services import audit_record
from onboarding.studios.errors import NotReady
from onboarding.studios.models import Booking, BookingStatus, SampleShipment, ShowOutcome
from onboarding.studios.reminders import (
    attendance_reminders_cancel,
    outcome_reminders_cancel,
    samples_reminders_update,
)
from onboarding.studios.selectors.bookings import Check, readiness
from onboarding.studios.selectors.common import is_scheduler
from onboarding.studios.services.common import lock_booking, require_scheduler
from onboarding.studios.webhooks import show_completed_emit

Shipped = SampleShipment.Status


@transaction.atomic
def shipment_update(
    *,
    booking: Booking,
    actor: User,
    carrier: str | None = None,
    tracking_number: str | None = None,
    status: str | None = None,
    expected_arrival: datetime | None = None,
) -> SampleShipment:
    """The CEO (or a scheduler) says how the samples travel; only a scheduler marks receipt."""
    booking = lock_booking(booking.pk)
    if not is_scheduler(actor) and actor.pk != booking.ceo_id:
        raise NotAllowed(_("Only a scheduler or the booked CEO may update the samples."))
    if booking.kind != Booking.Kind.SHOW:
        raise Conflict(_("Only shows need samples."))
    shipment, _created = SampleShipment.objects.select_for_update().get_or_create(booking=booking)
    previous = shipment.status
    if status == Shipped.RECEIVED and not is_scheduler(actor):
        raise NotAllowed(_("The studio confirms that samples arrived, not the sender."))
    if previous == Shipped.RECEIVED and status not in (None, Shipped.RECEIVED):
        require_scheduler(actor, _("Only a scheduler may reopen received samples."))
    for name, value in (
        ("carrier", carrier),
        ("tracking_number", tracking_number),
        ("expected_arrival", expected_arrival),
    ):
        if value is not None:
            setattr(shipment, name, value)
    if status == Shipped.SHIPPED and not shipment.tracking_number:
        raise Invalid(
            _("Give the tracking number of the shipment."),
            fields={"tracking_number": [_("Required once the samples are on their way.")]},
        )
    if status is not None:
        shipment.status = status
        shipment.received_at = timezone.now() if status == Shipped.RECEIVED else None
    shipment.save()
    audit_record(
        subject=booking,
        action="shipment_update",
        actor=actor,
        from_state=previous if status else "",
        to_state=shipment.status if status else "",
        data={
            "carrier": shipment.carrier,
            "tracking_number": shipment.tracking_number,
            "expected_arrival": (
                shipment.expected_arrival.isoformat() if shipment.expected_arrival else None
            ),
        },
    )
    if status is not None and status != previous:
        samples_reminders_update(booking=booking)
    return shipment


@transaction.atomic
def attendance_confirm(
    *,
    booking: Booking,
    actor: User | None,
    by_link: bool = False,
    starts_at: datetime | None = None,
) -> Booking:
    """The CEO will be at the show: said through the reminder's signed link (by whoever holds
    it: the CEO or their assistant), or recorded by the CEO or a scheduler who is signed in.

    `starts_at` is the time the confirming person saw: a show moved since is a 409, not a
    promise for a time nobody read. Saying it twice changes nothing; the escalation waiting for
    it is cancelled.
    """
    booking = lock_booking(booking.pk)
    signed_in = actor is not None and actor.is_authenticated
    if not by_link and not (
        actor is not None
        and actor.is_authenticated
        and (is_scheduler(actor) or actor.pk == booking.ceo_id)
    ):
        raise NotAllowed(_("Only the booked CEO or a scheduler may confirm attendance."))
    if booking.kind != Booking.Kind.SHOW:
        raise Conflict(_("Only a show is confirmed by the CEO."))
    if booking.status != BookingStatus.CONFIRMED:
        raise Conflict(_("This show was cancelled."), status=booking.status)
    if booking.ends_at <= timezone.now():
        raise Conflict(_("This show is over."))
    if starts_at is not None and starts_at != booking.starts_at:
        raise Conflict(_("The show has moved: check the new time."))
    if booking.attendance_confirmed_at is not None:
        return booking
    booking.attendance_confirmed_at = timezone.now()
    booking.attendance_confirmed_by = actor if signed_in else None
    booking.save(update_fields=["attendance_confirmed_at", "attendance_confirmed_by", "updated_at"])
    audit_record(
        subject=booking,
        action="attendance_confirm",
        actor=actor if signed_in else None,
        data={"by_link": by_link, "starts_at": booking.starts_at.isoformat()},
    )
    attendance_reminders_cancel(booking=booking)
    return booking


OVERRIDE_MAX = 2000


def _labels(items: list[Check]) -> str:
    return "; ".join(str(item.label) for item in items)


@transaction.atomic
def booking_confirm_ready(*, booking: Booking, actor: User, override_reason: str = "") -> Booking:
    """Confirm a show for go-live, or refuse with the checklist items still missing.

    With `override_reason` a scheduler confirms it although items are missing: the reason is
    kept on the booking and, with the missing items, in its history. A move or a cancel clears
    the confirmation and its override; the show is asked for again.
    """
    require_scheduler(actor, _("Only a scheduler confirms a show."))
    override_reason = (override_reason or "").strip()
    if len(override_reason) > OVERRIDE_MAX:
        raise Invalid(
            _("Some fields are not valid."),
            fields={"override_reason": [_("At most 2000 characters.")]},
        )
    booking = lock_booking(booking.pk)
    if not booking.is_confirmed_show:
        raise Conflict(_("Only a booked show can be confirmed ready."))
    check = readiness(booking=booking)
    missing = [item for item in check.items if not item.ok]
    if missing and not override_reason:
        raise NotReady(
            _(
                "Not ready for go-live; missing: %(items)s. To go live anyway, a scheduler "
                "confirms it with a reason (override_reason)."
            )
            % {"items": _labels(missing)},
            missing=[item.key for item in missing],
        )
    booking.ready_at, booking.ready_by = timezone.now(), actor
    booking.ready_override_reason = override_reason if missing else ""
    booking.save(update_fields=["ready_at", "ready_by", "ready_override_reason", "updated_at"])
    audit_record(
        subject=booking,
        action="booking_ready_override" if missing else "booking_ready",
        actor=actor,
        reason=booking.ready_override_reason,
        data={
            "checked": [item.key for item in check.items],
            **({"missing": [item.key for item in missing]} if missing else {}),
        },
    )
    return booking


def go_live_check(booking: Booking) -> dict:
    """How this show may go live (the record the go-live keeps), or NotReady (409) naming
    what is missing and how to override.

    A show goes live when a scheduler confirmed it ready and its checklist still passes, or
    when a scheduler overrode the checklist with a reason.
    """
    if booking.ready_at is not None and booking.ready_override_reason:
        return {"readiness": "override", "override_reason": booking.ready_override_reason}
    missing = [item for item in readiness(booking=booking).items if not item.ok]
    if booking.ready_at is None:
        missing.append(Check("confirmation", False, _("Confirmed ready by a scheduler")))
    if not missing:
        return {"readiness": "confirmed"}
    raise NotReady(
        _(
            "Booking #%(booking)s is not ready for go-live, so it cannot be recorded as held; "
            "missing: %(items)s. Confirm it ready (POST /api/v1/bookings/%(booking)s/"
            "confirm-ready/) once the checklist passes, or, as a scheduler, override the "
            "checklist with a reason in the same request (override_reason)."
        )
        % {"booking": booking.pk, "items": _labels(missing)},
        missing=[item.key for item in missing],
    )


@transaction.atomic
def outcome_record(
    *,
    booking: Booking,
    actor: User,
    result: str,
    viewers: int | None = None,
    turnover: Decimal | None = None,
    new_followers: int | None = None,
    notes: str = "",
) -> ShowOutcome:
    """Record (or correct) how a show went; the CEO's first held show takes them live."""
    require_scheduler(actor, _("Only a scheduler records outcomes."))
    booking = lock_booking(booking.pk)
    if booking.status != BookingStatus.CONFIRMED:
        raise Conflict(_("A cancelled booking has no outcome."))
    if booking.starts_at > timezone.now():
        raise Conflict(_("The show has not started yet."))
    if result == ShowOutcome.Result.NO_SHOW and any(
        v not in (None, 0) for v in (viewers, turnover, new_followers)
    ):
        raise Invalid(
            _("A show that did not happen has no viewers, turnover or followers."),
            fields={"result": [_("No figures for a no-show.")]},
        )
    held_show = result == ShowOutcome.Result.HELD and booking.kind == Booking.Kind.SHOW
    # The go-live gate: a show is held live only once ready (or overridden), checked first so
    # that a refusal records nothing.
    went_live = go_live_check(booking) if held_show else {}
    existing = ShowOutcome.objects.filter(booking=booking).first()
    outcome, _created = ShowOutcome.objects.update_or_create(
        booking=booking,
        defaults={
            "result": result,
            "viewers": viewers,
            "turnover": turnover,
            "new_followers": new_followers,
            "notes": notes,
            "recorded_by": actor,
        },
    )
    audit_record(
        subject=booking,
        action="outcome_record",
        actor=actor,
        from_state=existing.result if existing else "",
        to_state=result,
        data={
            "viewers": viewers,
            "turnover": str(turnover) if turnover is not None else None,
            "new_followers": new_followers,
            **went_live,
        },
    )
    outcome_reminders_cancel(booking=booking)
    show_completed_emit(booking=booking, outcome=outcome, corrected=existing is not None)
    application = booking.application
    if held_show and application.status == Status.SCHEDULED:
        application_transition(
            application_id=application.pk,
            action=workflow.Action.GO_LIVE,
            actor_kind=workflow.SYSTEM,
            actor=actor,
            reason="first show held",
            notify=False,
            data={"booking": booking.pk, **went_live},
        )
    return outcome
