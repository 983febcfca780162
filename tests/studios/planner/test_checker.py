"""The checker is not vacuous: a sound proposal passes, and each kind of tampering is caught."""

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

import pytest

from onboarding.studios.planner import (
    Booking,
    Ceo,
    Crew,
    PlanInput,
    Proposal,
    ProposedBooking,
    Range,
    Studio,
    WeeklyWindow,
    plan_shows,
)
from tests.studios.planner.checker import check

SH = "Asia/Shanghai"
WED = date(2027, 5, 26)
HOURS = tuple(WeeklyWindow(d, time(10), time(22)) for d in range(7))
EXISTING = Booking(
    1,
    9,
    Range(datetime(2027, 5, 26, 11, 30, tzinfo=UTC), datetime(2027, 5, 26, 13, 30, tzinfo=UTC)),
    101,
    201,
)
PLAN = PlanInput(
    ceos=tuple(
        Ceo(
            c,
            SH,
            1,
            tuple(WeeklyWindow(d, time(9), time(22)) for d in range(7)),
            True,
            date(2027, 5, 1),
        )
        for c in (1, 2, 3, 9)
    ),
    studios=(
        Studio(1, SH, "Shanghai", HOURS),
        Studio(
            2,
            SH,
            "Shanghai",
            HOURS,
            blackouts=(
                Range(datetime(2027, 5, 26, 8, tzinfo=UTC), datetime(2027, 5, 26, 9, tzinfo=UTC)),
            ),
        ),
    ),
    crew=(Crew(101, frozenset({1, 2})), Crew(102, frozenset({2}))),
    kits=(Crew(201, frozenset({1, 2})), Crew(202, frozenset({1, 2}))),
    first_day=WED,
    last_day=WED,
    zone=SH,
    existing=(EXISTING,),
)


def at(hour: int, minute: int = 0) -> Range:
    start = datetime(2027, 5, 26, hour, minute, tzinfo=UTC)
    return Range(start, start + timedelta(hours=2))


def proposal_of(*bookings) -> Proposal:
    return Proposal(tuple(bookings), (), 0, len(bookings), len(bookings))


GOOD = ProposedBooking(at(2, 30), 1, 1, 101, 201)  # 10:30 to 12:30 in Shanghai


def test_a_sound_proposal_and_the_planners_own_pass():
    assert check(PLAN, proposal_of(GOOD)) == []
    assert check(PLAN, plan_shows(PLAN)) == []


@pytest.mark.parametrize(
    ("bookings", "complaint"),
    [
        ([replace(GOOD, show=at(1, 30))], "outside opening hours"),
        ([replace(GOOD, show=at(13, 30))], "outside opening hours"),
        ([replace(GOOD, studio=2, crew=102, show=at(6, 30))], "blackout"),
        ([replace(GOOD, show=Range(at(2, 30).start, at(5).start))], "lasts"),
        ([replace(GOOD, ceo=2), replace(GOOD, kit=202, crew=102, studio=2, ceo=2)], "ceo 2 double"),
        ([GOOD, replace(GOOD, ceo=2, studio=2, kit=202)], "crew 101 double"),
        ([GOOD, replace(GOOD, ceo=2, studio=2, crew=102)], "kit 201 double"),
        ([GOOD, replace(GOOD, ceo=2, crew=102, kit=202)], "studio 1 double"),
        # Ends 12:30 UTC; with its teardown it runs into the existing 11:30 UTC show.
        ([replace(GOOD, show=at(9), ceo=9, crew=102, kit=202, studio=2)], "ceo 9 double"),
        # Its teardown runs 15 minutes into the existing show's setup.
        ([replace(GOOD, show=at(8, 45), ceo=2, kit=202)], "studio 1 double"),
        ([replace(GOOD, crew=102)], "crew 102 may not work there"),
        ([replace(GOOD, crew=None)], "no crew"),
        ([replace(GOOD, kit=None)], "no kit"),
        ([replace(GOOD, ceo=4)], "unknown"),
    ],
)
def test_each_broken_rule_is_named(bookings, complaint):
    problems = check(PLAN, proposal_of(*bookings))

    assert any(complaint in p.lower() for p in problems), problems


def test_blocks_that_only_touch_do_not_clash():
    # Buffered 08:00 to 11:00 UTC, and the existing show's block starts at 11:00.
    touching = replace(GOOD, show=at(8, 30), ceo=2, kit=202)

    assert check(PLAN, proposal_of(touching)) == []


def test_ceo_side_rules_are_named():
    untrained = replace(PLAN, ceos=(replace(PLAN.ceos[0], trained=False),))
    late = replace(PLAN, ceos=(replace(PLAN.ceos[0], samples_on_site=date(2027, 5, 27)),))
    busy_mornings = replace(
        PLAN, ceos=(replace(PLAN.ceos[0], availability=(WeeklyWindow(2, time(11), time(22)),)),)
    )
    berlin = replace(PLAN, ceos=(replace(PLAN.ceos[0], zone="Europe/Berlin"),))

    assert "CEO not trained" in " ".join(check(untrained, proposal_of(GOOD)))
    assert "samples not on site" in " ".join(check(late, proposal_of(GOOD)))
    assert "availability" in " ".join(check(busy_mornings, proposal_of(GOOD)))
    assert "availability" in " ".join(check(berlin, proposal_of(GOOD)))


def test_off_shift_crew_and_a_repeated_existing_booking_are_named():
    shift = (Range(datetime(2027, 5, 26, 6, tzinfo=UTC), datetime(2027, 5, 26, 12, tzinfo=UTC)),)
    off_shift = replace(PLAN, crew=(Crew(101, frozenset({1}), shift),))
    again = ProposedBooking(EXISTING.show, 1, 9, 101, 201)

    assert "off shift" in " ".join(check(off_shift, proposal_of(GOOD)))
    assert "repeats an existing booking" in " ".join(check(PLAN, proposal_of(again)))
