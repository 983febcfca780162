"""Festival plans: the loader's plain data, a run with progress and cancel, and acceptance."""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from onboarding.core.errors import Invalid, NotAllowed
from onboarding.core.models import Role
from onboarding.planning import services
from onboarding.planning.errors import PlanAcceptRefused, PlanFinished, PlanNotDone
from onboarding.planning.loading import plan_input
from onboarding.planning.models import FestivalPlan, PlanStatus, Priority
from onboarding.studios import planner
from onboarding.studios.models import Blackout, Booking, BookingStatus
from tests.factories import BookingFactory, UserFactory
from tests.planning.factories import WEEK_FIRST, WEEK_LAST, answer, approved_ceo, festival
from tests.studios.planner.checker import check

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def new_plan(f, **settings) -> FestivalPlan:
    return services.plan_create(
        campaign=f.campaign,
        actor=f.scheduler,
        first_day=settings.pop("first_day", WEEK_FIRST),
        last_day=settings.pop("last_day", WEEK_LAST),
        **settings,
    )


def done_plan(f, **settings) -> FestivalPlan:
    plan = services.plan_run(plan_id=new_plan(f, **settings).pk)
    assert plan.status == PlanStatus.DONE, plan.error
    return plan


def test_loader_gives_the_planner_the_campaign_as_plain_data():
    # Given a festival with an approved CEO, a blackout and bookings already made
    f = festival(ceos=3, studios=2)
    waiting = approved_ceo(f.campaign)
    tuesday_20 = datetime(2027, 5, 25, 20, 0, tzinfo=SHANGHAI)
    Blackout.objects.create(
        studio=f.studios[0],
        starts_at=tuesday_20,
        ends_at=tuesday_20 + timedelta(hours=2),
        reason="Maintenance",
    )
    show = BookingFactory(studio=f.studios[1], application=f.ceos[0], starts_at=tuesday_20)
    BookingFactory(
        studio=f.studios[1],
        application=f.ceos[1],
        kind="rehearsal",
        starts_at=tuesday_20 + timedelta(days=2),
    )
    plan = new_plan(f)

    # When the loader reads it
    data = plan_input(plan=plan, now=datetime(2027, 5, 1, tzinfo=UTC))

    # Then CEOs are applications, with commitment, windows (campaign zone) and training
    ceos = {c.id: c for c in data.ceos}
    assert set(ceos) == {a.pk for a in f.ceos} | {waiting.pk}
    first = ceos[f.ceos[0].pk]
    assert (first.weekly_commitment, first.zone, first.trained) == (2, "Asia/Shanghai", True)
    assert planner.WeeklyWindow(1, time(14), time(22)) in first.availability
    assert first.usual_studio == f.studios[1].pk
    assert ceos[waiting.pk].trained is False
    # Studios keep their hours, buffers and blackouts; crew work anywhere, kit where it is kept
    studio = next(s for s in data.studios if s.id == f.studios[0].pk)
    # (cut where shows start; on a Monday no CEO is free, so back to back from opening)
    monday = [(w.start, w.end) for w in studio.opening if w.weekday == 0]
    assert monday == [
        (time(10), time(13)),
        (time(13), time(16)),
        (time(16), time(19)),
        (time(19), time(22)),
    ]
    assert studio.setup == timedelta(minutes=30)
    assert planner.Range(tuesday_20, tuesday_20 + timedelta(hours=2)) in studio.blackouts
    assert {c.studios for c in data.crew} == {frozenset(s.pk for s in f.studios)}
    assert {k.id: k.studios for k in data.kits} == {k.pk: frozenset({k.studio_id}) for k in f.kits}
    # Existing bookings stay; only the campaign's own show counts toward the week
    existing = {(b.ceo, b.counts) for b in data.existing}
    assert existing == {(f.ceos[0].pk, True), (f.ceos[1].pk, False)}
    assert data.zone == "Asia/Shanghai"
    assert (data.first_day, data.last_day, data.needs_crew, data.needs_kit) == (
        WEEK_FIRST,
        WEEK_LAST,
        True,
        True,
    )
    assert show.pk


def test_a_run_meets_every_commitment_it_can_and_says_why_not_for_the_rest():
    f = festival(ceos=6, studios=2)
    waiting = approved_ceo(f.campaign)

    plan = done_plan(f)

    assert plan.progress == 100
    assert (plan.wanted, plan.met, plan.bound) == (14, 12, 12)
    assert (plan.gap, plan.percent_of_bound) == (0, 100.0)
    proposals = plan.result["bookings"]
    assert len(proposals) == 12
    assert {p["application"] for p in proposals} == {a.pk for a in f.ceos}
    assert [(u["application"], u["reason"]) for u in plan.result["unmet"]] == [
        (waiting.pk, "not_trained")
    ]
    # The independent checker finds nothing wrong with what was stored
    data = plan_input(plan=plan, now=datetime(2027, 5, 1, tzinfo=UTC))
    stored = tuple(
        planner.ProposedBooking(
            planner.Range(
                datetime.fromisoformat(p["starts_at"]), datetime.fromisoformat(p["ends_at"])
            ),
            p["studio"],
            p["application"],
            p["crew"],
            p["kit"],
        )
        for p in proposals
    )
    assert check(data, planner.Proposal(stored, (), 0, 0, 0)) == []


