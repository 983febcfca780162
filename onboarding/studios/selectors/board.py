"""The schedulers' studio board: a week of studios by time in one read, why a slot is taken,
and the trained CEOs one may book.

The board's week costs the same few queries whatever the number of studios and bookings.
The slot check runs the booking service's own checks (services/checks.py) without writing,
so the board says exactly what booking would refuse, and why.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from onboarding.applicants.models import Application
from onboarding.applicants.selectors import availability_of
from onboarding.core.errors import DomainError
from onboarding.core.models import User
from onboarding.studios.models import (
    Blackout,
    Booking,
    BookingCrew,
    BookingEquipment,
    BookingStatus,
    Crew,
    EquipmentSet,
    Studio,
)
from onboarding.studios.selectors.availability import END_OF_DAY
from onboarding.studios.selectors.bookings import outcome_of, samples_late, shipment_of
from onboarding.studios.selectors.common import BOOKABLE

MAX_DAYS = 31
CEO_SEARCH_LIMIT = 20
WEEKDAY_CODES = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


@dataclass
class Background:
    """A shaded range on the board: the studio closed, or a blackout with its reason."""

    studio: int
    kind: str
    starts_at: datetime
    ends_at: datetime
    reason: str = ""


@dataclass
class Board:
    first: date
    last: date
    studios: list[Studio]
    bookings: list[Booking]
    background: list[Background]
    now: datetime
    # With as_rows: the query of the bookings' ids, for their crew and kit (a subquery is
    # cheaper than hundreds of ids as parameters).
    booking_ids: QuerySet | None = None


def _span(first: date, last: date, zone: str) -> tuple[datetime, datetime]:
    tz = ZoneInfo(zone)
    return (
        datetime.combine(first, time(0), tzinfo=tz),
        datetime.combine(last + timedelta(days=1), time(0), tzinfo=tz),
    )


def _closed(studio: Studio, first: date, last: date) -> list[Background]:
    """Each local day's hours outside every opening window (a whole day when none)."""
    tz = ZoneInfo(studio.timezone)
    ranges = []
    for offset in range((last - first).days + 1):
        day = first + timedelta(days=offset)
        day_start = datetime.combine(day, time(0), tzinfo=tz)
        day_end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz)
        windows = sorted(
            (
                datetime.combine(day, h.opens, tzinfo=tz),
                day_end if h.closes >= END_OF_DAY else datetime.combine(day, h.closes, tzinfo=tz),
            )
            for h in studio.opening_hours.all()
            if h.weekday == day.weekday() and studio.active
        )
        cursor = day_start
        for opens, closes in windows:
            if opens > cursor:
                ranges.append(Background(studio.pk, "closed", cursor, opens))
            cursor = max(cursor, closes)
        if cursor < day_end:
            ranges.append(Background(studio.pk, "closed", cursor, day_end))
    return ranges


# What a board block shows of a booking, read with `.values()` (board_week(as_rows=True)).
BLOCK_COLUMNS = [
    "id",
    "studio_id",
    "application_id",
    "application__reference",
    "application__company_name",
    "application__full_name",
    "application__campaign__slug",
    "application__campaign__scheduling_settings__samples_due_hours",
    "ceo__first_name",
    "ceo__last_name",
    "kind",
    "status",
    "starts_at",
    "ends_at",
    "buffered_start",
    "buffered_end",
    "series_id",
    "shipment__status",
    "outcome__result",
    "ready_at",
    "ready_override_reason",
    "attendance_confirmed_at",
]


