"""The festival planner: plain data in (`PlanInput`), plain data out (`Proposal`).

Nothing here imports Django or the database; the Celery task and the API load the input and
store the result. `plan_shows(plan)` is deterministic for the same input and seed.

Why a min-cost flow on a slot grid. One CP-SAT model over 500 CEOs x 20 studios x 32 days
(47k candidate booleans) was 58 % from its bound after 30 s and 0.2 % after 96 s (research on
synthetic data, ortools 9.15, 2 cores; docs/benchmarks.md). Cutting each studio's opening hours
into back-to-back blocks of setup + show + teardown turns the core into a network, CEO-week ->
CEO-day -> time class -> sink (see solve.py), which OR-tools' exact SimpleMinCostFlow solves in
well under a second at that size; concave gains per CEO-week (parallel arcs of falling gain)
share the hours out fairly. What the network cannot say, that one crew member or kit set
must not be in two studios at once, a repair step settles show by show (another studio with
the same times, else another free slot of the CEO's week). The bound is the max flow of the
same network, in which each slot only needs someone who could staff it alone: no plan on the
grid meets more, and every plan this module returns is a flow in it, so met <= bound. When
crew or kit may work in more than one studio, that count is loose (one person counted in
three studios at once), so an LP over the grid with a row per person and block start
(bound.py, GLOP) tightens it. At 500 CEOs x 20 studios x 32 days with shared evening crew
(bench/planner.py), the flow gave 2,549 shows, the LP 2,314, the plan 2,314, in about 1 s
of CPU; without shared crew, 2,549 = 2,549 in 0.6 s. "Bound" is over plans on this grid: a
show off the grid (a studio's hours cut differently) is not counted.
"""

from .solve import plan_shows
from .types import (
    Booking,
    Ceo,
    Crew,
    PlanInput,
    Proposal,
    ProposedBooking,
    Range,
    Reason,
    Studio,
    Unmet,
    WeeklyWindow,
)

__all__ = [
    "Booking",
    "Ceo",
    "Crew",
    "PlanInput",
    "ProposedBooking",
    "Proposal",
    "Range",
    "Reason",
    "Studio",
    "Unmet",
    "WeeklyWindow",
    "plan_shows",
]
