"""The checks every booking passes: times, who is bookable, hours, blackouts, and clashes."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any

from django.db import IntegrityError, connection
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from onboarding.applicants.models import Application
from onboarding.core.errors import Invalid, constraint_of
from onboarding.core.time import local_text
from onboarding.studios.errors import BookingConflict, InBlackout, NotBookable, StudioClosed
from onboarding.studios.models import (
    Blackout,
    Booking,
    BookingCrew,
    BookingEquipment,
    BookingStatus,
    Crew,
    EquipmentSet,
    OpeningHours,
    Studio,
    Weekday,
)
from onboarding.studios.selectors.availability import END_OF_DAY
from onboarding.studios.selectors.common import BOOKABLE
from onboarding.studios.services.common import Slot
from onboarding.studios.timeutils import local

MAX_LENGTH = timedelta(hours=12)
# Exclusion constraints and what each one keeps from being in two places at once.
EXCLUSIONS = {
    "booking_studio_no_overlap": "studio",
    "booking_ceo_no_overlap": "ceo",
    "booking_crew_no_overlap": "crew",
    "booking_equipment_no_overlap": "equipment",
}


def check_times(starts_at: datetime, ends_at: datetime, now: datetime) -> None:
    errors: dict[str, list[str]] = {}
    if ends_at <= starts_at:
        errors["ends_at"] = [_("A booking ends after it starts.")]
    elif ends_at - starts_at > MAX_LENGTH:
        errors["ends_at"] = [_("A booking lasts at most 12 hours.")]
    if starts_at <= now:
        errors["starts_at"] = [_("Book a time in the future.")]
    if errors:
        raise Invalid(_("Some fields are not valid."), fields=errors)


def check_bookable(studio: Studio, application: Application) -> int:
    """Refuse a studio or CEO that cannot be booked; the CEO's account id when they can."""
    if not studio.active:
        raise NotBookable(_("“%(studio)s” is not taking bookings.") % {"studio": studio.name})
    if application.status not in BOOKABLE:
        raise NotBookable(
            _("Only CEOs who finished training can be booked; %(reference)s is “%(status)s”.")
            % {"reference": application.reference, "status": application.get_status_display()},
            status=application.status,
        )
    if not application.campaign.is_active:
        raise NotBookable(
            _("The campaign “%(campaign)s” is not active.") % {"campaign": application.campaign}
        )
    if application.user_id is None:
        raise NotBookable(
            _("%(reference)s has no CEO account to book.") % {"reference": application.reference}
        )
    return application.user_id


def _seconds(at: time) -> int:
    return at.hour * 3600 + at.minute * 60 + at.second


# A window written to close at 23:59 stays open to midnight.


def check_open(studio: Studio, slot: Slot, windows: list[OpeningHours] | None = None) -> None:
    """The whole buffered range lies in one opening window of one local day (`windows`: that
    day's, ordered by opening time, when the caller has read them)."""
    zone = studio.timezone
    start, end = local(slot.buffered_start, zone), local(slot.buffered_end, zone)
    if windows is not None:
        pass
    elif "opening_hours" in getattr(studio, "_prefetched_objects_cache", {}):
        windows = [h for h in studio.opening_hours.all() if h.weekday == start.weekday()]
    else:
        # The day's windows alone, ordered here: the model's ordering would join the studio.
        windows = list(studio.opening_hours.filter(weekday=start.weekday()).order_by("opens"))
    # Wall-clock seconds from the start's local midnight: a range past midnight never fits.
    begin = _seconds(start.time())
    finish = (end.date() - start.date()).days * 86400 + _seconds(end.time())
    fits = any(
        _seconds(w.opens) <= begin
        and finish <= (86400 if w.closes >= END_OF_DAY else _seconds(w.closes))
        for w in windows
    )
    if fits:
        return
    hours = ", ".join(f"{w.opens:%H:%M}–{w.closes:%H:%M}" for w in windows) or _("closed")
    raise StudioClosed(
        _(
            "“%(studio)s” is open %(hours)s on %(day)s (%(zone)s); with setup and teardown "
            "this booking needs %(start)s–%(end)s."
        )
        % {
            "studio": studio.name,
            "hours": hours,
            "day": Weekday(start.weekday()).label,
            "zone": zone,
            "start": f"{start:%H:%M}",
            "end": f"{end:%H:%M}",
        }
    )