def test_the_same_settings_give_the_same_plan_and_the_priority_is_kept():
    f = festival(ceos=4, studios=1)
    one = done_plan(f, seed=3, priority=Priority.REACH)
    two = done_plan(f, seed=3, priority=Priority.REACH)
    assert one.result["bookings"] == two.result["bookings"]
    assert (one.priority, one.seed) == ("reach", 3)


def test_bad_settings_are_refused_with_their_fields():
    f = festival(ceos=1, studios=1)
    with pytest.raises(Invalid) as error:
        new_plan(f, first_day=WEEK_LAST, last_day=WEEK_FIRST, time_limit=0, priority="luck")
    assert set(error.value.fields) == {"last_day", "time_limit", "priority"}
    with pytest.raises(Invalid) as error:
        new_plan(f, first_day=f.campaign.sales_starts_on - timedelta(days=1))
    assert set(error.value.fields) == {"first_day"}
    assert not FestivalPlan.objects.exists()
    with pytest.raises(NotAllowed):
        services.plan_create(campaign=f.campaign, actor=UserFactory(role=Role.REVIEWER))


def test_cancel_stops_a_queued_plan_at_once_and_a_running_one_at_its_next_step():
    f = festival(ceos=2, studios=1)
    queued = new_plan(f)
    assert services.plan_cancel(plan_id=queued.pk, actor=f.scheduler).status == "cancelled"
    # The task finds it cancelled and leaves it so
    assert services.plan_run(plan_id=queued.pk).status == PlanStatus.CANCELLED

    running = new_plan(f)
    FestivalPlan.objects.filter(pk=running.pk).update(status=PlanStatus.RUNNING)
    after = services.plan_cancel(plan_id=running.pk, actor=f.scheduler)
    assert (after.status, after.cancel_requested) == (PlanStatus.RUNNING, True)

    # A cancel that comes in once the run has started is honoured at the next step
    started = new_plan(f)
    FestivalPlan.objects.filter(pk=started.pk).update(cancel_requested=True)
    stopped = services.plan_run(plan_id=started.pk)
    assert (stopped.status, stopped.result, stopped.met) == (PlanStatus.CANCELLED, {}, None)
    assert stopped.finished_at is not None

    with pytest.raises(PlanFinished):
        services.plan_cancel(plan_id=stopped.pk, actor=f.scheduler)


def test_acceptance_needs_a_finished_plan():
    f = festival(ceos=1, studios=1)
    plan = new_plan(f)
    with pytest.raises(PlanNotDone):
        services.plan_accept(plan_id=plan.pk, actor=f.scheduler, mode="each")


def test_accepting_part_books_it_through_the_booking_service():
    f = festival(ceos=4, studios=2)
    plan = done_plan(f)
    saturday = "2027-05-29"
    chosen = [f.ceos[0].pk, f.ceos[1].pk]
    expected = [
        p for p in plan.result["bookings"] if p["application"] in chosen and p["day"] == saturday
    ]
    assert expected

    outcome = services.plan_accept(
        plan_id=plan.pk,
        actor=f.scheduler,
        mode="each",
        applications=chosen,
        days=[datetime.fromisoformat(saturday).date()],
    )

    assert outcome.impossible == []
    assert len(outcome.booked) == len(expected)
    booked = Booking.objects.filter(pk__in=[b["booking"] for b in outcome.booked])
    assert {(b.application_id, b.studio_id, b.starts_at.isoformat()) for b in booked} == {
        (p["application"], p["studio"], p["starts_at"]) for p in expected
    }
    assert all(b.crew_assignments.count() == 1 for b in booked)
    assert all(b.equipment_assignments.count() == 1 for b in booked)
    plan.refresh_from_db()
    assert set(plan.accepted) == {str(p["index"]) for p in expected}

    # Accepting the same part again books nothing twice
    again = services.plan_accept(
        plan_id=plan.pk,
        actor=f.scheduler,
        mode="each",
        applications=chosen,
        days=[datetime.fromisoformat(saturday).date()],
    )
    assert (again.booked, len(again.already)) == ([], len(expected))
    assert Booking.objects.count() == len(expected)


def _take_slot_of(proposal: dict, studio) -> Booking:
    """Someone books the proposed studio time since the proposal was made."""
    start = datetime.fromisoformat(proposal["starts_at"])
    return BookingFactory(studio=studio, starts_at=start, ends_at=start + timedelta(hours=2))


