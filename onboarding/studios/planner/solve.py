"""Plan: the slot grid, an exact min-cost flow over it, then studios, crew and kit per show.

The network (one unit of flow = one show)::

    source -> CEO-week        one arc per show still owed that week, cap 1, gain BIG + f(k)
    CEO-week -> CEO-day       cap 1: at most one show a CEO a day, so weeks spread out
    CEO-day -> time class     when the show fits the CEO's availability (their zone), the
                              CEO is trained and their samples are on site by that day
    time class -> sink        cap = the staffed slots with those show times (in one zone)
    source -> sink            the shows no plan gives, at no gain

f(k) = 1000 * priority / k falls with k, the k-th show of a CEO's week: a first show for one
CEO beats a fourth for another, and a higher priority wins a tie for the last hours. BIG
exceeds any sum of f, so the flow first meets as many commitments as the grid allows, then
shares them out. A time class gathers the slots that start and end at the same instants, so
the flow only decides how many CEOs take each class; which studio each one gets (usual studio
first, then usual city) is chosen afterwards, with crew and kit, without changing the count.
"""

from __future__ import annotations

import bisect
import random
import time as clock
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from ortools.graph.python import max_flow, min_cost_flow

from .bound import lp_bound, shared_pools
from .grid import Slot, build_slots, local_windows, studio_block
from .types import Ceo, PlanInput, Proposal, ProposedBooking, Range, Reason, Unmet

FAIR_SCALE = 1000


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


@dataclass
class _Class:
    key: tuple[datetime, datetime, str]
    slots: list[Slot]  # every slot with these times
    staffed: list[Slot]


@dataclass(frozen=True)
class _Arc:
    ceo: int
    week: date
    day: date  # the CEO's local day
    cls: int


def _classes(slots: list[Slot]) -> list[_Class]:
    grouped: dict[tuple, list[Slot]] = defaultdict(list)
    for s in slots:
        grouped[(s.show.start, s.show.end, s.zone)].append(s)
    return [
        _Class(key, group, [s for s in group if s.staffed])
        for key, group in sorted(grouped.items(), key=lambda kv: (kv[0][0], kv[0][1], kv[0][2]))
    ]


def _candidate_arcs(plan: PlanInput, ceo: Ceo, classes: list[_Class], starts: list[datetime]):
    """Every (week, CEO day, class) the CEO could take, with whether samples and staff allow.

    Yields (arc, samples_ok, staffed) so the unmet reasons can tell the causes apart.
    """
    plan_tz = ZoneInfo(plan.zone)
    for day, window in local_windows(
        ceo.availability,
        ceo.zone,
        plan.first_day - timedelta(days=1),
        plan.last_day + timedelta(days=1),
    ):
        lo = bisect.bisect_left(starts, window.start)
        for i in range(lo, len(classes)):
            start, end, zone = classes[i].key
            if start >= window.end:
                break
            if end > window.end:
                continue
            week = week_start(start.astimezone(plan_tz).date())
            samples_ok = (
                ceo.samples_on_site is not None
                and start.astimezone(ZoneInfo(zone)).date() >= ceo.samples_on_site
            )
            yield _Arc(ceo.id, week, day, i), samples_ok, bool(classes[i].staffed)


def _existing_by_ceo(plan: PlanInput):
    studios = {s.id: s for s in plan.studios}
    plan_tz = ZoneInfo(plan.zone)
    zones = {c.id: ZoneInfo(c.zone) for c in plan.ceos}
    count: dict[tuple[int, date], int] = defaultdict(int)
    blocked_days: dict[int, set[date]] = defaultdict(set)
    busy: dict[int, list[Range]] = defaultdict(list)
    for b in plan.existing:
        block = studio_block(studios[b.studio], b.show) if b.studio in studios else b.show
        busy[b.ceo].append(block)
        if b.counts:
            count[(b.ceo, week_start(b.show.start.astimezone(plan_tz).date()))] += 1
        if b.ceo in zones:
            tz = zones[b.ceo]
            day = block.start.astimezone(tz).date()
            while day <= block.end.astimezone(tz).date():
                blocked_days[b.ceo].add(day)
                day += timedelta(days=1)
    return count, blocked_days, busy