def check_blackouts(studio: Studio, slot: Slot, blackout: Blackout | None | bool = False) -> None:
    """Refuse the slot if a blackout overlaps it (`blackout`: the first one, or None, when the
    caller has read it)."""
    if isinstance(blackout, bool):  # False: not read by the caller
        blackout = (
            studio.blackouts.filter(
                starts_at__lt=slot.buffered_end, ends_at__gt=slot.buffered_start
            )
            .order_by("starts_at")
            .first()
        )
    if blackout is not None:
        raise InBlackout(
            _("“%(studio)s” is unavailable from %(start)s to %(end)s (%(zone)s): %(reason)s.")
            % {
                "studio": studio.name,
                "start": local_text(blackout.starts_at, studio.timezone),
                "end": local_text(blackout.ends_at, studio.timezone),
                "zone": studio.timezone,
                "reason": blackout.reason,
            },
            blackout=blackout.pk,
        )


def overlapping(queryset: QuerySet, slot: Slot) -> QuerySet:
    return queryset.filter(
        status=BookingStatus.CONFIRMED,
        buffered_start__lt=slot.buffered_end,
        buffered_end__gt=slot.buffered_start,
    )


def first_in_studio(bookings: QuerySet, studio: Studio, slot: Slot) -> Booking | None:
    """The studio's first confirmed booking in the way of the slot, with its studio."""
    return overlapping(bookings.filter(studio=studio), slot).order_by("starts_at").first()


@dataclass(frozen=True)
class Look:
    """What the look before the locks read in one statement: the studio's first booking in
    the way (None when the slot is free), and for the refusal's checks the local day's opening
    windows and the first blackout in the way."""

    clash: Booking | None
    windows: list[OpeningHours]
    blackout: Blackout | None


LOOK = """
SELECT b.id, b.starts_at, b.ends_at, h.opens, h.closes, x.id, x.starts_at, x.ends_at, x.reason
FROM (SELECT 1) AS one
LEFT JOIN LATERAL (
    SELECT id, starts_at, ends_at FROM studios_booking WHERE studio_id = %(studio)s
    AND status = %(confirmed)s AND buffered_start < %(end)s AND buffered_end > %(start)s
    AND id <> %(exclude)s ORDER BY starts_at LIMIT 1
) AS b ON true
LEFT JOIN LATERAL (
    SELECT array_agg(opens ORDER BY opens, id) AS opens, array_agg(closes ORDER BY opens, id)
    AS closes FROM studios_openinghours WHERE studio_id = %(studio)s AND weekday = %(weekday)s
) AS h ON b.id IS NOT NULL OR %(every)s
LEFT JOIN LATERAL (
    SELECT id, starts_at, ends_at, reason FROM studios_blackout WHERE studio_id = %(studio)s
    AND starts_at < %(end)s AND ends_at > %(start)s ORDER BY starts_at LIMIT 1
) AS x ON b.id IS NOT NULL OR %(every)s
"""


