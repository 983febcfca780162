"""Recurring bookings: every occurrence booked or refused with a reason; DST keeps wall time."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from onboarding.applicants.models import Status
from onboarding.core.errors import Invalid
from onboarding.core.selectors import audit_history
from onboarding.studios.models import Blackout, Booking, BookingSeries, OpeningHours
from onboarding.studios.services import series_create, series_edit
from tests.factories import BookingFactory, StudioFactory, TrainedApplicationFactory

TUE, THU, SUN = 1, 3, 6
SHANGHAI = ZoneInfo("Asia/Shanghai")


def _at(day: date, hour: int, minute: int = 0, zone=SHANGHAI) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=zone)


def _series(studio, application, scheduler, first, last, weekdays=(TUE, THU), **kwargs):
    return series_create(
        studio=studio,
        application=application,
        weekdays=list(weekdays),
        start_time=time(20),
        duration=timedelta(hours=2),
        first_date=first,
        last_date=last,
        actor=scheduler,
        **kwargs,
    )


def test_a_series_reports_each_conflict_blackout_and_buffer_clash_and_books_the_rest(scheduler):
    studio = StudioFactory(hours=(time(9), time(23)))
    application = TrainedApplicationFactory()
    # Tue 25 May: another CEO's show 21:00-23:00 overlaps outright.
    taken = BookingFactory(
        studio=studio, starts_at=_at(date(2027, 5, 25), 21), ends_at=_at(date(2027, 5, 25), 22, 30)
    )
    # Thu 27 May: a show ending 19:15 whose teardown (to 19:45) meets our setup (from 19:30).
    buffer_clash = BookingFactory(
        studio=studio, starts_at=_at(date(2027, 5, 27), 17), ends_at=_at(date(2027, 5, 27), 19, 15)
    )
    # Tue 1 June: a show ending 19:00 whose teardown ends at 19:30, exactly when ours begins.
    BookingFactory(
        studio=studio, starts_at=_at(date(2027, 6, 1), 17), ends_at=_at(date(2027, 6, 1), 19)
    )
    # Thu 3 June: the studio is closed for a private event.
    Blackout.objects.create(
        studio=studio,
        starts_at=_at(date(2027, 6, 3), 18),
        ends_at=_at(date(2027, 6, 3), 23),
        reason="Private event",
    )

    series, results, created = _series(
        studio, application, scheduler, date(2027, 5, 25), date(2027, 6, 8)
    )

    assert created
    assert [(r.date, r.status) for r in results] == [
        (date(2027, 5, 25), "booking_conflict"),
        (date(2027, 5, 27), "booking_conflict"),
        (date(2027, 6, 1), "booked"),
        (date(2027, 6, 3), "blackout"),
        (date(2027, 6, 8), "booked"),
    ]
    assert results[0].conflicting_booking == taken.pk
    assert results[1].conflicting_booking == buffer_clash.pk
    assert "Private event" in results[3].message
    booked = Booking.objects.filter(series=series).order_by("starts_at")
    assert [b.pk for b in booked] == [results[2].booking, results[4].booking]
    assert all(_at(r.date, 20) == r.starts_at for r in results)
    application.refresh_from_db()
    assert application.status == Status.SCHEDULED
    entry = audit_history(subject=series).get()
    assert entry.data["booked"] == 2
    assert entry.data["refused"]["2027-06-03"] == "blackout"


def test_closed_days_and_quota_are_reported_per_occurrence(scheduler):
    studio = StudioFactory(hours=False)
    OpeningHours.objects.create(studio=studio, weekday=TUE, opens=time(9), closes=time(23))
    OpeningHours.objects.create(studio=studio, weekday=THU, opens=time(9), closes=time(23))
    application = TrainedApplicationFactory()  # commits to the campaign minimum: 2 a week

    _series_obj, results, _ = _series(
        studio,
        application,
        scheduler,
        date(2027, 5, 25),
        date(2027, 5, 30),
        weekdays=(TUE, THU, SUN),
    )

    assert [(r.date.isoformat(), r.status) for r in results] == [
        ("2027-05-25", "booked"),
        ("2027-05-27", "booked"),
        ("2027-05-30", "studio_closed"),
    ]


@pytest.mark.parametrize(
    ("zone", "first", "last", "change"),
    [
        # Europe/Berlin leaves UTC+1 for UTC+2 on Sunday 28 March 2027.
        ("Europe/Berlin", date(2027, 3, 16), date(2027, 4, 8), date(2027, 3, 28)),
        # America/New_York leaves UTC-5 for UTC-4 on Sunday 14 March 2027.
        ("America/New_York", date(2027, 3, 2), date(2027, 3, 25), date(2027, 3, 14)),
    ],
)
def test_a_series_across_a_dst_change_keeps_its_local_wall_clock_time(
    scheduler, zone, first, last, change
):
    studio = StudioFactory(timezone=zone)
    application = TrainedApplicationFactory()
    tz = ZoneInfo(zone)

    _series_obj, results, _ = _series(studio, application, scheduler, first, last)

    assert {r.status for r in results} == {"booked"}
    bookings = list(Booking.objects.filter(series=_series_obj).order_by("starts_at"))
    assert len(bookings) == 8
    local_starts = {b.starts_at.astimezone(tz).time() for b in bookings}
    assert local_starts == {time(20)}
    offsets = {
        b.starts_at.astimezone(tz).date() < change: b.starts_at.astimezone(tz).utcoffset()
        for b in bookings
    }
    assert offsets[False] - offsets[True] == timedelta(hours=1)
    # The instants themselves move by an hour in UTC across the change.
    utc_hours = {b.starts_at.astimezone(UTC).hour for b in bookings}
    assert len(utc_hours) == 2


def test_an_occurrence_that_does_not_exist_in_local_time_is_reported():
    # 02:30 on 28 March 2027 is skipped in Berlin: the clocks jump from 02:00 to 03:00.
    from onboarding.studios.timeutils import NonexistentLocalTime, local_to_utc

    with pytest.raises(NonexistentLocalTime):
        local_to_utc(date(2027, 3, 28), time(2, 30), "Europe/Berlin")
    assert local_to_utc(date(2027, 3, 27), time(2, 30), "Europe/Berlin").hour == 1


def test_a_retried_series_with_the_same_key_books_nothing_twice(scheduler):
    studio, application = StudioFactory(), TrainedApplicationFactory()
    first, _results, created = _series(
        studio, application, scheduler, date(2027, 5, 25), date(2027, 6, 8), idempotency_key="s-1"
    )

    again, results, created_again = _series(
        studio, application, scheduler, date(2027, 5, 25), date(2027, 6, 8), idempotency_key="s-1"
    )

    assert created and not created_again and again.pk == first.pk
    assert BookingSeries.objects.count() == 1
    assert Booking.objects.count() == 5
    assert [r.status for r in results] == ["booked"] * 5


def test_a_rule_without_weekdays_is_invalid(scheduler):
    with pytest.raises(Invalid) as refused:
        _series(
            StudioFactory(),
            TrainedApplicationFactory(),
            scheduler,
            date(2027, 5, 25),
            date(2027, 6, 8),
            weekdays=(),
        )
    assert "weekdays" in refused.value.fields


@pytest.fixture
def weekly(scheduler):
    """Tue and Thu 20:00-22:00 from 25 May to 10 June 2027: six occurrences."""
    series, results, _ = _series(
        StudioFactory(),
        TrainedApplicationFactory(),
        scheduler,
        date(2027, 5, 25),
        date(2027, 6, 10),
    )
    return series


def _local_starts(series_ids) -> list[tuple[str, str]]:
    return [
        (b.starts_at.astimezone(SHANGHAI).strftime("%m-%d %H:%M"), b.status)
        for b in Booking.objects.filter(series__in=series_ids).order_by("starts_at")
    ]


def test_editing_this_occurrence_moves_only_it(weekly, scheduler):
    third = weekly.bookings.order_by("starts_at")[2]

    _series_obj, results = series_edit(
        series=weekly,
        booking=third,
        scope="this",
        actor=scheduler,
        reason="CEO at a fair",
        start_time=time(18),
    )

    assert [(r.booking, r.status) for r in results] == [(third.pk, "moved")]
    assert _local_starts([weekly.pk]) == [
        ("05-25 20:00", "confirmed"),
        ("05-27 20:00", "confirmed"),
        ("06-01 18:00", "confirmed"),
        ("06-03 20:00", "confirmed"),
        ("06-08 20:00", "confirmed"),
        ("06-10 20:00", "confirmed"),
    ]


def test_editing_this_and_following_splits_the_series(weekly, scheduler):
    third = weekly.bookings.order_by("starts_at")[2]

    tail, results = series_edit(
        series=weekly,
        booking=third,
        scope="following",
        actor=scheduler,
        reason="Later slot from June",
        start_time=time(21),
        duration=timedelta(minutes=90),
    )

    weekly.refresh_from_db()
    assert weekly.last_date == date(2027, 5, 31)
    assert (tail.first_date, tail.last_date, tail.start_time) == (
        date(2027, 6, 1),
        date(2027, 6, 10),
        time(21),
    )
    assert [r.status for r in results] == ["moved"] * 4
    assert _local_starts([weekly.pk]) == [
        ("05-25 20:00", "confirmed"),
        ("05-27 20:00", "confirmed"),
    ]
    assert _local_starts([tail.pk]) == [
        ("06-01 21:00", "confirmed"),
        ("06-03 21:00", "confirmed"),
        ("06-08 21:00", "confirmed"),
        ("06-10 21:00", "confirmed"),
    ]


def test_editing_all_reports_an_occurrence_that_cannot_move_and_keeps_it(weekly, scheduler):
    # Another show takes 06-03 at 17:00-18:30: moving that occurrence to 17:00 clashes.
    other = BookingFactory(
        studio=weekly.studio,
        starts_at=_at(date(2027, 6, 3), 17),
        ends_at=_at(date(2027, 6, 3), 18, 30),
    )
    first = weekly.bookings.order_by("starts_at")[0]

    _series_obj, results = series_edit(
        series=weekly,
        booking=first,
        scope="all",
        actor=scheduler,
        reason="Earlier slot",
        start_time=time(17),
    )

    assert [r.status for r in results] == [
        "moved",
        "moved",
        "moved",
        "booking_conflict",
        "moved",
        "moved",
    ]
    assert results[3].conflicting_booking == other.pk
    weekly.refresh_from_db()
    assert weekly.start_time == time(17)
    assert ("06-03 20:00", "confirmed") in _local_starts([weekly.pk])


def test_cancelling_all_occurrences_cancels_each_with_the_reason(weekly, scheduler):
    first = weekly.bookings.order_by("starts_at")[0]

    _series_obj, results = series_edit(
        series=weekly,
        booking=first,
        scope="all",
        actor=scheduler,
        reason="CEO withdrew",
        cancel=True,
    )

    assert [r.status for r in results] == ["cancelled"] * 6
    assert set(weekly.bookings.values_list("status", "cancel_reason")) == {
        ("cancelled", "CEO withdrew")
    }
