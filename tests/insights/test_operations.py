"""After the review: what needs attention around shows and training, training completion,
studio utilisation, attendance against commitments, show outcomes and the targets."""

from datetime import date, time, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.utils import translation

from onboarding.applicants.models import Campaign, Status
from onboarding.insights import selectors
from onboarding.studios.models import Blackout, SampleShipment
from onboarding.studios.services import attendance_confirm, outcome_record, shipment_update
from onboarding.training.services import attendance_mark, enrolment_create
from tests.factories import (
    ApplicationFactory,
    BookingFactory,
    StudioFactory,
    TrainedApplicationFactory,
    TrainingModuleFactory,
    TrainingSessionFactory,
)
from tests.insights.conftest import NOW, A, local, move, submit
from tests.studios.conftest import commit_weekly

HOURS = (time(10), time(22))


def figures(campaign, user):
    campaign = selectors.dashboard_campaign(slug=campaign.slug)
    with translation.override("en"):
        return selectors.dashboard(campaign=campaign, user=user, now=NOW)


def show(application, starts_at, studio, hours=2, samples=False, **fields):
    """A booked show, written directly (a service refuses times in the past), confirmed ready;
    with `samples`, its samples are at the studio (its go-live checklist passes)."""
    booking = BookingFactory(
        application=application,
        studio=studio,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=hours),
        ready_at=starts_at - timedelta(days=1),
        **fields,
    )
    if samples:
        SampleShipment.objects.create(
            booking=booking,
            status=SampleShipment.Status.RECEIVED,
            received_at=starts_at - timedelta(days=2),
        )
    return booking


def test_shows_needing_a_call_and_samples_running_late(frozen, campaign, lead, scheduler):
    # Given a studio and shows of this campaign around NOW (samples due 72 hours before)
    studio = StudioFactory(hours=HOURS)
    other = StudioFactory(hours=HOURS)

    def ceo():
        return TrainedApplicationFactory(campaign=campaign, status=Status.SCHEDULED)

    soon = show(ceo(), NOW + timedelta(hours=2), studio)
    tomorrow = show(ceo(), NOW + timedelta(hours=24), studio)
    confirmed = show(ceo(), NOW + timedelta(hours=30), studio)
    later = show(ceo(), NOW + timedelta(hours=80), studio)
    show(ceo(), NOW + timedelta(hours=10), studio, status="cancelled")
    show(ceo(), NOW + timedelta(hours=12), studio, kind="rehearsal")
    show(TrainedApplicationFactory(status=Status.SCHEDULED), NOW + timedelta(hours=5), other)
    # The CEO confirmed one; its samples arrived. Another's samples are on their way.
    attendance_confirm(booking=confirmed, actor=scheduler)
    shipment_update(booking=confirmed, actor=scheduler, status=SampleShipment.Status.RECEIVED)
    shipment_update(
        booking=soon, actor=scheduler, carrier="SF", tracking_number="SF1", status="shipped"
    )

    # When the lead reads the dashboard
    attention = figures(campaign, lead).attention

    # Then the unconfirmed shows of the next 48 hours, soonest first, name booking and studio
    unconfirmed = attention["unconfirmed_shows"]
    assert unconfirmed.count == 2
    assert [(i.kind, i.id) for i in unconfirmed.items] == [
        ("booking", soon.pk),
        ("booking", tomorrow.pk),
    ]
    assert unconfirmed.items[1].detail == f"{studio.name} 2027-05-28 10:00"
    assert unconfirmed.items[1].at == tomorrow.starts_at
    # And the shows past their samples' due time without samples at the studio
    late = attention["late_samples"]
    assert late.count == 2
    assert [i.id for i in late.items] == [soon.pk, tomorrow.pk]
    assert later.pk not in [i.id for i in late.items]


