"""The planner's input loaded from the database: the campaign's CEOs, studios, crew, kit and
bookings turned into the planner's plain data (onboarding/studios/planner/types.py) in a fixed
number of queries. Planner ids are the database's: a CEO is their application (what booking
takes), a studio, crew member or kit set its row.
"""

import math
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from functools import cache
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Count, Sum
from django.utils import timezone

from onboarding.applicants.models import Application, Status
from onboarding.planning.models import FestivalPlan, Priority
from onboarding.questionnaires.models import WEEKDAYS, Answer, Question
from onboarding.reviews.models import ReviewCase
from onboarding.studios import planner
from onboarding.studios.models import (
    Blackout,
    Booking,
    BookingCrew,
    BookingEquipment,
    BookingStatus,
    Crew,
    EquipmentSet,
    SampleShipment,
    Studio,
)
from onboarding.studios.selectors.availability import END_OF_DAY
from onboarding.studios.selectors.common import BOOKABLE, commitments, scheduling_settings
from onboarding.studios.selectors.reports import attendance

# Approved CEOs are planned too: their commitments show as unmet, "not trained yet".
PLANNED = (*BOOKABLE, Status.APPROVED)


LAST_MINUTE = time(23, 59)


SHOW_LENGTH = timedelta(hours=2)


ALIGN_STEP = 5  # minutes between the block starts the alignment tries


DAY_MINUTES = 24 * 60


def _time(text: str) -> time:
    hours, minutes = (int(part) for part in text.split(":"))
    return time(hours, minutes)


def _windows(value: Any) -> tuple[planner.WeeklyWindow, ...]:
    """The questionnaire's {"day": "tue", "start": "20:00", "end": "22:00"} windows."""
    windows = []
    for item in value if isinstance(value, list) else []:
        try:
            weekday = WEEKDAYS.index(item["day"])
            start, end = _time(item["start"]), _time(item["end"])
        except (KeyError, TypeError, ValueError):
            continue
        if end > start:
            windows.append(planner.WeeklyWindow(weekday, start, end))
    return tuple(sorted(windows))


def _availability(applications: list[Application]) -> dict[int, Any]:
    """Each application's answer to its questionnaire's weekly-availability question."""
    rows = (
        Answer.objects.filter(
            application__in=[a.pk for a in applications],
            question__kind=Question.Kind.WEEKLY_AVAILABILITY,
        )
        .order_by("application_id", "-question__position", "-question_id")
        .values_list("application_id", "value")
    )
    # Ordered last to first: the first question of each questionnaire wins, as on the board.
    return dict(rows)


def _normalised(values: dict[int, float]) -> dict[int, float]:
    """1 to 2: a first show for anyone still outweighs a second one for the top CEO."""
    top = max(values.values(), default=0) or 1
    return {key: 1.0 + max(value, 0) / top for key, value in values.items()}


def _priorities(priority: str, applications: list[Application]) -> dict[int, float]:
    ids = [a.pk for a in applications]
    if priority == Priority.ATTENDANCE and applications:
        # No show recorded yet: full marks, nobody is pushed back before they could attend.
        rates = {row.application: row.rate for row in attendance(campaign=applications[0].campaign)}
        return _normalised(
            {pk: rate if (rate := rates.get(pk)) is not None else 100.0 for pk in ids}
        )
    if priority == Priority.REACH:
        followers = dict(
            Application.objects.filter(pk__in=ids)
            .annotate(reach=Sum("social_accounts__followers"))
            .values_list("pk", "reach")
        )
        # Followers span orders of magnitude: a log scale, so one star does not flatten all.
        return _normalised({pk: math.log10(1 + (followers.get(pk) or 0)) for pk in ids})
    scores = dict(
        ReviewCase.objects.filter(application__in=ids).values_list("application_id", "score")
    )
    return _normalised({pk: float(scores.get(pk) or 0) for pk in ids})


