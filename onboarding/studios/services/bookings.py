"""Studio time: book, move and cancel, every rule checked under locks in one transaction.

Lock order, the same everywhere so that two writers never wait on each other in a circle:
the booking, then studios (by id), then the application, then crew and kit (by id).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onboarding.applicants import workflow
from onboarding.applicants.models import Application, Status
from onboarding.applicants.services import application_transition
from onboarding.core.errors import Conflict, constraint_of
from onboarding.core.models import User
from onboarding.core.services import audit_record, require_reason
from onboarding.studios.errors import IdempotencyKeyReused
from onboarding.studios.models import (
    Booking,
    BookingCrew,
    BookingEquipment,
    BookingSeries,
    BookingStatus,
    Crew,
    EquipmentSet,
    Studio,
)
from onboarding.studios.reminders import (
    show_reminders_cancel,
    show_reminders_move,
    show_reminders_schedule,
)
from onboarding.studios.services.checks import (
    Look,
    check_blackouts,
    check_bookable,
    check_free,
    check_open,
    check_times,
    explain_exclusion,
    look_in_studio,
)
from onboarding.studios.services.common import (
    Slot,
    lock_application,
    lock_booking,
    lock_crew,
    lock_equipment,
    lock_studios,
    require_scheduler,
    snapshot,
)
from onboarding.studios.services.policies import cutoff_check, quota_check
from onboarding.studios.services.standby import standby_open
from onboarding.studios.webhooks import (
    booking_cancelled_emit,
    booking_created_emit,
    booking_moved_emit,
)

Kind = Booking.Kind


def booking_create(
    *,
    studio: Studio,
    application: Application,
    starts_at: datetime,
    ends_at: datetime,
    actor: User,
    crew: Iterable[Any] = (),
    equipment: Iterable[Any] = (),
    kind: str = Kind.SHOW,
    idempotency_key: str | None = None,
    quota_override_reason: str = "",
    series: BookingSeries | None = None,
) -> tuple[Booking, bool]:
    """Reserve the studio, the CEO, crew and kit together, or nothing; (booking, created).

    A request repeated with the same idempotency key returns the first booking (created is
    False) and never makes a second one.
    """
    require_scheduler(actor, _("Only a scheduler books studio time."))
    request = (studio.pk, application.pk, starts_at, ends_at, kind)
    if idempotency_key and (replay := _replay(idempotency_key, request)):
        return replay, False
    crew, equipment = list(crew), list(equipment)
    replay = _refuse_taken(
        idempotency_key=idempotency_key,
        request=request,
        studio=studio,
        application=application,
        starts_at=starts_at,
        ends_at=ends_at,
        crew=crew,
        equipment=equipment,
        kind=kind,
        actor=actor,
        quota_override_reason=quota_override_reason,
    )
    if replay:
        return replay, False
    try:
        with transaction.atomic():
            return _create(
                studio_id=studio.pk,
                application_id=application.pk,
                starts_at=starts_at,
                ends_at=ends_at,
                actor=actor,
                crew=crew,
                equipment=equipment,
                kind=kind,
                idempotency_key=idempotency_key,
                quota_override_reason=quota_override_reason,
                series=series,
                request=request,
            )
    except IntegrityError as exc:
        # Two requests with one key, both past the first look: the first one's booking wins.
        if constraint_of(exc) == "booking_idempotency_key" and idempotency_key:
            replay = _replay(idempotency_key, request)
            if replay:
                return replay, False
        # Without a CEO account check_bookable refused before anything was written.
        if application.user_id is not None:
            explain_exclusion(
                exc,
                studio=studio,
                ceo_id=application.user_id,
                crew=crew,
                equipment=equipment,
                slot=Slot.in_studio(studio, starts_at, ends_at),
            )
        raise


def _refuse_taken(
    *,
    idempotency_key: str | None,
    request: tuple,
    studio: Studio,
    application: Application,
    starts_at: datetime,
    ends_at: datetime,
    crew: list,
    equipment: list,
    kind: str,
    actor: User,
    quota_override_reason: str,
) -> Booking | None:
    """Refuse a time the studio has already given away, without queueing for its lock.

    Of many writers racing for one studio all but one are refused, and each would wait its
    turn behind whoever holds the studio's row. A booking already in the studio at that time
    decides the refusal alone: the checks run here in their order on what is committed (the
    same answer the locked ones would give), with no lock taken. Only a request that may still
    win goes on to the locks; the exclusion constraints stay the final word on overlap.
    Returns the first booking of a repeated request whose twin has just committed.
    """
    look = look_in_studio(studio, Slot.in_studio(studio, starts_at, ends_at))
    if look.clash is None:
        return None
    # The booking in the way may be this request's own, made by a retry a moment ago.
    if idempotency_key and (replay := _replay(idempotency_key, request)):
        return replay
    check_times(starts_at, ends_at, timezone.now())
    _check_place(
        studio=studio,
        application=application,
        starts_at=starts_at,
        ends_at=ends_at,
        crew=crew,
        equipment=equipment,
        kind=kind,
        actor=actor,
        quota_override_reason=quota_override_reason,
        lock=False,
        look=look,
    )
    return None


def _replay(key: str, request: tuple) -> Booking | None:
    booking = Booking.objects.filter(idempotency_key=key).first()
    if booking is None:
        return None
    first = (booking.studio_id, booking.application_id, booking.starts_at, booking.ends_at)
    if first + (booking.kind,) != request:
        raise IdempotencyKeyReused(
            _("This idempotency key was used for booking #%(booking)s, a different request.")
            % {"booking": booking.pk},
            conflicting_booking=booking.pk,
        )
    return booking


def _create(
    *,
    studio_id: int,
    application_id: int,
    starts_at: datetime,
    ends_at: datetime,
    actor: User,
    crew: list,
    equipment: list,
    kind: str,
    idempotency_key: str | None,
    quota_override_reason: str,
    series: BookingSeries | None,
    request: tuple,
) -> tuple[Booking, bool]:
    now = timezone.now()
    check_times(starts_at, ends_at, now)
    # The studio's row is the queue: of many requests for it, one at a time looks and writes,
    # so the others see its booking and get a 409 that names it.
    studio = lock_studios(studio_id)[studio_id]
    application = lock_application(application_id)
    if idempotency_key and (replay := _replay(idempotency_key, request)):
        return replay, False
    checked = _check_place(
        studio=studio,
        application=application,
        starts_at=starts_at,
        ends_at=ends_at,
        crew=crew,
        equipment=equipment,
        kind=kind,
        actor=actor,
        quota_override_reason=quota_override_reason,
    )
    slot, crew_rows, kit_rows, quota = checked.slot, checked.crew, checked.equipment, checked.quota
    booking = Booking.objects.create(
        studio=studio,
        application=application,
        ceo_id=checked.ceo_id,
        starts_at=starts_at,
        ends_at=ends_at,
        buffered_start=slot.buffered_start,
        buffered_end=slot.buffered_end,
        kind=kind,
        idempotency_key=idempotency_key or None,
        series=series,
        created_by=actor,
    )
    _reserve(booking, crew_rows, kit_rows)
    audit_record(
        subject=booking,
        action="booking_create",
        actor=actor,
        to_state=BookingStatus.CONFIRMED,
        reason=quota_override_reason if quota else "",
        data={
            **snapshot(booking),
            "application": application.pk,
            "kind": kind,
            "crew": [c.pk for c in crew_rows],
            "equipment": [e.pk for e in kit_rows],
            "series": series.pk if series else None,
            **(quota or {}),
        },
    )
    if kind == Kind.SHOW and application.status == Status.TRAINED:
        application_transition(
            application_id=application.pk,
            action=workflow.Action.SCHEDULE,
            actor_kind=workflow.SYSTEM,
            actor=actor,
            reason="first show booked",
            notify=False,
            data={"booking": booking.pk},
            locked=application,
        )
    # Outbox rows in this transaction: written with the booking, or not at all. Crew asked for
    # are read back in the booking's order; a show booked without any has none to read.
    show_reminders_schedule(booking=booking, crew=None if crew_rows else [])
    booking_created_emit(booking=booking)
    return booking, True


@dataclass(frozen=True)
class _Checked:
    ceo_id: int
    slot: Slot
    crew: list[Crew]
    equipment: list[EquipmentSet]
    quota: dict[str, Any] | None


def _check_place(
    *,
    studio: Studio,
    application: Application,
    starts_at: datetime,
    ends_at: datetime,
    crew: Iterable[Any],
    equipment: Iterable[Any],
    kind: str,
    actor: User,
    quota_override_reason: str,
    ceo_id: int | None = None,
    exclude: int | None = None,
    lock: bool = True,
    look: Look | None = None,
) -> _Checked:
    """What a booking must pass at a studio and time, in this order, for create and move alike.

    The caller holds the studio and application locks; crew and kit are locked here, after
    them, as the lock order says. `exclude` is the booking being moved, which never clashes
    with itself; `ceo_id` the CEO it holds (the application's account when not given).
    With `lock=False` (the look before the locks) crew and kit are read, not locked, and
    `look` is what that look read: the booking in the way, the day's hours and the blackout
    (read here otherwise, in one statement).
    """
    account = check_bookable(studio, application)
    slot = Slot.in_studio(studio, starts_at, ends_at)
    if look is None:
        # Under the studio's lock: the booking in the way, the hours and blackouts, read at once.
        look = look_in_studio(studio, slot, every=True, exclude=exclude)
    check_open(studio, slot, look.windows)
    check_blackouts(studio, slot, look.blackout)
    crew_rows, kit_rows = lock_crew(crew, lock=lock), lock_equipment(equipment, studio, lock=lock)
    held = ceo_id if ceo_id is not None else account
    check_free(
        studio=studio,
        ceo_id=held,
        crew=crew_rows,
        equipment=kit_rows,
        slot=slot,
        exclude=exclude,
        look=look,
    )
    quota = quota_check(application, kind, starts_at, actor, quota_override_reason, exclude=exclude)
    return _Checked(held, slot, crew_rows, kit_rows, quota)


def _reserve(booking: Booking, crew_rows: list, kit_rows: list) -> None:
    span = {"buffered_start": booking.buffered_start, "buffered_end": booking.buffered_end}
    BookingCrew.objects.bulk_create(BookingCrew(booking=booking, crew=c, **span) for c in crew_rows)
    BookingEquipment.objects.bulk_create(
        BookingEquipment(booking=booking, equipment=e, **span) for e in kit_rows
    )


def _locked_booking(booking_id: int) -> Booking:
    booking = lock_booking(booking_id)
    if booking.status != BookingStatus.CONFIRMED:
        raise Conflict(
            _("Booking #%(booking)s is cancelled.") % {"booking": booking.pk},
            status=booking.status,
        )
    return booking


def _refuse_started(booking: Booking, now: datetime) -> None:
    if booking.starts_at <= now:
        raise Conflict(
            _("Booking #%(booking)s has started; record its outcome instead.")
            % {"booking": booking.pk}
        )


def booking_move(
    *,
    booking: Booking,
    starts_at: datetime,
    ends_at: datetime,
    actor: User,
    reason: str,
    studio: Studio | None = None,
    quota_override_reason: str = "",
) -> Booking:
    """Move a booking in time (or to another studio) with all it holds, or refuse and keep it."""
    reason = require_reason(reason)
    target_id = studio.pk if studio else booking.studio_id
    try:
        with transaction.atomic():
            return _move(
                booking.pk, target_id, starts_at, ends_at, actor, reason, quota_override_reason
            )
    except IntegrityError as exc:
        target = studio or booking.studio
        explain_exclusion(
            exc,
            studio=target,
            ceo_id=booking.ceo_id,
            crew=[a.crew for a in booking.crew_assignments.select_related("crew")],
            equipment=[
                a.equipment for a in booking.equipment_assignments.select_related("equipment")
            ],
            slot=Slot.in_studio(target, starts_at, ends_at),
            exclude=booking.pk,
        )
        raise


def _move(
    booking_id: int,
    target_id: int,
    starts_at: datetime,
    ends_at: datetime,
    actor: User,
    reason: str,
    quota_override_reason: str,
) -> Booking:
    now = timezone.now()
    booking = _locked_booking(booking_id)
    _refuse_started(booking, now)
    override = cutoff_check(booking, actor, now, new_start=starts_at)
    check_times(starts_at, ends_at, now)
    studios = lock_studios(booking.studio_id, target_id)
    studio = studios[target_id]
    application = lock_application(booking.application_id)
    checked = _check_place(
        studio=studio,
        application=application,
        starts_at=starts_at,
        ends_at=ends_at,
        crew=booking.crew_assignments.values_list("crew_id", flat=True),
        equipment=booking.equipment_assignments.values_list("equipment_id", flat=True),
        kind=booking.kind,
        actor=actor,
        quota_override_reason=quota_override_reason,
        ceo_id=booking.ceo_id,
        exclude=booking.pk,
    )
    slot, quota = checked.slot, checked.quota
    before = snapshot(booking)
    was = {"studio": booking.studio_id, "starts_at": booking.starts_at, "ends_at": booking.ends_at}
    booking.studio = studio
    booking.starts_at, booking.ends_at = starts_at, ends_at
    booking.buffered_start, booking.buffered_end = slot.buffered_start, slot.buffered_end
    # Readiness and the CEO's word were given for the old time; both are asked for again.
    booking.ready_at, booking.ready_by, booking.ready_override_reason = None, None, ""
    booking.attendance_confirmed_at, booking.attendance_confirmed_by = None, None
    booking.save(
        update_fields=[
            "studio",
            "starts_at",
            "ends_at",
            "buffered_start",
            "buffered_end",
            "ready_at",
            "ready_by",
            "ready_override_reason",
            "attendance_confirmed_at",
            "attendance_confirmed_by",
            "updated_at",
        ]
    )
    span = {"buffered_start": slot.buffered_start, "buffered_end": slot.buffered_end}
    BookingCrew.objects.filter(booking=booking).update(**span)
    BookingEquipment.objects.filter(booking=booking).update(**span)
    audit_record(
        subject=booking,
        action="booking_move",
        actor=actor,
        reason=reason,
        data={
            "from": before,
            "to": snapshot(booking),
            **override,
            **(quota or {}),
            **({"quota_override_reason": quota_override_reason} if quota else {}),
        },
    )
    show_reminders_move(booking=booking)
    booking_moved_emit(booking=booking, before=was)
    return booking


@transaction.atomic
def booking_cancel(*, booking: Booking, actor: User, reason: str) -> Booking:
    """Cancel with a reason; inside the campaign's cut-off only a scheduler may, on the record."""
    reason = require_reason(reason)
    now = timezone.now()
    booking = _locked_booking(booking.pk)
    _refuse_started(booking, now)
    override = cutoff_check(booking, actor, now)
    booking.status = BookingStatus.CANCELLED
    booking.cancel_reason = reason
    booking.cancelled_at = now
    booking.ready_at, booking.ready_by, booking.ready_override_reason = None, None, ""
    booking.save(
        update_fields=[
            "status",
            "cancel_reason",
            "cancelled_at",
            "ready_at",
            "ready_by",
            "ready_override_reason",
            "updated_at",
        ]
    )
    BookingCrew.objects.filter(booking=booking).update(status=BookingStatus.CANCELLED)
    BookingEquipment.objects.filter(booking=booking).update(status=BookingStatus.CANCELLED)
    audit_record(
        subject=booking,
        action="booking_cancel",
        actor=actor,
        from_state=BookingStatus.CONFIRMED,
        to_state=BookingStatus.CANCELLED,
        reason=reason,
        data={**snapshot(booking), **override},
    )
    show_reminders_cancel(booking=booking)
    booking_cancelled_emit(booking=booking)
    # The freed slot goes to the standby list, in this transaction (offers are outbox rows).
    standby_open(booking=booking, actor=actor)
    return booking