def test_training_completion_and_full_sessions(frozen, campaign, lead, trainer):
    # Given a required module, a session that took place yesterday and a full one on Sunday
    module = TrainingModuleFactory(campaign=campaign, title_en="Camera presence")
    past = TrainingSessionFactory(
        module=module, trainer=trainer, starts_at=NOW - timedelta(days=1), capacity=5
    )
    full = TrainingSessionFactory(
        module=module, trainer=trainer, starts_at=NOW + timedelta(days=3), capacity=1
    )
    approved = [
        move(submit(campaign, local(date(2027, 5, 4))), A.APPROVE, at=NOW - timedelta(days=6))
        for _n in range(5)
    ]
    came, stayed_away, unmarked, seated, waiting = approved
    with time_machine.travel(NOW - timedelta(days=5), tick=False):
        for application in (came, stayed_away, unmarked):
            enrolment_create(session=past, application=application, actor=trainer)
        enrolment_create(session=full, application=seated, actor=trainer)
        assert enrolment_create(session=full, application=waiting, actor=trainer).status == (
            "waitlisted"
        )
        enrolment_create(session=full, application=stayed_away, actor=trainer)
    attendance_mark(session=past, application=came, attended=True, actor=trainer)
    attendance_mark(session=past, application=stayed_away, attended=False, actor=trainer)

    # When the lead reads the dashboard
    dashboard = figures(campaign, lead)

    # Then attending the one required module trained the first CEO
    training = dashboard.training
    assert (training.approved, training.enrolled, training.waitlisted) == (5, 4, 1)
    assert (training.attended, training.trained, training.completion_rate) == (1, 1, 20.0)
    # And the full session with two waiting shows, with its seats
    sessions = dashboard.attention["full_sessions"]
    assert sessions.count == 1
    assert (sessions.items[0].kind, sessions.items[0].id) == ("session", full.pk)
    assert sessions.items[0].detail == "1 of 1 seats, 2 waiting"
    assert sessions.items[0].label == "Camera presence 2027-05-30 10:00"


def test_studio_utilisation_for_the_next_fourteen_days(frozen, campaign, lead):
    # Given a studio open 10:00 to 22:00 every day (30 minutes' buffer each side), a closed one
    studio = StudioFactory(hours=HOURS)
    StudioFactory(hours=HOURS, active=False)
    Blackout.objects.create(
        studio=studio,
        starts_at=local(date(2027, 5, 28), time(10)),
        ends_at=local(date(2027, 5, 28), time(12)),
        reason="Maintenance",
    )
    ours = TrainedApplicationFactory(campaign=campaign)
    show(ours, local(date(2027, 5, 27), time(14)), studio)
    show(TrainedApplicationFactory(), local(date(2027, 5, 29), time(21)), studio)
    show(ours, local(date(2027, 5, 30), time(14)), studio, status="cancelled")

    # When the lead reads the dashboard
    use = figures(campaign, lead).utilisation

    # Then fourteen local days from today, open hours less the blackout, bookings with buffers
    assert (use.first, use.last, len(use.days)) == (date(2027, 5, 27), date(2027, 6, 9), 14)
    days = {d.date: (d.open_hours, d.booked_hours, d.campaign_hours, d.rate) for d in use.days}
    assert days[date(2027, 5, 27)] == (12.0, 3.0, 3.0, 25.0)
    assert days[date(2027, 5, 28)] == (10.0, 0.0, 0.0, 0.0)
    # 20:30 to 23:30 with its buffers, of which 20:30 to 22:00 inside the opening hours
    assert days[date(2027, 5, 29)] == (12.0, 1.5, 0.0, 12.5)
    assert days[date(2027, 5, 30)] == (12.0, 0.0, 0.0, 0.0)
    assert [s.name for s in use.days[0].studios] == [studio.name]
    assert (use.open_hours, use.booked_hours, use.campaign_hours) == (166.0, 4.5, 3.0)
    assert use.rate == 2.7


