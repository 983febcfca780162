"""A tighter bound when crew or kit are shared between studios: an LP over the same grid.

The flow's bound lets each slot count if someone could staff it alone, so one crew member who
may work in three studios is counted in all three at the same hour. This LP (GLOP, in the
same OR-tools wheel) adds what the flow cannot say: a share y of each crew member and kit set
per slot, and for each of them at each block start at most one block running. Blocks of one
person form an interval graph, whose cliques are exactly the blocks covering some block
start, so these rows are the exact interval constraints. Every plan on the grid is an
integral point of it, so its optimum, rounded down, bounds what any plan meets.
"""

from __future__ import annotations

import bisect
import math
from collections import defaultdict

from ortools.linear_solver import pywraplp


def shared_pools(plan) -> bool:
    """True when some crew member or kit set the plan needs may work in more than one studio."""
    return (plan.needs_crew and any(len(c.studios) > 1 for c in plan.crew)) or (
        plan.needs_kit and any(len(k.studios) > 1 for k in plan.kits)
    )


def lp_bound(plan, arcs, owed, classes, seconds: float) -> int | None:
    """The LP's optimum rounded down, or None when it did not finish in `seconds`."""
    solver = pywraplp.Solver.CreateSolver("GLOP")
    solver.SetTimeLimit(max(int(seconds * 1000), 1))
    objective = solver.Objective()
    objective.SetMaximization()

    week_rows: dict = {}
    day_rows: dict = {}
    class_rows: dict = {}
    for n, arc in enumerate(arcs):
        x = solver.NumVar(0.0, 1.0, f"x{n}")
        objective.SetCoefficient(x, 1.0)
        wkey = (arc.ceo, arc.week)
        if wkey not in week_rows:
            week_rows[wkey] = solver.Constraint(0.0, float(owed[wkey]))
        week_rows[wkey].SetCoefficient(x, 1.0)
        dkey = (arc.ceo, arc.week, arc.day)
        if dkey not in day_rows:
            day_rows[dkey] = solver.Constraint(0.0, 1.0)
        day_rows[dkey].SetCoefficient(x, 1.0)
        if arc.cls not in class_rows:
            class_rows[arc.cls] = solver.Constraint(-solver.infinity(), 0.0)
        class_rows[arc.cls].SetCoefficient(x, 1.0)

    # Per person: their share of each slot, and the slots whose blocks cover each block start.
    shares: dict[tuple[str, int], list] = defaultdict(list)
    for cls_index, row in class_rows.items():
        for slot in classes[cls_index].staffed:
            z = solver.NumVar(0.0, 1.0, f"z{slot.index}")
            row.SetCoefficient(z, -1.0)
            for kind, needed, people in (
                ("crew", plan.needs_crew, slot.crew),
                ("kit", plan.needs_kit, slot.kits),
            ):
                if not needed:
                    continue
                cover = solver.Constraint(-solver.infinity(), 0.0)  # z <= sum of shares
                cover.SetCoefficient(z, 1.0)
                for person in people:
                    y = solver.NumVar(0.0, 1.0, f"{kind}{person}s{slot.index}")
                    cover.SetCoefficient(y, -1.0)
                    shares[(kind, person)].append((slot.taken, y))
    for blocks in shares.values():
        blocks.sort(key=lambda b: (b[0].start, b[0].end))
        starts = [taken.start for taken, _y in blocks]
        longest = max(taken.end - taken.start for taken, _y in blocks)
        for i, (taken, _y) in enumerate(blocks):
            first = bisect.bisect_left(starts, taken.start - longest)
            running = [y for other, y in blocks[first : i + 1] if other.end > taken.start]
            if len(running) > 1:
                row = solver.Constraint(0.0, 1.0)
                for y in running:
                    row.SetCoefficient(y, 1.0)
    if solver.Solve() != pywraplp.Solver.OPTIMAL:
        return None
    return math.floor(objective.Value() + 1e-6)