def test_each_reports_what_became_impossible_and_books_the_rest():
    f = festival(ceos=3, studios=1)
    plan = done_plan(f)
    first = plan.result["bookings"][0]
    taken = _take_slot_of(first, f.studios[0])

    outcome = services.plan_accept(plan_id=plan.pk, actor=f.scheduler, mode="each")

    assert [(i["index"], i["code"], i["conflicting_booking"]) for i in outcome.impossible] == [
        (first["index"], "booking_conflict", taken.pk)
    ]
    assert "already booked" in outcome.impossible[0]["message"]
    assert len(outcome.booked) == len(plan.result["bookings"]) - 1
    assert Booking.objects.filter(status=BookingStatus.CONFIRMED).count() == len(
        plan.result["bookings"]
    )


def test_all_or_nothing_books_nothing_when_one_became_impossible():
    f = festival(ceos=3, studios=1)
    plan = done_plan(f)
    taken = _take_slot_of(plan.result["bookings"][-1], f.studios[0])

    with pytest.raises(PlanAcceptRefused) as error:
        services.plan_accept(plan_id=plan.pk, actor=f.scheduler, mode="all_or_nothing")

    assert [i["code"] for i in error.value.extra["impossible"]] == ["booking_conflict"]
    assert list(Booking.objects.values_list("pk", flat=True)) == [taken.pk]
    plan.refresh_from_db()
    assert plan.accepted == {}

    taken.delete()
    outcome = services.plan_accept(plan_id=plan.pk, actor=f.scheduler, mode="all_or_nothing")
    assert len(outcome.booked) == len(plan.result["bookings"])


def test_a_selection_the_plan_does_not_hold_is_a_field_error():
    f = festival(ceos=2, studios=1)
    plan = done_plan(f)
    with pytest.raises(Invalid) as error:
        services.plan_accept(
            plan_id=plan.pk,
            actor=f.scheduler,
            mode="each",
            applications=[999999],
            days=[WEEK_FIRST],
        )
    assert set(error.value.fields) == {"applications", "days"}
    with pytest.raises(Invalid):
        services.plan_accept(plan_id=plan.pk, actor=f.scheduler, mode="some")


def test_a_run_that_breaks_is_marked_failed_with_the_error():
    from onboarding.planning.tasks import festival_plan_run_task
    from onboarding.studios.models import Studio

    f = festival(ceos=1, studios=1)
    Studio.objects.filter(pk=f.studios[0].pk).update(timezone="Nowhere/Atlantis")
    plan = new_plan(f)

    with pytest.raises(Exception, match="Nowhere/Atlantis"):
        festival_plan_run_task(plan.pk)

    plan.refresh_from_db()
    assert plan.status == PlanStatus.FAILED
    assert "Nowhere/Atlantis" in plan.error
    assert plan.finished_at is not None


def test_studio_hours_are_cut_where_the_ceos_can_start():
    # Given a studio open 09:00-23:00 (blocks of 3 h with the buffers) and CEOs free only
    # 19:00-22:00: back to back from opening, the evening block would start at 18:00
    f = festival(ceos=2, studios=1, weekly=1)
    f.studios[0].opening_hours.update(opens=time(9), closes=time(23))
    for ceo in f.ceos:
        answer(ceo, "availability", [{"day": "tue", "start": "19:00", "end": "22:00"}])

    plan = done_plan(f)

    # Then the studio's Tuesday is cut so that a show fits the evening, and one CEO gets it
    assert plan.met == plan.bound == 1
    [show] = plan.result["bookings"]
    start = datetime.fromisoformat(show["starts_at"]).astimezone(SHANGHAI)
    end = datetime.fromisoformat(show["ends_at"]).astimezone(SHANGHAI)
    assert start.weekday() == 1
    assert time(19) <= start.time() and end.time() <= time(22)
    assert {u["reason"] for u in plan.result["unmet"]} == {"studio_full"}


@pytest.mark.parametrize(("priority", "winner"), [("score", 0), ("reach", 1)])
def test_the_priority_the_scheduler_picks_decides_who_gets_the_last_hours(priority, winner):
    from onboarding.applicants.models import SocialAccount
    from onboarding.reviews.models import ReviewCase

    # Given one evening slot a week and two CEOs who each want it: the first scores higher,
    # the second has far more followers
    f = festival(ceos=2, studios=1, weekly=1)
    f.studios[0].opening_hours.update(opens=time(19), closes=time(22))
    for ceo in f.ceos:
        answer(ceo, "availability", [{"day": "tue", "start": "19:00", "end": "22:00"}])
    ReviewCase.objects.create(application=f.ceos[0], score=90)
    ReviewCase.objects.create(application=f.ceos[1], score=10)
    SocialAccount.objects.create(
        application=f.ceos[1], platform="douyin", handle="big", followers=5_000_000
    )

    # When the scheduler plans by that priority
    plan = done_plan(f, priority=priority)

    # Then the slot goes to the CEO that priority favours, and the other is told why not
    [show] = plan.result["bookings"]
    assert show["application"] == f.ceos[winner].pk
    assert [(u["application"], u["reason"]) for u in plan.result["unmet"]] == [
        (f.ceos[1 - winner].pk, "studio_full")
    ]