def look_in_studio(
    studio: Studio, slot: Slot, *, every: bool = False, exclude: int | None = None
) -> Look:
    """first_in_studio, check_open's windows and check_blackouts' blackout in one statement
    (plain SQL: of twenty writers racing for a studio nineteen are refused on what it reads,
    and composing three ORM queries cost more than running them); hours and blackouts only
    when a booking is in the way, unless `every`. `exclude`: the booking being moved."""
    weekday = local(slot.buffered_start, studio.timezone).weekday()
    params: dict[str, Any] = {
        "studio": studio.pk,
        "confirmed": BookingStatus.CONFIRMED.value,
        "start": slot.buffered_start,
        "end": slot.buffered_end,
        "weekday": weekday,
        "every": every,
        "exclude": -1 if exclude is None else exclude,
    }
    with connection.cursor() as cursor:
        cursor.execute(LOOK, params)
        row = cursor.fetchone()
    if row[0] is None and not every:
        return Look(None, [], None)
    clash = None
    if row[0] is not None:
        clash = Booking(pk=row[0], studio=studio, starts_at=row[1], ends_at=row[2])
    windows = [
        OpeningHours(studio=studio, weekday=weekday, opens=opens, closes=closes)
        for opens, closes in zip(row[3] or (), row[4] or (), strict=True)
    ]
    blackout = None
    if row[5] is not None:
        blackout = Blackout(
            pk=row[5], studio=studio, starts_at=row[6], ends_at=row[7], reason=row[8]
        )
    return Look(clash, windows, blackout)


def _clash(resource: str, booking: Booking, message: str, **names: str) -> BookingConflict:
    zone = booking.studio.timezone
    text = message % {
        "booking": booking.pk,
        "studio": booking.studio.name,
        "start": local_text(booking.starts_at, zone),
        "end": local_text(booking.ends_at, zone),
        "zone": zone,
        **names,
    }
    return BookingConflict(text, resource=resource, conflicting_booking=booking.pk)


def check_free(
    *,
    studio: Studio,
    ceo_id: int,
    crew: list[Crew],
    equipment: list[EquipmentSet],
    slot: Slot,
    exclude: int | None = None,
    look: Look | None = None,
) -> None:
    """Refuse, naming the booking in the way, if any of what this booking needs is taken.

    `look` is what look_in_studio read, with the studio's first booking in the way (or none).
    """
    bookings = Booking.objects.select_related("studio")
    if exclude is not None:
        bookings = bookings.exclude(pk=exclude)
    clash = look.clash if look else first_in_studio(bookings, studio, slot)
    if clash:
        raise _clash(
            "studio",
            clash,
            _(
                "“%(studio)s” is already booked from %(start)s to %(end)s (%(zone)s), with "
                "setup and teardown around it: booking #%(booking)s."
            ),
        )
    clash = overlapping(bookings.filter(ceo_id=ceo_id), slot).order_by("starts_at").first()
    if clash:
        raise _clash(
            "ceo",
            clash,
            _(
                "The CEO is already booked from %(start)s to %(end)s (%(zone)s) in "
                "“%(studio)s”: booking #%(booking)s."
            ),
        )
    for model, field, rows, message in (
        (
            BookingCrew,
            "crew",
            crew,
            _("%(name)s is already on booking #%(booking)s from %(start)s to %(end)s (%(zone)s)."),
        ),
        (
            BookingEquipment,
            "equipment",
            equipment,
            _("“%(name)s” is already reserved for booking #%(booking)s from %(start)s to %(end)s."),
        ),
    ):
        if not rows:
            continue
        held = (
            overlapping(model.objects.filter(**{f"{field}__in": rows}), slot)
            .exclude(booking_id=exclude)
            .select_related("booking__studio", field)
            .order_by("booking__starts_at")
            .first()
        )
        if held:
            raise _clash(field, held.booking, message, name=getattr(held, field).name)


def explain_exclusion(
    exc: IntegrityError,
    *,
    studio: Studio,
    ceo_id: int,
    crew: list[Crew],
    equipment: list[EquipmentSet],
    slot: Slot,
    exclude: int | None = None,
) -> None:
    """The database refused an overlap the locks did not see coming: say which, as a 409."""
    if constraint_of(exc) not in EXCLUSIONS:
        return
    check_free(
        studio=studio,
        ceo_id=ceo_id,
        crew=list(crew),
        equipment=list(equipment),
        slot=slot,
        exclude=exclude,
    )
    raise BookingConflict(
        _("Another booking took this time a moment ago; look again and choose another."),
        resource=EXCLUSIONS[constraint_of(exc)],
    ) from exc
