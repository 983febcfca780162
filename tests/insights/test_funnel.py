"""The funnel, intake per day and reviews against their target, from data sent through the
services (each transition writes the history the funnel reads)."""

from datetime import date, time, timedelta

from django.utils import translation

from onboarding.applicants.models import Status
from onboarding.insights import selectors
from onboarding.reviews.models import ReviewSettings
from tests.factories import ApplicationFactory
from tests.insights.conftest import NOW, OPENS, A, local, move, new_campaign, submit


def figures(campaign, user):
    campaign = selectors.dashboard_campaign(slug=campaign.slug)
    with translation.override("en"):
        return selectors.dashboard(campaign=campaign, user=user, now=NOW)


def stage_table(dashboard) -> dict:
    return {s.stage: (s.reached, s.current, s.conversion) for s in dashboard.funnel}


def test_an_application_counts_in_every_stage_it_reached(frozen, campaign, lead):
    # Given six applications that took different paths, a draft, and another campaign's one
    day = local(date(2027, 5, 10))
    waiting = submit(campaign, day)
    picked_up = move(submit(campaign, day), A.START_REVIEW)
    went_live = move(
        submit(campaign, day),
        A.START_REVIEW,
        A.REQUEST_INFO,
        A.ANSWER_INFO,
        A.APPROVE,
        A.COMPLETE_TRAINING,
        A.SCHEDULE,
        A.GO_LIVE,
    )
    approved_unseen = move(submit(campaign, day), A.APPROVE)
    turned_down = move(submit(campaign, day), A.WAITLIST, A.REJECT)
    left = move(submit(campaign, day), A.START_REVIEW, A.APPROVE, A.WITHDRAW)
    ApplicationFactory(campaign=campaign, status=Status.DRAFT, submitted_at=None)
    ApplicationFactory(status=Status.APPROVED)

    # When the lead reads the dashboard
    stages = stage_table(figures(campaign, lead))

    # Then each stage counts what reached it (history or status), and what is in it now
    assert list(stages) == [
        "applied",
        "in_review",
        "needs_info",
        "approved",
        "waitlisted",
        "rejected",
        "trained",
        "scheduled",
        "live",
    ]
    assert stages["applied"] == (6, 1, None)
    # Approved straight from "submitted" was reviewed all the same.
    assert stages["in_review"] == (5, 1, 83.3)
    assert stages["needs_info"] == (1, 0, 20.0)
    # Approved: the live one, the one approved unseen, and the withdrawn one (by its history).
    assert stages["approved"] == (3, 1, 60.0)
    assert stages["waitlisted"] == (1, 0, 20.0)
    assert stages["rejected"] == (1, 1, 20.0)
    assert stages["trained"] == (1, 0, 33.3)
    assert stages["scheduled"] == (1, 0, 100.0)
    assert stages["live"] == (1, 1, 100.0)
    assert {waiting.pk, picked_up.pk, went_live.pk, approved_unseen.pk, turned_down.pk, left.pk}


def test_applications_per_day_split_by_channel_with_the_peak_day(frozen, campaign, lead):
    # Given the call day (Tuesday 4 May) with most applications, one of them sent at 00:30 in
    # Shanghai (still 3 May in UTC), a quiet Wednesday and one on Thursday by referral
    call_day = date(2027, 5, 4)
    submit(campaign, local(call_day, time(0, 30)))
    for hour in (9, 10, 11):
        submit(campaign, local(call_day, time(hour)))
    submit(campaign, local(call_day, time(12)), channel=None)
    submit(campaign, local(date(2027, 5, 6)), channel="referral")

    # When the lead reads the dashboard
    intake = figures(campaign, lead).applications_per_day

    # Then days are Shanghai dates from the opening day to today, zeros included
    days = {d.date: (d.total, d.channels) for d in intake.days}
    assert intake.days[0].date == OPENS.date() == date(2027, 5, 3)
    assert intake.days[-1].date == NOW.astimezone(OPENS.tzinfo).date() == date(2027, 5, 27)
    assert days[date(2027, 5, 3)] == (0, {})
    assert days[call_day] == (5, {"weibo-official": 4, "": 1})
    assert days[date(2027, 5, 5)] == (0, {})
    assert days[date(2027, 5, 6)] == (1, {"referral": 1})
    assert intake.total == 6
    assert intake.peak == {"date": call_day, "total": 5, "share": 83.3}
    assert intake.channels == [
        {"code": "weibo-official", "name": "Programme Weibo account", "count": 4},
        {"code": "", "name": "No channel", "count": 1},
        {"code": "referral", "name": "Referral", "count": 1},
    ]


def test_overdue_reviews_against_the_decision_target(frozen, lead):
    # Given a campaign deciding within 2 business days
    campaign = new_campaign()
    ReviewSettings.objects.create(campaign=campaign, decision_days=2)
    # Sent on Monday 24 May: due Wednesday 26 May, so overdue at NOW (Thursday)
    late = submit(campaign, local(date(2027, 5, 24), time(9)))
    late_in_review = move(submit(campaign, local(date(2027, 5, 24), time(10))), A.START_REVIEW)
    # Sent on Wednesday 26 May: due Friday, on track
    fresh = submit(campaign, local(date(2027, 5, 26), time(9)))
    # Decided in time (the same day), and too late (three days after it was due)
    on_time = submit(campaign, local(date(2027, 5, 10), time(9)))
    move(on_time, A.APPROVE, at=local(date(2027, 5, 10), time(15)))
    too_late = submit(campaign, local(date(2027, 5, 10), time(9)))
    move(too_late, A.REQUEST_INFO, at=local(date(2027, 5, 15), time(15)))
    # An information request keeps the review open (needs_info); the first decision counts

    # When the lead reads the dashboard
    dashboard = figures(campaign, lead)
    reviews = dashboard.reviews

    # Then
    assert reviews.decision_days == 2
    assert (reviews.open, reviews.overdue, reviews.on_track) == (4, 3, 1)
    assert reviews.overdue_rate == 75.0
    assert (reviews.decided, reviews.decided_on_time, reviews.on_time_rate) == (2, 1, 50.0)
    overdue = dashboard.attention["overdue_reviews"]
    assert overdue.count == 3
    # Longest overdue first: the needs-info one was due on 12 May.
    assert [i.id for i in overdue.items] == [too_late.pk, late.pk, late_in_review.pk]
    assert overdue.items[0].at == too_late.review.decision_due_at
    assert fresh.review.decision_due_at > NOW > late.review.decision_due_at
    assert overdue.items[0].label.startswith(too_late.reference)
    assert overdue.items[0].at - timedelta(days=2) <= local(date(2027, 5, 12), time(9))