def _samples_on_site(
    applications: list[Application], now: datetime, due_hours: int, zone: str
) -> dict[int, date]:
    """The first day each CEO's samples can be at a studio.

    Received for one of their shows: today. On their way: their expected arrival. Otherwise
    they still have to be sent, and are due `due_hours` before a show: from now plus that.
    """
    tz = ZoneInfo(zone)
    today = now.astimezone(tz).date()
    unsent = (now + timedelta(hours=due_hours)).astimezone(tz).date()
    days = {a.pk: unsent for a in applications}
    for application_id, status, arrival in SampleShipment.objects.filter(
        booking__application__in=[a.pk for a in applications]
    ).values_list("booking__application_id", "status", "expected_arrival"):
        if status == SampleShipment.Status.RECEIVED:
            day = today
        elif status == SampleShipment.Status.SHIPPED and arrival is not None:
            day = max(today, arrival.astimezone(tz).date())
        else:
            continue
        days[application_id] = min(days[application_id], day)
    return days


def _usual_studios(applications: list[Application]) -> dict[int, int]:
    """The studio each CEO was booked into most often (confirmed shows, any time)."""
    counts = (
        Booking.objects.filter(
            application__in=[a.pk for a in applications],
            status=BookingStatus.CONFIRMED,
            kind=Booking.Kind.SHOW,
        )
        .values("application_id", "studio_id")
        .annotate(shows=Count("id"))
        .order_by("application_id", "-shows", "studio_id")
    )
    usual: dict[int, int] = {}
    for row in counts:
        usual.setdefault(row["application_id"], row["studio_id"])
    return usual


def _gaps(span: planner.Range, busy: Iterable[planner.Range]) -> tuple[planner.Range, ...]:
    """The span less the busy ranges: when a crew member or kit set is free."""
    free, cursor = [], span.start
    for taken in sorted(busy):
        if taken.start > cursor:
            free.append(planner.Range(cursor, min(taken.start, span.end)))
        cursor = max(cursor, taken.end)
    if cursor < span.end:
        free.append(planner.Range(cursor, span.end))
    return tuple(r for r in free if r.end > r.start)


def _pools(
    model: type[BookingCrew] | type[BookingEquipment],
    field: str,
    rows: list[Crew] | list[EquipmentSet],
    studios_of: dict[int, frozenset[int]],
    span: planner.Range,
) -> tuple[planner.Crew, ...]:
    """Crew members (or kit sets) with the studios they work in and when they are free.

    A person or kit held by a booking (with its buffers) is free around it only; a booking
    may hold several, so they are kept out through their free time, not the booking.
    """
    busy: dict[int, list[planner.Range]] = defaultdict(list)
    for pk, start, end in model.objects.filter(
        status=BookingStatus.CONFIRMED,
        buffered_start__lt=span.end,
        buffered_end__gt=span.start,
        **{f"{field}__in": [r.pk for r in rows]},
    ).values_list(f"{field}_id", "buffered_start", "buffered_end"):
        busy[pk].append(planner.Range(start, end))
    return tuple(
        planner.Crew(
            id=r.pk,
            studios=studios_of[r.pk],
            available=_gaps(span, busy[r.pk]) if r.pk in busy else None,
        )
        for r in rows
    )


def _minutes(at: time) -> int:
    return at.hour * 60 + at.minute