@pytest.fixture
def shows_held(campaign, scheduler):
    """Two CEOs three sales weeks in: one committed to 2 shows a week, one to 1."""
    studio = StudioFactory(hours=(time(0), time(23, 59)))
    flaky = TrainedApplicationFactory(campaign=campaign, status=Status.SCHEDULED)
    steady = TrainedApplicationFactory(campaign=campaign, status=Status.SCHEDULED)
    commit_weekly(flaky, 2)
    commit_weekly(steady, 1)
    figures_of = [
        (flaky, date(2027, 5, 10), time(20), "held", Decimal("1000.50"), 300, 20),
        # 00:30 on 17 May in Shanghai is still 16 May in UTC: it counts on the 17th.
        (flaky, date(2027, 5, 17), time(0, 30), "held", Decimal("99.50"), 100, None),
        (flaky, date(2027, 5, 18), time(20), "no_show", None, None, None),
        (steady, date(2027, 5, 11), time(20), "held", Decimal("200"), 50, 5),
        (steady, date(2027, 5, 12), time(20), "held", Decimal("200"), 50, 5),
        (steady, date(2027, 5, 19), time(20), "held", Decimal("200"), 50, 5),
    ]
    for application, day, at, result, turnover, viewers, followers in figures_of:
        booking = show(application, local(day, at), studio, samples=True)
        outcome_record(
            booking=booking,
            actor=scheduler,
            result=result,
            turnover=turnover,
            viewers=viewers,
            new_followers=followers,
        )
    # Another campaign's show is not counted.
    elsewhere = show(
        TrainedApplicationFactory(status=Status.SCHEDULED),
        local(date(2027, 5, 10), time(10)),
        studio,
        samples=True,
    )
    outcome_record(booking=elsewhere, actor=scheduler, result="held", turnover=Decimal("5"))
    return flaky, steady


def test_attendance_against_commitments(frozen, campaign, lead, shows_held):
    flaky, _steady = shows_held

    dashboard = figures(campaign, lead)

    # Three whole weeks: 2 x 3 + 1 x 3 = 9 shows owed, 5 held
    a = dashboard.attendance
    assert (a.weeks, a.ceos, a.expected, a.held, a.no_shows) == (3, 2, 9, 5, 1)
    assert (a.rate, a.threshold, a.flagged) == (55.6, 80, 1)
    flagged = dashboard.attention["attendance_flagged"]
    assert flagged.count == 1
    assert (flagged.items[0].kind, flagged.items[0].id) == ("application", flaky.pk)
    assert flagged.items[0].detail == "2 of 6 shows held (33.3 %)"


def test_outcomes_per_day_and_in_total_and_the_targets(frozen, campaign, lead, shows_held):
    dashboard = figures(campaign, lead)

    outcomes = dashboard.outcomes
    days = {
        d.date: (d.held, d.no_shows, d.turnover_cny, d.viewers, d.new_followers)
        for d in outcomes.days
    }
    assert days == {
        date(2027, 5, 10): (1, 0, Decimal("1000.50"), 300, 20),
        date(2027, 5, 11): (1, 0, Decimal("200.00"), 50, 5),
        date(2027, 5, 12): (1, 0, Decimal("200.00"), 50, 5),
        date(2027, 5, 17): (1, 0, Decimal("99.50"), 100, 0),
        date(2027, 5, 18): (0, 1, Decimal("0.00"), 0, 0),
        date(2027, 5, 19): (1, 0, Decimal("200.00"), 50, 5),
    }
    total = outcomes.total
    assert (total.held, total.no_shows, total.turnover_cny) == (5, 1, Decimal("1700.00"))
    assert (total.viewers, total.new_followers) == (550, 35)
    # Both CEOs went live with their first held show (the studios' service moved them).
    live = next(s for s in dashboard.funnel if s.stage == "live")
    assert live.reached == 2
    targets = dashboard.targets
    assert targets["ceos_live"].reached == 2
    assert targets["shows"].reached == 5
    assert targets["turnover_cny"].reached == Decimal("1700.00")


def test_targets_against_what_is_reached(frozen, campaign, lead, shows_held):
    Campaign.objects.filter(pk=campaign.pk).update(
        target_ceos_live=4, target_shows=10, target_turnover_cny=Decimal("10000")
    )

    targets = figures(campaign, lead).targets

    assert (targets["ceos_live"].target, targets["ceos_live"].rate) == (4, 50.0)
    assert (targets["shows"].target, targets["shows"].rate) == (10, 50.0)
    assert (targets["turnover_cny"].target, targets["turnover_cny"].rate) == (10000, 17.0)


def test_a_campaign_without_targets_reports_none(frozen, campaign, lead):
    ApplicationFactory(campaign=campaign)

    targets = figures(campaign, lead).targets

    assert targets["shows"].target is None and targets["shows"].rate is None
