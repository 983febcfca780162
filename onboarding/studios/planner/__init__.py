"""The festival planner: plain data in (`PlanInput`), plain data out (`Proposal`).

Nothing here imports Django or the database; the Celery task and the API load the input and
store the result. `plan_shows(plan)` is deterministic for the same input and seed.

Why a min-cost flow on a slot grid. One CP-SAT model over 500 CEOs x 20 studios x 32 days
(47k candidate booleans) was 58 % from its bound after 30 s and 0.2 % after 96 s (earlier
research on synthetic data, ortools 9.15, 2 cores; shared/DESIGN.md). Cutting each studio's
opening hours into back-to-back blocks of setup + show + teardown turns the core into a
network, CEO-week -> CEO-day -> time class -> sink (solve.py); concave gains per CEO-week
(parallel arcs of falling gain) share the hours out fairly.

Measured on bench/planner.py's 500-CEO network (11,210 nodes, 36,378 arcs), on the 2-core
machine while other sessions loaded it: OR-tools' SimpleMinCostFlow 0.59 s; the same network
as an LP through scipy's HiGHS 5.8 s (interior point) to 8.7 s (dual simplex), 2.7 to 2.9 s
of CPU, with the same optimum, integral. Hence OR-tools: exact, fast, and GLOP in the same
wheel for the bound; the price is the wheel and what it pulls in (numpy, pandas, protobuf:
about 212 MB installed, against 158 MB for scipy with numpy).

What the network cannot say, that one crew member or kit set must not be in two studios at
once, a repair step settles show by show (another studio with the same times, else another
free slot of the CEO's week). The bound is the max flow of the same network, in which each
slot only needs someone who could staff it alone: no plan on the grid meets more, and every
plan returned is a flow in it, so met <= bound. When crew or kit may work in more than one
studio that count is loose (one person counted in three studios at once), so an LP over the
grid with a row per person and block start (bound.py, GLOP) tightens it. At 500 CEOs with
shared evening crew the flow said 2,549, the LP 2,314, the plan met 2,314 (about 1.5 s of
CPU); with every studio its own crew, 2,549 of 2,549 in 0.6 s (docs/benchmarks.md). The
bound is over plans on this grid: a show placed off it (hours cut differently) is not counted.

The time limit bounds the LP and the fill step, not the flow, which has none (and needs none
at these sizes).
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
