"""Attendance against commitment, and weekly quotas, computed from hand-made histories."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from onboarding.studios.models import ShowOutcome
from onboarding.studios.selectors import attendance, weekly_quota
from tests.factories import (
    BookingFactory,
    CampaignFactory,
    SchedulingSettingsFactory,
    TrainedApplicationFactory,
)
from tests.studios.conftest import commit_weekly

SHANGHAI = ZoneInfo("Asia/Shanghai")
# The factories' campaign sells from Thursday 20 May to Sunday 20 June 2027.
SALES_START = date(2027, 5, 20)
# Three whole sales weeks have passed: 20 May to 9 June.
AFTER_THREE_WEEKS = datetime(2027, 6, 10, 12, 0, tzinfo=SHANGHAI)


def _evening(day: date) -> datetime:
    return datetime.combine(day, time(20), tzinfo=SHANGHAI)


def _history(campaign, *results, commitment=None, first_day=SALES_START):
    """A CEO whose shows, one every other day from `first_day`, ended as `results` say.

    None leaves a show without a recorded outcome.
    """
    application = TrainedApplicationFactory(campaign=campaign)
    if commitment:
        commit_weekly(application, commitment)
    for index, result in enumerate(results):
        booking = BookingFactory(
            application=application, starts_at=_evening(first_day + timedelta(days=2 * index))
        )
        if result:
            ShowOutcome.objects.create(booking=booking, result=result)
    return application


@pytest.fixture
def campaign(db):
    return CampaignFactory(min_weekly_events=2)


def _rows(campaign, at=AFTER_THREE_WEEKS):
    return {row.reference: row for row in attendance(campaign=campaign, at=at)}


def test_attendance_rate_is_shows_held_against_shows_committed(campaign):
    steady = _history(campaign, *["held"] * 6)
    absent = _history(campaign, "held", "no_show", "held", "no_show", "held", "held")
    eager = _history(campaign, *["held"] * 7, None, commitment=3)

    rows = _rows(campaign)

    assert (rows[steady.reference].expected, rows[steady.reference].held) == (6, 6)
    assert rows[steady.reference].rate == 100.0
    assert not rows[steady.reference].flagged
    assert (rows[absent.reference].held, rows[absent.reference].no_shows) == (4, 2)
    assert rows[absent.reference].rate == 66.7
    assert rows[absent.reference].flagged
    # Committed to 3 a week: 9 owed, 7 held.
    assert (rows[eager.reference].expected, rows[eager.reference].rate) == (9, 77.8)
    assert rows[eager.reference].flagged
    assert [row.flagged for row in attendance(campaign=campaign, at=AFTER_THREE_WEEKS)] == [
        True,
        True,
        False,
    ]


def test_the_campaign_threshold_decides_who_is_flagged(campaign):
    SchedulingSettingsFactory(campaign=campaign, attendance_threshold=75)
    eager = _history(campaign, *["held"] * 7, commitment=3)

    row = _rows(campaign)[eager.reference]

    assert row.rate == 77.8 and row.threshold == 75 and not row.flagged


def test_only_shows_of_the_whole_weeks_so_far_count(campaign):
    # Shows on 1, 3, 5, 7 and 9 June fall in the three whole weeks; 11 June is in the fourth.
    late_starter = _history(campaign, *["held"] * 6, first_day=date(2027, 6, 1))

    row = _rows(campaign)[late_starter.reference]

    assert (row.weeks, row.expected, row.held) == (3, 6, 5)
    assert row.rate == 83.3


def test_nobody_is_flagged_before_the_first_whole_week(campaign):
    early = _history(campaign, "no_show")

    row = _rows(campaign, at=datetime(2027, 5, 25, 12, 0, tzinfo=SHANGHAI))[early.reference]

    assert (row.weeks, row.expected, row.rate, row.flagged) == (0, 0, None, False)


def test_cancelled_shows_and_rehearsals_are_not_attendance(campaign):
    application = _history(campaign, *["held"] * 6)
    BookingFactory(application=application, starts_at=_evening(date(2027, 6, 2)), kind="rehearsal")
    cancelled = BookingFactory(
        application=application, starts_at=_evening(date(2027, 6, 4)), status="cancelled"
    )
    ShowOutcome.objects.create(booking=cancelled, result="no_show")

    row = _rows(campaign)[application.reference]

    assert (row.held, row.no_shows) == (6, 0)


def test_weekly_quota_shows_each_ceo_filled_or_not_per_iso_week(campaign):
    busy = TrainedApplicationFactory(campaign=campaign)
    quiet = TrainedApplicationFactory(campaign=campaign)
    commit_weekly(quiet, 3)
    # Week 2027-W21 runs Monday 24 to Sunday 30 May.
    for day in (25, 27):
        BookingFactory(application=busy, starts_at=_evening(date(2027, 5, day)))
    BookingFactory(application=quiet, starts_at=_evening(date(2027, 5, 26)))
    BookingFactory(application=quiet, starts_at=_evening(date(2027, 5, 28)), status="cancelled")
    BookingFactory(application=quiet, starts_at=_evening(date(2027, 5, 29)), kind="rehearsal")
    BookingFactory(application=quiet, starts_at=_evening(date(2027, 5, 31)))  # next week

    rows = weekly_quota(campaign=campaign, week=date(2027, 5, 24))

    assert [(r.reference, r.week, r.commitment, r.booked, r.remaining, r.filled) for r in rows] == [
        (busy.reference, "2027-W21", 2, 2, 0, True),
        (quiet.reference, "2027-W21", 3, 1, 2, False),
    ]


def test_without_a_week_the_quota_covers_every_week_of_the_sales_window(campaign):
    TrainedApplicationFactory(campaign=campaign)

    rows = weekly_quota(campaign=campaign)

    # 20 May (W20) to 20 June (W24).
    assert [r.week for r in rows] == ["2027-W20", "2027-W21", "2027-W22", "2027-W23", "2027-W24"]