def board_week(
    *, first: date, last: date, studio: int | None = None, as_rows: bool = False
) -> Board:
    """Studios, their bookings (with buffers) and shaded ranges for local days first..last.

    Six queries, whatever the number of studios, bookings, crew and kit. With `as_rows`, the
    bookings are BLOCK_COLUMNS dicts (two queries: the board's crew and kit are the caller's).
    """
    # The widest instant range any studio's zone can give these dates (UTC-12 to UTC+14).
    wide_start = datetime.combine(first, time(0), tzinfo=ZoneInfo("UTC")) - timedelta(hours=14)
    wide_end = datetime.combine(last + timedelta(days=2), time(0), tzinfo=ZoneInfo("UTC"))
    queryset = Studio.objects.filter(active=True).prefetch_related(
        "opening_hours",
        Prefetch(
            "blackouts",
            queryset=Blackout.objects.filter(starts_at__lt=wide_end, ends_at__gt=wide_start),
        ),
    )
    if studio is not None:
        queryset = queryset.filter(pk=studio)
    studios = list(queryset)
    spans = {s.pk: _span(first, last, s.timezone) for s in studios}
    confirmed = Booking.objects.filter(
        studio__in=[s.pk for s in studios],
        status=BookingStatus.CONFIRMED,
        buffered_start__lt=wide_end,
        buffered_end__gt=wide_start,
    ).order_by("starts_at", "id")
    if as_rows:
        rows = confirmed.values(*BLOCK_COLUMNS)
        return Board(
            first,
            last,
            studios,
            [
                r
                for r in rows
                if _within(r["studio_id"], r["buffered_start"], r["buffered_end"], spans)
            ],
            _background(studios, first, last, spans),
            timezone.now(),
            confirmed.values("id"),
        )
    bookings = confirmed.select_related(
        "studio",
        "ceo",
        "shipment",
        "outcome",
        "application__campaign__scheduling_settings",
    ).prefetch_related(
        Prefetch("crew_assignments", queryset=BookingCrew.objects.select_related("crew")),
        Prefetch(
            "equipment_assignments",
            queryset=BookingEquipment.objects.select_related("equipment"),
        ),
    )
    shown = [b for b in bookings if _within(b.studio_id, b.buffered_start, b.buffered_end, spans)]
    return Board(
        first, last, studios, shown, _background(studios, first, last, spans), timezone.now()
    )


def _within(studio_id: int, start: datetime, end: datetime, spans: dict) -> bool:
    """Whether a buffered range meets the studio's local days on the board."""
    return start < spans[studio_id][1] and end > spans[studio_id][0]


def _background(studios: list[Studio], first: date, last: date, spans: dict) -> list[Background]:
    background = []
    for s in studios:
        start, end = spans[s.pk]
        background += _closed(s, first, last)
        background += [
            Background(s.pk, "blackout", b.starts_at, b.ends_at, b.reason)
            for b in s.blackouts.all()
            if b.starts_at < end and b.ends_at > start
        ]
    return background


def block_state(booking: Booking, now: datetime) -> dict:
    """What the board shows of a booking's state; the rules stay in the selectors they are."""
    outcome = outcome_of(booking)
    shipment = shipment_of(booking)
    is_show = booking.kind == Booking.Kind.SHOW
    return {
        "ceo_confirmed": booking.attendance_confirmed_at is not None,
        "samples_late": samples_late(booking, now),
        "samples_status": shipment.status if shipment else None,
        "ready": booking.ready_at is not None,
        "not_ready": is_show and booking.ready_at is None and outcome is None,
        "outcome": outcome.result if outcome else None,
    }


# The slot check


@dataclass
class SlotReason:
    code: str
    message: str
    conflicting_booking: int | None = None
    fields: dict = field(default_factory=dict)


@dataclass
class SlotCheck:
    bookable: bool
    reasons: list[SlotReason]
    warnings: list[SlotReason]


def _reason(error: DomainError) -> SlotReason:
    return SlotReason(
        error.code, error.message, error.extra.get("conflicting_booking"), error.fields
    )


