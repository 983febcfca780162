"""Recurring bookings: each occurrence booked, or refused on its own with the reason why."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onboarding.applicants.models import Application
from onboarding.core.errors import DomainError, Invalid
from onboarding.core.models import User
from onboarding.core.services import audit_record, require_reason
from onboarding.studios.models import Booking, BookingSeries, BookingStatus, Studio
from onboarding.studios.services.bookings import booking_cancel, booking_create, booking_move
from onboarding.studios.services.common import require_scheduler
from onboarding.studios.timeutils import local, local_to_utc

MAX_SPAN = timedelta(days=366)


class Scope(models.TextChoices):
    THIS = "this", gettext_lazy("This occurrence")
    FOLLOWING = "following", gettext_lazy("This and following occurrences")
    ALL = "all", gettext_lazy("All occurrences")


@dataclass
class OccurrenceResult:
    """What became of one date of a series: booked (or moved, cancelled), or why not."""

    date: date
    starts_at: datetime | None
    ends_at: datetime | None
    status: str
    booking: int | None = None
    message: str = ""
    conflicting_booking: int | None = None
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.status in ("booked", "moved", "cancelled", "unchanged")


def occurrence_dates(weekdays: Iterable[int], first: date, last: date) -> list[date]:
    days = set(weekdays)
    return [
        first + timedelta(days=n)
        for n in range((last - first).days + 1)
        if (first + timedelta(days=n)).weekday() in days
    ]


def occurrence_times(
    day: date, start: time, duration: timedelta, zone: str
) -> tuple[datetime, datetime]:
    """Local date and wall-clock time in the series' zone, to an instant: DST cannot shift it."""
    starts_at = local_to_utc(day, start, zone)
    return starts_at, starts_at + duration


def _validate_rule(
    weekdays: list[int], duration: timedelta, first_date: date, last_date: date
) -> None:
    errors: dict[str, list[str]] = {}
    if not weekdays or any(not 0 <= day <= 6 for day in weekdays):
        errors["weekdays"] = [_("Choose one or more weekdays, 0 (Monday) to 6 (Sunday).")]
    if duration <= timedelta(0) or duration > timedelta(hours=12):
        errors["duration_minutes"] = [_("A show lasts between a minute and 12 hours.")]
    if last_date < first_date:
        errors["last_date"] = [_("The last date comes on or after the first.")]
    elif last_date - first_date > MAX_SPAN:
        errors["last_date"] = [_("A series spans at most a year.")]
    if errors:
        raise Invalid(_("Some fields are not valid."), fields=errors)


def _refused(
    day: date,
    starts_at: datetime | None,
    ends_at: datetime | None,
    exc: DomainError,
    booking: int | None = None,
) -> OccurrenceResult:
    return OccurrenceResult(
        date=day,
        starts_at=starts_at,
        ends_at=ends_at,
        status=exc.code,
        booking=booking,
        message=exc.message,
        conflicting_booking=exc.extra.get("conflicting_booking"),
        details={k: v for k, v in exc.extra.items() if k != "conflicting_booking"},
    )


def series_create(
    *,
    studio: Studio,
    application: Application,
    weekdays: list[int],
    start_time: time,
    duration: timedelta,
    first_date: date,
    last_date: date,
    actor: User,
    crew: Iterable[Any] = (),
    equipment: Iterable[Any] = (),
    kind: str = Booking.Kind.SHOW,
    quota_override_reason: str = "",
    idempotency_key: str | None = None,
) -> tuple[BookingSeries, list[OccurrenceResult], bool]:
    """Book every occurrence of the rule, each in its own savepoint: (series, results, created).

    A conflict, blackout or closed day refuses that occurrence only; the results say which and
    why, so nothing is skipped without a word.
    """
    require_scheduler(actor, _("Only a scheduler books studio time."))
    _validate_rule(weekdays, duration, first_date, last_date)
    if idempotency_key:
        existing = BookingSeries.objects.filter(idempotency_key=idempotency_key).first()
        if existing:
            return existing, series_results(series=existing), False
    crew, equipment = list(crew), list(equipment)
    with transaction.atomic():
        series = BookingSeries.objects.create(
            studio=studio,
            application=application,
            kind=kind,
            weekdays=sorted(set(weekdays)),
            start_time=start_time,
            duration=duration,
            first_date=first_date,
            last_date=last_date,
            timezone=studio.timezone,
            idempotency_key=idempotency_key or None,
            created_by=actor,
        )
        series.crew.set(crew)
        series.equipment.set(equipment)
        results = [
            _book_occurrence(series, day, actor, crew, equipment, quota_override_reason)
            for day in occurrence_dates(weekdays, first_date, last_date)
        ]
        audit_record(
            subject=series,
            action="series_create",
            actor=actor,
            data={
                "booked": sum(r.status == "booked" for r in results),
                "refused": {r.date.isoformat(): r.status for r in results if not r.ok},
            },
        )
    return series, results, True


def _book_occurrence(
    series: BookingSeries,
    day: date,
    actor: User,
    crew: list[Any],
    equipment: list[Any],
    quota_override_reason: str,
) -> OccurrenceResult:
    try:
        starts_at, ends_at = occurrence_times(
            day, series.start_time, series.duration, series.timezone
        )
    except DomainError as exc:
        return _refused(day, None, None, exc)
    if starts_at <= timezone.now():
        return OccurrenceResult(day, starts_at, ends_at, "past", message=_("Already past."))
    try:
        booking, _created = booking_create(
            studio=series.studio,
            application=series.application,
            starts_at=starts_at,
            ends_at=ends_at,
            actor=actor,
            crew=crew,
            equipment=equipment,
            kind=series.kind,
            quota_override_reason=quota_override_reason,
            series=series,
        )
    except DomainError as exc:
        return _refused(day, starts_at, ends_at, exc)
    return OccurrenceResult(day, starts_at, ends_at, "booked", booking=booking.pk)