def plan_shows(plan: PlanInput) -> Proposal:
    """Propose bookings meeting as many weekly commitments as the slot grid allows."""
    t0 = clock.perf_counter()
    timings: dict[str, float] = {}
    rng = random.Random(plan.seed)
    weeks = sorted({week_start(d) for d in _days(plan.first_day, plan.last_day)})

    slots = build_slots(plan)
    classes = _classes(slots)
    starts = [c.key[0] for c in classes]
    existing_count, blocked_days, ceo_busy = _existing_by_ceo(plan)
    timings["grid"] = clock.perf_counter() - t0

    # The order CEOs enter the network breaks ties between equal plans: the seed picks it.
    ceos = sorted(plan.ceos, key=lambda c: c.id)
    rng.shuffle(ceos)
    owed: dict[tuple[int, date], int] = {}
    arcs: list[_Arc] = []
    reach: dict[tuple[int, date], list[set[date]]] = {}
    for ceo in ceos:
        for week in weeks:
            owed[(ceo.id, week)] = max(0, ceo.weekly_commitment - existing_count[(ceo.id, week)])
            reach[(ceo.id, week)] = [set(), set(), set()]
        seen: set[tuple[date, date, int]] = set()
        for arc, samples_ok, staffed in _candidate_arcs(plan, ceo, classes, starts):
            if (ceo.id, arc.week) not in reach or arc.day in blocked_days.get(ceo.id, ()):
                continue
            days_any, days_samples, days_staffed = reach[(ceo.id, arc.week)]
            days_any.add(arc.day)
            if samples_ok:
                days_samples.add(arc.day)
                if staffed:
                    days_staffed.add(arc.day)
                    if ceo.trained and (arc.week, arc.day, arc.cls) not in seen:
                        seen.add((arc.week, arc.day, arc.cls))
                        arcs.append(arc)
    timings["arcs"] = clock.perf_counter() - t0

    flows = _solve(plan, ceos, weeks, owed, arcs, classes)
    timings["flow"] = clock.perf_counter() - t0
    bound, bound_source = flows["bound"], "flow"
    if bound and shared_pools(plan):
        left = plan.time_limit - (clock.perf_counter() - t0)
        tighter = lp_bound(plan, arcs, owed, classes, seconds=max(left, 1.0))
        if tighter is None:
            bound_source = "flow, lp timed out"
        elif tighter < bound:
            bound, bound_source = tighter, "lp"
        timings["bound_lp"] = clock.perf_counter() - t0

    priority = {c.id: c.priority for c in plan.ceos}
    order = {c.id: n for n, c in enumerate(ceos)}
    by_class: dict[int, list[_Arc]] = defaultdict(list)
    for arc in flows["chosen"]:
        by_class[arc.cls].append(arc)
    ceo_by_id = {c.id: c for c in plan.ceos}
    studio_city = {s.id: s.city for s in plan.studios}
    used_slots: set[int] = set()
    placed: list[tuple[_Arc, Slot]] = []
    for cls_index in sorted(by_class):
        group = sorted(by_class[cls_index], key=lambda a: (-priority[a.ceo], order[a.ceo]))
        placed.extend(
            _place_in_class(group, classes[cls_index].staffed, ceo_by_id, studio_city, used_slots)
        )

    # Crew and kit, and clashes the flow does not see (one crew member wanted in two
    # studios at once, a CEO's show running into an existing booking near midnight).
    state = _Busy(plan, ceo_busy)
    bookings: list[ProposedBooking] = []
    met: dict[tuple[int, date], int] = defaultdict(int)
    used_days: dict[int, set[date]] = defaultdict(set)
    # Why a CEO-week lost a show here: "staff" (no crew member or kit set free), or "ceo"
    # (the show would run into another of the CEO's, across their local midnight).
    dropped: dict[tuple[int, date], str] = {}
    for arc, slot in sorted(placed, key=lambda p: (p[1].taken.start, p[1].studio)):
        alternatives = [slot] + [
            s for s in classes[arc.cls].staffed if s.index not in used_slots and s is not slot
        ]
        booking, causes = None, set()
        for candidate in alternatives:
            outcome = state.try_book(arc.ceo, candidate)
            if isinstance(outcome, str):
                causes.add(outcome)
                continue
            booking = outcome
            if candidate is not slot:
                used_slots.discard(slot.index)
                used_slots.add(candidate.index)
            break
        if booking is None:
            used_slots.discard(slot.index)
            if dropped.get((arc.ceo, arc.week)) != "staff":
                dropped[(arc.ceo, arc.week)] = "staff" if "staff" in causes else "ceo"
            continue
        bookings.append(booking)
        met[(arc.ceo, arc.week)] += 1
        used_days[arc.ceo].add(arc.day)
    timings["repair"] = clock.perf_counter() - t0

    # Fill what repair dropped with any other free slot the CEO could take, while time lasts.
    if dropped:
        arcs_by_week: dict[tuple[int, date], list[_Arc]] = defaultdict(list)
        for arc in arcs:
            arcs_by_week[(arc.ceo, arc.week)].append(arc)
        for key in sorted(dropped, key=lambda k: (k[1], order[k[0]])):
            for arc in arcs_by_week[key]:
                if met[key] >= owed[key] or clock.perf_counter() - t0 > plan.time_limit:
                    break
                if arc.day in used_days[arc.ceo]:
                    continue
                for candidate in classes[arc.cls].staffed:
                    if candidate.index in used_slots:
                        continue
                    proposed = state.try_book(arc.ceo, candidate)
                    if not isinstance(proposed, str):
                        used_slots.add(candidate.index)
                        bookings.append(proposed)
                        met[key] += 1
                        used_days[arc.ceo].add(arc.day)
                        break
    timings["fill"] = clock.perf_counter() - t0

    unmet = []
    for ceo in sorted(plan.ceos, key=lambda c: c.id):
        for week in weeks:
            key = (ceo.id, week)
            if met[key] >= owed[key]:
                continue
            need = owed[key]
            days_any, days_samples, days_staffed = reach[key]
            if not ceo.trained:
                reason = Reason.NOT_TRAINED
            elif len(days_any) < need:
                reason = Reason.NO_OVERLAP
            elif len(days_samples) < need:
                reason = Reason.SAMPLES_LATE
            elif len(days_staffed) < need or dropped.get(key) == "staff":
                reason = Reason.CREW_SHORT
            elif dropped.get(key) == "ceo":
                # The days fit, but not without two of the CEO's shows overlapping.
                reason = Reason.NO_OVERLAP
            else:
                reason = Reason.STUDIO_FULL
            done = met[key] + existing_count[key]
            unmet.append(Unmet(ceo.id, week, ceo.weekly_commitment, done, reason))
    timings["total"] = clock.perf_counter() - t0
    return Proposal(
        bookings=tuple(sorted(bookings)),
        unmet=tuple(unmet),
        wanted=sum(owed.values()),
        met=sum(met.values()),
        bound=bound,
        bound_source=bound_source,
        timings=timings,
    )


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def _solve(plan, ceos, weeks, owed, arcs, classes) -> dict:
    """The min-cost flow (the plan's counts) and a max flow on the same network (the bound)."""
    nodes: dict[object, int] = {"source": 0, "sink": 1}

    def node(key) -> int:
        if key not in nodes:
            nodes[key] = len(nodes)
        return nodes[key]

    total = sum(owed.values())
    top = max((c.priority for c in plan.ceos), default=1.0)
    big = (total + 1) * (int(FAIR_SCALE * max(top, 0.0)) + 1) + 1
    tails, heads, caps, costs = [], [], [], []

    def arc(u: int, v: int, cap: int, cost: int) -> None:
        tails.append(u)
        heads.append(v)
        caps.append(cap)
        costs.append(cost)

    for ceo in ceos:
        weight = max(ceo.priority, 0.0)
        for week in weeks:
            n = owed[(ceo.id, week)]
            for k in range(1, n + 1):
                arc(0, node(("w", ceo.id, week)), 1, -(big + int(FAIR_SCALE * weight / k)))
    day_arcs = []
    seen_days: set[tuple] = set()
    for a in arcs:
        if ("w", a.ceo, a.week) not in nodes:
            continue
        dkey = ("d", a.ceo, a.week, a.day)
        if dkey not in seen_days:
            seen_days.add(dkey)
            arc(nodes[("w", a.ceo, a.week)], node(dkey), 1, 0)
        day_arcs.append((len(tails), a))
        arc(nodes[dkey], node(("c", a.cls)), 1, 0)
    for i, c in enumerate(classes):
        if ("c", i) in nodes:
            arc(nodes[("c", i)], 1, len(c.staffed), 0)

    bound = 0
    if tails:
        mf = max_flow.SimpleMaxFlow()
        mf.add_arcs_with_capacity(tails, heads, caps)
        if mf.solve(0, 1) != mf.OPTIMAL:
            raise RuntimeError("max flow failed")
        bound = mf.optimal_flow()

    mcf = min_cost_flow.SimpleMinCostFlow()
    mcf.add_arcs_with_capacity_and_unit_cost(tails + [0], heads + [1], caps + [total], costs + [0])
    mcf.set_nodes_supplies([0, 1], [total, -total])
    chosen: list[_Arc] = []
    if total:
        status = mcf.solve()
        if status != mcf.OPTIMAL:
            raise RuntimeError(f"min cost flow failed: {status}")
        chosen = [a for index, a in day_arcs if mcf.flow(index) > 0]
    return {"chosen": chosen, "bound": bound}


