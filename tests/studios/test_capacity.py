"""The capacity view's arithmetic, on plain data (no database)."""

from datetime import UTC, date, datetime, time, timedelta

import pytest

from onboarding.studios.planner.capacity import WhatIf, capacity
from onboarding.studios.planner.types import Ceo, Range, Studio, WeeklyWindow

SHANGHAI = "Asia/Shanghai"
# A Monday to a Sunday.
MONDAY, SUNDAY = date(2027, 5, 24), date(2027, 5, 30)


def studio(id=1, opens=time(10), closes=time(20), zone=SHANGHAI, blackouts=()) -> Studio:
    return Studio(
        id=id,
        zone=zone,
        city="Hangzhou",
        opening=tuple(WeeklyWindow(day, opens, closes) for day in range(7)),
        blackouts=blackouts,
    )


def ceo(id, commitment, days, zone=SHANGHAI, start=time(19), end=time(22)) -> Ceo:
    return Ceo(
        id=id,
        zone=zone,
        weekly_commitment=commitment,
        availability=tuple(WeeklyWindow(day, start, end) for day in days),
    )


def run(studios, ceos, **kw):
    return capacity(
        studios=tuple(studios),
        ceos=tuple(ceos),
        first_day=MONDAY,
        last_day=SUNDAY,
        zone=SHANGHAI,
        **kw,
    )


def by_day(result):
    return {d.day.weekday(): d for d in result.days}


def test_ten_open_hours_a_day_and_a_ceo_spread_over_their_days():
    # Given a studio open 10:00-20:00 with two crews, and a CEO promising three two-hour shows
    # a week, free on Tuesday, Thursday and Saturday
    result = run([studio()], [ceo(1, 3, days=[1, 3, 5])], what_if=WhatIf(crews=2))

    days = by_day(result)
    assert [days[n].available_hours for n in range(7)] == [10.0] * 7
    # Then two hours land on each of their three days, none elsewhere
    assert [days[n].committed_hours for n in range(7)] == [0, 2, 0, 2, 0, 2, 0]
    assert result.committed_hours == 6.0
    assert result.crunch_days == 0


def test_a_blackout_takes_its_hours_and_one_crew_caps_a_long_day():
    blackout = Range(
        datetime(2027, 5, 25, 4, 0, tzinfo=UTC),  # Tuesday 12:00-14:00 in Shanghai
        datetime(2027, 5, 25, 6, 0, tzinfo=UTC),
    )
    result = run([studio(blackouts=(blackout,))], [], crew_shift=timedelta(hours=9))

    days = by_day(result)
    # One crew works nine hours: ten open hours give nine; the blackout leaves eight on Tuesday.
    assert days[0].available_hours == 9.0
    assert days[1].available_hours == 8.0


def test_crunch_days_are_marked_over_and_past_the_share():
    # Eight hours of studio a day (one crew); CEOs want 9 hours on Tuesday, 7 on Thursday.
    ceos = [ceo(1, 9, days=[1]), ceo(2, 2, days=[1, 3]), ceo(3, 5, days=[3])]
    result = run([studio()], ceos, show_length=timedelta(hours=1), crunch_share=0.8)

    days = by_day(result)
    assert (days[1].committed_hours, days[1].over, days[1].crunch) == (10.0, True, True)
    # Thursday: 6 of 8 hours, 75 %, under the share; Tuesday is over.
    assert (days[3].committed_hours, days[3].over, days[3].crunch) == (6.0, False, False)
    result = run([studio()], ceos, show_length=timedelta(hours=1), crunch_share=0.7)
    assert by_day(result)[3].crunch is True


@pytest.mark.parametrize(
    ("what_if", "monday"),
    [
        (WhatIf(), 8.0),  # one crew, eight hours
        (WhatIf(crews=2), 10.0),  # a second crew: the whole ten open hours
        (WhatIf(crews=2, longer_hours=3), 13.0),  # open until 23:00
        (WhatIf(crews=2, longer_hours=8), 14.0),  # until midnight, no further
        (WhatIf(extra_studio=1), 16.0),  # one more studio like the first
    ],
)
def test_what_ifs_recompute_the_hours(what_if, monday):
    result = run([studio()], [ceo(1, 14, days=[0])], what_if=what_if)

    assert by_day(result)[0].available_hours == monday
    # Fourteen two-hour shows on a Monday want 28 hours: over in every case.
    assert by_day(result)[0].over


def test_a_window_to_2359_counts_to_midnight_and_zones_are_each_their_own():
    # A Berlin studio open 12:00-23:59 Berlin time is 18:00-06:00 in Shanghai (summer time):
    # each Shanghai day gets 6 hours from that evening and 6 from the night before.
    berlin = studio(opens=time(12), closes=time(23, 59), zone="Europe/Berlin")
    # A CEO in Berlin free on Monday 20:00-22:00 Berlin is free on Tuesday (02:00) in Shanghai.
    night_owl = ceo(1, 1, days=[0], zone="Europe/Berlin", start=time(20), end=time(22))
    result = run([berlin], [night_owl], what_if=WhatIf(crews=2))

    days = by_day(result)
    assert days[2].available_hours == 12.0
    assert days[1].committed_hours == 2.0
    assert days[0].committed_hours == 0.0


def test_ceos_without_any_day_are_counted_apart():
    result = run([studio()], [ceo(1, 3, days=[]), ceo(2, 2, days=[4])])

    assert (result.ceos, result.ceos_without_availability) == (1, 1)
    assert result.committed_hours == 4.0


def test_an_unknown_studio_to_copy_is_refused():
    with pytest.raises(ValueError, match="no studio 9"):
        run([studio()], [], what_if=WhatIf(extra_studio=9))