def series_results(*, series: BookingSeries) -> list[OccurrenceResult]:
    """The series as it stands: each date of its rule, booked or not."""
    bookings = {
        local(b.starts_at, series.timezone).date(): b
        for b in series.bookings.filter(status=BookingStatus.CONFIRMED)
    }
    results = []
    for day in occurrence_dates(series.weekdays, series.first_date, series.last_date):
        booking = bookings.get(day)
        if booking:
            results.append(
                OccurrenceResult(day, booking.starts_at, booking.ends_at, "booked", booking.pk)
            )
        else:
            results.append(OccurrenceResult(day, None, None, "not_booked"))
    return results


def series_edit(
    *,
    series: BookingSeries,
    booking: Booking,
    scope: str,
    actor: User,
    reason: str,
    start_time: time | None = None,
    duration: timedelta | None = None,
    cancel: bool = False,
) -> tuple[BookingSeries, list[OccurrenceResult]]:
    """Change one occurrence, this and the following ones, or all the future ones.

    A new time keeps each occurrence on its local date; each one is moved (or cancelled) in its
    own savepoint, and one that cannot move stays where it was, reported with the reason.
    "This and following" splits the series in two at the chosen date.
    """
    require_scheduler(actor, _("Only a scheduler edits a series."))
    reason = require_reason(reason)
    if booking.series_id != series.pk:
        raise Invalid(
            _("This booking is not part of the series."),
            fields={"booking": [_("Not an occurrence of this series.")]},
        )
    start_time = start_time or series.start_time
    duration = duration or series.duration
    if not cancel:
        _validate_rule(series.weekdays, duration, series.first_date, series.last_date)
    day = local(booking.starts_at, series.timezone).date()
    with transaction.atomic():
        series = BookingSeries.objects.select_for_update().get(pk=series.pk)
        confirmed = series.bookings.filter(status=BookingStatus.CONFIRMED).order_by("starts_at")
        if scope == Scope.THIS:
            targets = list(confirmed.filter(pk=booking.pk))
        elif scope == Scope.FOLLOWING and day > series.first_date:
            targets = list(confirmed.filter(starts_at__gte=booking.starts_at))
            series = _split(series, day, start_time, duration, cancel, actor, targets)
        else:
            targets = list(confirmed.filter(starts_at__gt=timezone.now()))
            if not cancel:
                series.start_time, series.duration = start_time, duration
                series.save(update_fields=["start_time", "duration", "updated_at"])
        results = [
            _edit_occurrence(b, series, start_time, duration, cancel, actor, reason)
            for b in targets
        ]
        audit_record(
            subject=series,
            action="series_edit",
            actor=actor,
            reason=reason,
            data={
                "scope": scope,
                "from_booking": booking.pk,
                "cancel": cancel,
                "start_time": start_time.isoformat(),
                "duration_minutes": duration.total_seconds() // 60,
                "results": {str(r.booking): r.status for r in results},
            },
        )
    return series, results


def _split(
    series: BookingSeries,
    day: date,
    start_time: time,
    duration: timedelta,
    cancel: bool,
    actor: User,
    targets: list[Booking],
) -> BookingSeries:
    """End the series the day before `day`; with a new time, the rest becomes a new series."""
    last_date = series.last_date
    series.last_date = day - timedelta(days=1)
    series.save(update_fields=["last_date", "updated_at"])
    if cancel:
        return series
    tail = BookingSeries.objects.create(
        studio=series.studio,
        application=series.application,
        kind=series.kind,
        weekdays=series.weekdays,
        start_time=start_time,
        duration=duration,
        first_date=day,
        last_date=last_date,
        timezone=series.timezone,
        created_by=actor,
    )
    tail.crew.set(series.crew.all())
    tail.equipment.set(series.equipment.all())
    Booking.objects.filter(pk__in=[b.pk for b in targets]).update(series=tail)
    audit_record(subject=tail, action="series_split", actor=actor, data={"from": series.pk})
    return tail


def _edit_occurrence(
    booking: Booking,
    series: BookingSeries,
    start_time: time,
    duration: timedelta,
    cancel: bool,
    actor: User,
    reason: str,
) -> OccurrenceResult:
    day = local(booking.starts_at, series.timezone).date()
    try:
        if cancel:
            booking_cancel(booking=booking, actor=actor, reason=reason)
            return OccurrenceResult(
                day, booking.starts_at, booking.ends_at, "cancelled", booking.pk
            )
        starts_at, ends_at = occurrence_times(day, start_time, duration, series.timezone)
        if (starts_at, ends_at) == (booking.starts_at, booking.ends_at):
            return OccurrenceResult(day, starts_at, ends_at, "unchanged", booking.pk)
        booking_move(
            booking=booking, starts_at=starts_at, ends_at=ends_at, actor=actor, reason=reason
        )
        return OccurrenceResult(day, starts_at, ends_at, "moved", booking.pk)
    except DomainError as exc:
        return _refused(day, booking.starts_at, booking.ends_at, exc, booking=booking.pk)
