"""On tiny instances, an exhaustive search finds the best plan on the grid; the planner meets
exactly that many commitments, and its bound is never below it.

The grid is rebuilt here from its documented rule (each opening window cut into back-to-back
blocks of setup + show + teardown from its start), the search keeps the planner's rule of at
most one show a CEO a local day (within a week), and every partial plan it extends passes the
independent checker.
"""

import random
from collections import Counter
from dataclasses import replace
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from onboarding.studios.planner import Proposal, ProposedBooking, Range, plan_shows
from tests.studios.planner.checker import check
from tests.studios.planner.test_properties import plans, windows


def grid(plan):
    out = []
    for s in plan.studios:
        tz = ZoneInfo(s.zone)
        block = s.setup + plan.show_length + s.teardown
        day = plan.first_day - timedelta(days=1)
        while day <= plan.last_day + timedelta(days=1):
            for w in s.opening:
                if w.weekday != day.weekday():
                    continue
                t = datetime.combine(day, w.start, tzinfo=tz)
                close = datetime.combine(day, w.end, tzinfo=tz)
                while t + block <= close:
                    start = t + s.setup
                    out.append((s.id, Range(start, start + plan.show_length)))
                    t += block
            day += timedelta(days=1)
    return sorted(set(out), key=lambda x: (x[1].start, x[0]))


def monday(day):
    return day - timedelta(days=day.weekday())


def best(plan) -> int:
    """The most shows meeting commitments, by depth-first search over the grid's slots."""
    slots = grid(plan)
    ceos = {c.id: c for c in plan.ceos}
    plan_tz = ZoneInfo(plan.zone)
    existing: dict = {}
    for b in plan.existing:
        d = b.show.start.astimezone(plan_tz).date()
        key = (b.ceo, d - timedelta(days=d.weekday()))
        existing[key] = existing.get(key, 0) + 1
    top = 0

    def fits(chosen, booking) -> bool:
        c = ceos[booking.ceo]
        d = booking.show.start.astimezone(plan_tz).date()
        week = (c.id, d - timedelta(days=d.weekday()))
        in_week = sum(
            1
            for b in chosen
            if b.ceo == c.id and monday(b.show.start.astimezone(plan_tz).date()) == week[1]
        )
        if in_week + existing.get(week, 0) >= c.weekly_commitment:
            return False
        # One show a CEO a local day within a week (a local day astride two of the plan's
        # weeks, for a CEO in another zone, may hold one for each).
        local = booking.show.start.astimezone(ZoneInfo(c.zone)).date()
        if any(
            b.ceo == c.id
            and b.show.start.astimezone(ZoneInfo(c.zone)).date() == local
            and monday(b.show.start.astimezone(plan_tz).date()) == week[1]
            for b in chosen
        ):
            return False
        trial = Proposal(tuple(chosen) + (booking,), (), 0, 0, 0)
        return check(plan, trial) == []

    # A booking that does not fit an empty plan fits no plan: keep, for each slot, the CEOs who
    # could take it alone, and drop the slots nobody could.
    options = []
    for studio, show in slots:
        alone = [
            c.id for c in plan.ceos if fits([], ProposedBooking(show, studio, c.id, None, None))
        ]
        if alone:
            options.append((studio, show, alone))
    # Pruning: no CEO holds more than their commitment in each of the plan's weeks, nor more
    # than one show a local day, nor more than the slots left that they could take.
    days = (plan.last_day - plan.first_day).days + 1
    weeks = len({monday(plan.first_day + timedelta(days=n)) for n in range(days)})
    cap = {c.id: min(c.weekly_commitment * weeks, days + 1) for c in plan.ceos}
    left = [Counter() for _ in range(len(options) + 1)]
    for i in range(len(options) - 1, -1, -1):
        left[i] = left[i + 1] + Counter(options[i][2])

    def most_still(i, chosen) -> int:
        held = Counter(b.ceo for b in chosen)
        return min(len(options) - i, sum(min(cap[c] - held[c], n) for c, n in left[i].items()))

    def search(i, chosen):
        nonlocal top
        top = max(top, len(chosen))
        if i == len(options) or len(chosen) + most_still(i, chosen) <= top:
            return
        studio, show, alone = options[i]
        for ceo in alone:
            booking = ProposedBooking(show, studio, ceo, None, None)
            if fits(chosen, booking):
                search(i + 1, chosen + [booking])
        search(i + 1, chosen)

    search(0, [])
    return top


@st.composite
def tiny(draw):
    plan = draw(plans())
    r = random.Random(draw(st.integers(0, 2**32)))
    # Few slots and CEOs, one or two days; no crew or kit (they only shrink the search), and
    # no blackouts or existing bookings, around which the planner re-cuts its grid.
    # Trained, samples in, mostly in a studio's zone: so that most instances have shows.
    zones = [s.zone for s in plan.studios[:2]]
    ceos = tuple(
        replace(
            c,
            trained=True,
            samples_on_site=plan.first_day - timedelta(days=5),
            weekly_commitment=r.randint(1, 3),
            zone=r.choice(zones) if r.random() < 0.7 else c.zone,
            availability=windows(r, open_share=0.9),
        )
        for c in plan.ceos[: r.randint(1, 4)]
    )
    return replace(
        plan,
        **{
            "ceos": ceos,
            "studios": tuple(replace(s, blackouts=()) for s in plan.studios[:2]),
            "existing": (),
            "last_day": plan.first_day + timedelta(days=r.randint(0, 1)),
            "needs_crew": False,
            "needs_kit": False,
            "show_length": timedelta(hours=2),
        },
    )


@settings(max_examples=100, deadline=None)
@given(tiny())
def test_the_planner_meets_the_exhaustive_optimum(plan):
    proposal = plan_shows(plan)
    optimum = best(plan)

    assert check(plan, proposal) == []
    assert proposal.met == optimum <= proposal.bound