def _place_in_class(group, slots, ceo_by_id, studio_city, used_slots):
    """Give each CEO of one time class a slot: usual studio first, then usual city."""
    free = [s for s in slots if s.index not in used_slots]
    placed, waiting = [], list(group)
    for test in (
        lambda ceo, s: s.studio == ceo.usual_studio,
        lambda ceo, s: ceo.usual_city is not None and studio_city[s.studio] == ceo.usual_city,
        lambda ceo, s: True,
    ):
        still = []
        for arc in waiting:
            ceo = ceo_by_id[arc.ceo]
            pick = next((s for s in free if test(ceo, s)), None)
            if pick is None:
                still.append(arc)
                continue
            free.remove(pick)
            used_slots.add(pick.index)
            placed.append((arc, pick))
        waiting = still
    return placed


class _Busy:
    """Who is taken when: existing bookings and the shows accepted so far."""

    def __init__(self, plan: PlanInput, ceo_busy: dict[int, list[Range]]):
        self.plan = plan
        self.ceo = defaultdict(list, {k: list(v) for k, v in ceo_busy.items()})
        self.crew: dict[int, list[Range]] = defaultdict(list)
        self.kit: dict[int, list[Range]] = defaultdict(list)

    @staticmethod
    def _clear(busy: list[Range], taken: Range) -> bool:
        return not any(b.overlaps(taken) for b in busy)

    def try_book(self, ceo: int, slot: Slot) -> ProposedBooking | str:
        """Book the slot with the first free crew member and kit set, or say who is missing."""
        if not self._clear(self.ceo[ceo], slot.taken):
            return "ceo"
        crew = kit = None
        if self.plan.needs_crew:
            crew = next((c for c in slot.crew if self._clear(self.crew[c], slot.taken)), None)
            if crew is None:
                return "staff"
        if self.plan.needs_kit:
            kit = next((k for k in slot.kits if self._clear(self.kit[k], slot.taken)), None)
            if kit is None:
                return "staff"
        self.ceo[ceo].append(slot.taken)
        if crew is not None:
            self.crew[crew].append(slot.taken)
        if kit is not None:
            self.kit[kit].append(slot.taken)
        return ProposedBooking(slot.show, slot.studio, ceo, crew, kit)