def _demand(
    windows: list[tuple[planner.WeeklyWindow, ...]], zone: str, studio_zone: str, monday: date
) -> dict[int, list[int]]:
    """For each weekday in the studio's zone, how many CEO windows a show starting at each
    minute fits in (a difference array: linear in the windows, whatever their number)."""
    here, there = ZoneInfo(zone), ZoneInfo(studio_zone)
    show = int(SHOW_LENGTH.total_seconds() // 60)
    steps: dict[int, list[int]] = defaultdict(lambda: [0] * (DAY_MINUTES + 2))
    for ceo in windows:
        for w in ceo:
            day = monday + timedelta(days=w.weekday)
            start = datetime.combine(day, w.start, tzinfo=here).astimezone(there)
            end = datetime.combine(day, w.end, tzinfo=here).astimezone(there)
            first, last = _minutes(start.time()), _minutes(end.time()) - show
            if start.date() == end.date() and first <= last:
                steps[start.weekday()][first] += 1
                steps[start.weekday()][last + 1] -= 1
    fits = {}
    for weekday, step in steps.items():
        running, counts = 0, []
        for delta in step[: DAY_MINUTES + 1]:
            running += delta
            counts.append(running)
        fits[weekday] = counts
    return fits


def _aligned_opening(
    studio: Studio, hours: list[Any], demand: dict[int, list[int]]
) -> tuple[planner.WeeklyWindow, ...]:
    """The studio's opening windows, cut where its shows should start.

    The planner cuts each window into back-to-back blocks (setup, show, teardown) from its
    start, so a studio open 09:00-23:00 holds shows at 09:30, 12:30, 15:30 and 18:30, and a
    CEO free 19:00-22:00 fits none of them. Here each window is cut instead at the block starts
    that fit the most CEO windows that weekday (a small interval-scheduling DP on a 5-minute
    step; with no CEO that day, back to back from opening, as before). Every piece lies inside
    a real opening window, so the booking service's hours check still holds.
    """
    setup, teardown = studio.setup_minutes, studio.teardown_minutes
    show = int(SHOW_LENGTH.total_seconds() // 60)
    block = setup + show + teardown
    pieces = []
    for h in hours:
        opens, closes = (
            _minutes(h.opens),
            _minutes(LAST_MINUTE if h.closes >= END_OF_DAY else h.closes),
        )
        if closes <= opens:
            continue
        fits = demand.get(h.weekday, [])

        def value(t: int, fits: list[int] = fits) -> float:
            begin = t + setup
            # Any block is worth a little: free hours are still cut into as many as fit.
            return 0.001 + (fits[begin] if begin < len(fits) else 0)

        @cache
        def best(t: int, closes: int = closes, value: Any = value) -> tuple[float, tuple[int, ...]]:
            if t + block > closes:
                return 0.0, ()
            skip = best(t + ALIGN_STEP)
            rest_value, rest = best(t + block)
            take = (value(t) + rest_value, (t, *rest))
            return take if take[0] >= skip[0] - 1e-9 else skip

        starts = best(opens)[1]
        ends = [*starts[1:], closes]
        for start, end in zip(starts, ends, strict=True):
            pieces.append(
                planner.WeeklyWindow(
                    h.weekday, time(start // 60, start % 60), time(end // 60, end % 60)
                )
            )
    return tuple(sorted(pieces))


def plan_input(*, plan: FestivalPlan, now: datetime | None = None) -> planner.PlanInput:
    """The planner's input for the plan's campaign and days, as the database holds them now.

    CEOs: the campaign's trained (and later) CEOs with an account, and its approved ones (who
    are not trained yet), with their weekly commitment and their questionnaire's windows in
    the campaign's zone (the zone the board reads them in). Studios: active ones with their
    hours (their own zone), blackouts and buffers, and the time before now closed, so nothing
    is proposed in the past. Crew work in every studio (the model ties them to none); kit in
    its own studio, or in any when it moves. Every confirmed booking that touches the plan's
    weeks stays where it is; only the campaign's own shows count toward a CEO's week.
    """
    now = now or timezone.now()
    campaign = plan.campaign
    zone = campaign.timezone
    tz = ZoneInfo(zone)
    # Whole weeks: a week cut by the range still counts the shows booked in the rest of it.
    first_monday = plan.first_day - timedelta(days=plan.first_day.weekday())
    last_sunday = plan.last_day + timedelta(days=6 - plan.last_day.weekday())
    span = planner.Range(
        datetime.combine(first_monday - timedelta(days=1), time(0), tzinfo=tz),
        datetime.combine(last_sunday + timedelta(days=2), time(0), tzinfo=tz),
    )
    applications = list(
        Application.objects.filter(campaign=campaign, status__in=PLANNED)
        .exclude(status__in=BOOKABLE, user__isnull=True)
        .select_related("campaign")
        .order_by("pk")
    )
    promised = commitments(applications=applications)
    windows = _availability(applications)
    rules = scheduling_settings(campaign=campaign)
    samples = _samples_on_site(applications, now, rules.samples_due_hours, zone)
    usual = _usual_studios(applications)
    weights = _priorities(plan.priority, applications)

    studios = list(Studio.objects.filter(active=True).prefetch_related("opening_hours"))
    studio_ids = frozenset(s.pk for s in studios)
    city = {s.pk: s.city for s in studios}
    blackouts: dict[int, list[planner.Range]] = defaultdict(list)
    for studio_id, start, end in Blackout.objects.filter(
        studio__in=studio_ids, starts_at__lt=span.end, ends_at__gt=span.start
    ).values_list("studio_id", "starts_at", "ends_at"):
        blackouts[studio_id].append(planner.Range(start, end))
    past = planner.Range(span.start, max(now, span.start + timedelta(seconds=1)))

    @cache
    def demand(studio_zone: str) -> dict[int, list[int]]:
        return _demand(
            [_windows(windows.get(a.pk)) for a in applications if a.status in BOOKABLE],
            zone,
            studio_zone,
            first_monday,
        )

    ceos = tuple(
        planner.Ceo(
            id=a.pk,
            zone=zone,
            weekly_commitment=promised[a.pk],
            availability=_windows(windows.get(a.pk)),
            trained=a.status in BOOKABLE,
            samples_on_site=samples[a.pk],
            usual_studio=usual.get(a.pk) if usual.get(a.pk) in studio_ids else None,
            usual_city=city.get(usual.get(a.pk, 0)),
            priority=weights[a.pk],
        )
        for a in applications
    )
    studio_rows = tuple(
        planner.Studio(
            id=s.pk,
            zone=s.timezone,
            city=s.city,
            opening=_aligned_opening(s, list(s.opening_hours.all()), demand(s.timezone)),
            blackouts=tuple(sorted([*blackouts[s.pk], past])),
            setup=timedelta(minutes=s.setup_minutes),
            teardown=timedelta(minutes=s.teardown_minutes),
        )
        for s in studios
    )
    crew_rows = list(Crew.objects.filter(active=True).order_by("pk"))
    kit_rows = list(EquipmentSet.objects.filter(active=True).order_by("pk"))
    everywhere = dict.fromkeys([c.pk for c in crew_rows], studio_ids)
    crew = _pools(BookingCrew, "crew", crew_rows, everywhere, span)
    kits = _pools(
        BookingEquipment,
        "equipment",
        kit_rows,
        {
            k.pk: (frozenset({k.studio_id}) if k.studio_id else studio_ids) & studio_ids
            for k in kit_rows
        },
        span,
    )
    return planner.PlanInput(
        ceos=ceos,
        studios=studio_rows,
        crew=crew,
        kits=kits,
        first_day=plan.first_day,
        last_day=plan.last_day,
        zone=zone,
        show_length=SHOW_LENGTH,
        existing=_existing(applications, span),
        seed=plan.seed,
        time_limit=float(plan.time_limit),
        # Without any crew (or kit) on the books, shows are planned without them.
        needs_crew=bool(crew_rows),
        needs_kit=bool(kit_rows),
    )


def _existing(applications: list[Application], span: planner.Range) -> tuple[planner.Booking, ...]:
    """Confirmed bookings touching the span: every studio's, and the plan's CEOs' anywhere."""
    of_user = {a.user_id: a.pk for a in applications if a.user_id}
    planned = {a.pk for a in applications}
    rows = Booking.objects.filter(
        status=BookingStatus.CONFIRMED, starts_at__lt=span.end, ends_at__gt=span.start
    ).values_list("pk", "studio_id", "application_id", "ceo_id", "kind", "starts_at", "ends_at")
    existing = []
    for pk, studio_id, application_id, ceo_id, kind, start, end in rows:
        counts = application_id in planned and kind == Booking.Kind.SHOW
        # Another campaign's show or a rehearsal still holds the CEO, under their planned id;
        # someone not planned gets an id of their own that no planned CEO has.
        ceo = application_id if application_id in planned else of_user.get(ceo_id, -pk)
        existing.append(
            planner.Booking(
                studio=studio_id, ceo=ceo, show=planner.Range(start, end), counts=counts
            )
        )
    return tuple(existing)