def _outside_availability(
    application: Application, slot_start: datetime, slot_end: datetime
) -> SlotReason | None:
    """The CEO's weekly windows (their campaign's zone) that do not hold the show, if any."""
    windows = availability_of(application)
    if not windows:
        return None
    zone = application.campaign.timezone
    start, end = slot_start.astimezone(ZoneInfo(zone)), slot_end.astimezone(ZoneInfo(zone))
    day = WEEKDAY_CODES[start.weekday()]
    begin, finish = f"{start:%H:%M}", f"{end:%H:%M}" if end.date() == start.date() else "24:00"
    if any(w["day"] == day and w["start"] <= begin and finish <= w["end"] for w in windows):
        return None
    said = ", ".join(f"{w['start']}–{w['end']}" for w in windows if w["day"] == day)
    return SlotReason(
        "outside_availability",
        _(
            "%(reference)s said they are available %(windows)s on this day (%(zone)s); this "
            "booking is %(start)s–%(end)s. Ask them before booking."
        )
        % {
            "reference": application.reference,
            "windows": said or _("at no time"),
            "zone": zone,
            "start": begin,
            "end": finish,
        },
    )


def slot_check(
    *,
    studio: Studio,
    starts_at: datetime,
    ends_at: datetime,
    actor: User,
    application: Application | None = None,
    crew: list[int] | None = None,
    equipment: list[int] | None = None,
    kind: str = Booking.Kind.SHOW,
    exclude: int | None = None,
) -> SlotCheck:
    """Every reason booking (or moving `exclude` to) this slot would be refused, without writing.

    Runs the booking service's checks in its order; a booking in the way is named. Being
    outside the CEO's stated weekly availability does not stop a booking: it is a warning.
    """
    from onboarding.studios.services.checks import (
        check_blackouts,
        check_bookable,
        check_free,
        check_open,
        check_times,
    )
    from onboarding.studios.services.common import Slot
    from onboarding.studios.services.policies import quota_check

    reasons: list[SlotReason] = []
    warnings: list[SlotReason] = []
    slot = Slot.in_studio(studio, starts_at, ends_at)

    def run(check: Callable[..., object], *args: Any, **kwargs: Any) -> None:
        try:
            check(*args, **kwargs)
        except DomainError as error:
            reasons.append(_reason(error))

    run(check_times, starts_at, ends_at, timezone.now())
    if application is not None:
        run(check_bookable, studio, application)
    if ends_at > starts_at:
        run(check_open, studio, slot)
        run(check_blackouts, studio, slot)
        crew_rows = list(Crew.objects.filter(pk__in=crew or [], active=True))
        kit_rows = list(EquipmentSet.objects.filter(pk__in=equipment or [], active=True))
        run(
            check_free,
            studio=studio,
            ceo_id=application.user_id if application and application.user_id else 0,
            crew=crew_rows,
            equipment=kit_rows,
            slot=slot,
            exclude=exclude,
        )
        if application is not None:
            try:
                quota_check(application, kind, starts_at, actor, "", exclude=exclude)
            except DomainError as error:
                # A scheduler may book past the quota with a reason: say so, it is no wall.
                warnings.append(_reason(error))
            outside = _outside_availability(application, starts_at, ends_at)
            if outside:
                warnings.append(outside)
    return SlotCheck(not reasons, reasons, warnings)


# Trained CEOs to book


def ceos_to_book(*, query: str = "", campaign: str | None = None) -> QuerySet[Application]:
    """Trained (or later) CEOs with an account in an active campaign, by name, company or
    reference; one query, at most CEO_SEARCH_LIMIT rows."""
    rows = Application.objects.filter(
        status__in=BOOKABLE, user__isnull=False, campaign__is_active=True
    ).select_related("campaign")
    if campaign:
        rows = rows.filter(campaign__slug=campaign)
    for word in query.split()[:5]:
        rows = rows.filter(
            Q(full_name__icontains=word)
            | Q(company_name__icontains=word)
            | Q(brand_name__icontains=word)
            | Q(reference__icontains=word)
        )
    return rows.order_by("full_name", "id")[:CEO_SEARCH_LIMIT]
