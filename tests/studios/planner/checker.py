"""An independent check of a proposal against its input, written apart from the planner.

It reads the input and the proposal as plain values (attribute access only, none of the
planner's functions or methods) and returns every broken rule as a sentence; an empty list
means the proposal is sound. Rules:

- every show lasts the show length and its buffered block (setup before, teardown after)
  lies inside one opening window of the studio's local day, and meets no blackout;
- the show lies inside one of the CEO's availability windows, in the CEO's zone;
- the CEO is trained and the show's day (studio's zone) is on or after samples-on-site;
- the show's day in the plan zone is within the plan's range;
- crew and kit are given when needed, may work at that studio and are on shift;
- no studio, CEO, crew member or kit set is in two buffered blocks at once, counting the
  existing bookings, which the proposal must not repeat or move.
"""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo


def _utc(moment: datetime) -> str:
    return f"{moment.astimezone(UTC):%Y-%m-%d %H:%M}Z"


def _meet(a0, a1, b0, b1) -> bool:
    return max(a0, b0) < min(a1, b1)


def _inside_weekly(windows, zone: str, start: datetime, end: datetime) -> bool:
    tz = ZoneInfo(zone)
    ls, le = start.astimezone(tz), end.astimezone(tz)
    if ls.date() != le.date() and le.timetz().replace(tzinfo=None) != datetime.min.time():
        return False
    for w in windows:
        if w.weekday != ls.weekday():
            continue
        w0 = datetime.combine(ls.date(), w.start, tzinfo=tz)
        w1 = datetime.combine(ls.date(), w.end, tzinfo=tz)
        if w0 <= start and end <= w1:
            return True
    return False


def check(plan, proposal) -> list[str]:
    problems: list[str] = []
    studios = {s.id: s for s in plan.studios}
    ceos = {c.id: c for c in plan.ceos}
    crew = {c.id: c for c in plan.crew}
    kits = {k.id: k for k in plan.kits}
    plan_tz = ZoneInfo(plan.zone)

    def block(b):
        s = studios.get(b.studio)
        if s is None:
            return b.show.start, b.show.end
        return b.show.start - s.setup, b.show.end + s.teardown

    existing_keys = {(b.studio, b.ceo, b.show.start, b.show.end) for b in plan.existing}
    for n, b in enumerate(proposal.bookings):
        name = f"booking {n} (CEO {b.ceo}, studio {b.studio}, {_utc(b.show.start)})"
        s, c = studios.get(b.studio), ceos.get(b.ceo)
        if s is None or c is None:
            problems.append(f"{name}: unknown studio or CEO")
            continue
        if (b.studio, b.ceo, b.show.start, b.show.end) in existing_keys:
            problems.append(f"{name}: repeats an existing booking")
        if b.show.end - b.show.start != plan.show_length:
            problems.append(f"{name}: lasts {b.show.end - b.show.start}")
        b0, b1 = block(b)
        if not _inside_weekly(s.opening, s.zone, b0, b1):
            problems.append(f"{name}: buffered block outside opening hours")
        if any(_meet(b0, b1, x.start, x.end) for x in s.blackouts):
            problems.append(f"{name}: meets a blackout")
        if not _inside_weekly(c.availability, c.zone, b.show.start, b.show.end):
            problems.append(f"{name}: outside the CEO's availability")
        if not c.trained:
            problems.append(f"{name}: CEO not trained")
        studio_day = b.show.start.astimezone(ZoneInfo(s.zone)).date()
        if c.samples_on_site is None or studio_day < c.samples_on_site:
            problems.append(f"{name}: samples not on site")
        if not plan.first_day <= b.show.start.astimezone(plan_tz).date() <= plan.last_day:
            problems.append(f"{name}: outside the plan's days")
        for kind, needed, given, pool in (
            ("crew", plan.needs_crew, b.crew, crew),
            ("kit", plan.needs_kit, b.kit, kits),
        ):
            if given is None:
                if needed:
                    problems.append(f"{name}: no {kind}")
                continue
            member = pool.get(given)
            if member is None or b.studio not in member.studios:
                problems.append(f"{name}: {kind} {given} may not work there")
            elif member.available is not None and not any(
                r.start <= b0 and b1 <= r.end for r in member.available
            ):
                problems.append(f"{name}: {kind} {given} off shift")

    everything = [("existing", b) for b in plan.existing] + [
        ("proposed", b) for b in proposal.bookings
    ]
    for who in ("studio", "ceo", "crew", "kit"):
        taken: dict = {}
        for origin, b in everything:
            key = getattr(b, who)
            if key is None:
                continue
            taken.setdefault(key, []).append((block(b), origin, b))
        for key, items in taken.items():
            items.sort(key=lambda item: item[0])
            for i in range(len(items)):
                for j in range(i + 1, len(items)):
                    (a0, a1), oa, _ = items[i]
                    (c0, c1), oc, _ = items[j]
                    if c0 >= a1:
                        break
                    if _meet(a0, a1, c0, c1) and "proposed" in (oa, oc):
                        problems.append(f"{who} {key} double-booked at {_utc(c0)}")
    return problems


def met_per_week(plan, proposal) -> dict:
    """Proposed shows per (CEO, Monday in the plan zone), counted independently."""
    tz = ZoneInfo(plan.zone)
    out: dict = {}
    for b in proposal.bookings:
        day = b.show.start.astimezone(tz).date()
        key = (b.ceo, day - timedelta(days=day.weekday()))
        out[key] = out.get(key, 0) + 1
    return out
