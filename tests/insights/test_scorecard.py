"""GET /api/v1/scorecards/{application_id}/: a CEO's shows and sales weeks against their
commitment, for staff and for the CEO themselves, in a fixed number of queries."""

from datetime import time, timedelta
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from onboarding.applicants.models import Status
from onboarding.core.models import Role
from onboarding.studios.services import outcome_record
from tests.factories import BookingFactory, StudioFactory, TrainedApplicationFactory, UserFactory
from tests.insights.conftest import SALES_START, client_for, local
from tests.studios.conftest import commit_weekly

# The token with its user, the application with its campaign, its commitment, its shows with
# their studios and outcomes.
BUDGET = 4


def url(application) -> str:
    return f"/api/v1/scorecards/{application.pk}/"


def shows(ceo, studio, scheduler, *, weeks: int, per_week: int, no_show_last=True, hour=10):
    """`per_week` shows in each of the first `weeks` sales weeks, held with figures (the very
    last one a no-show), and one coming show without an outcome."""
    made = []
    for week in range(weeks):
        for n in range(per_week):
            starts = local(SALES_START + timedelta(days=7 * week + n), time(hour + n % 4))
            booking = BookingFactory(
                application=ceo,
                studio=studio,
                starts_at=starts,
                ends_at=starts + timedelta(hours=1),
                ready_at=starts - timedelta(days=1),
                ready_override_reason="Samples brought by hand.",
            )
            made.append(booking)
    for booking in made[:-1] if no_show_last else made:
        outcome_record(
            booking=booking,
            actor=scheduler,
            result="held",
            turnover=Decimal("1000.50"),
            viewers=100,
            new_followers=10,
        )
    if no_show_last:
        outcome_record(booking=made[-1], actor=scheduler, result="no_show")
    return made


def test_a_ceo_reads_their_own_weeks_and_shows(frozen, campaign, scheduler):
    # Given a CEO who committed to two shows a week and booked two in each of three weeks,
    # holding five and missing the last
    ceo = TrainedApplicationFactory(campaign=campaign, status=Status.LIVE)
    commit_weekly(ceo, 2)
    studio = StudioFactory(hours=(time(8), time(23, 59)))
    shows(ceo, studio, scheduler, weeks=3, per_week=2)

    # When the CEO opens their scorecard
    response = client_for(ceo.user).get(url(ceo))

    # Then each week is held against the commitment, and the shows are listed newest first
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["totals"] == {
        "commitment_per_week": 2,
        "weeks_complete": 3,
        "expected": 6,
        "held": 5,
        "no_shows": 1,
        "turnover_cny": "5002.50",
        "viewers": 500,
        "new_followers": 50,
        "rate": 83.3,
    }
    weeks = body["weeks"]
    assert [w["number"] for w in weeks] == [4, 3, 2, 1]
    assert weeks[0]["complete"] is False and weeks[0]["rate"] is None
    assert [(w["held"], w["no_shows"], w["rate"]) for w in weeks[1:]] == [
        (1, 1, 50.0),
        (2, 0, 100.0),
        (2, 0, 100.0),
    ]
    assert weeks[3]["turnover_cny"] == "2001.00"
    assert len(body["shows"]) == 6
    assert body["shows"][0]["result"] == "no_show"
    assert body["shows"][1]["viewers"] == 100


def test_another_ceos_scorecard_is_not_found_and_staff_read_any(
    frozen, campaign, scheduler, lead, trainer
):
    mine = TrainedApplicationFactory(campaign=campaign)
    theirs = TrainedApplicationFactory(campaign=campaign)
    client = client_for(mine.user)

    assert client.get(url(theirs)).status_code == 404
    assert client.get("/api/v1/scorecards/999999/").status_code == 404
    assert client.get(url(mine)).status_code == 200
    for user in (scheduler, lead, trainer):
        assert client_for(user).get(url(theirs)).status_code == 200
    # Reviewers could meet a blind campaign's applicants here: they get a 404 too
    reviewer = UserFactory(role=Role.REVIEWER)
    assert client_for(reviewer).get(url(theirs)).status_code == 404
    assert client_for(UserFactory(role=Role.CEO)).get(url(mine)).status_code == 404


def read(client, application):
    ContentType.objects.clear_cache()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url(application))
    assert response.status_code == 200, response.content
    return len(captured.captured_queries), response.json()


def test_the_same_number_of_queries_on_ten_times_the_shows(frozen, campaign, scheduler):
    ceo = TrainedApplicationFactory(campaign=campaign, status=Status.LIVE)
    commit_weekly(ceo, 1)
    studio = StudioFactory(hours=(time(8), time(23, 59)))
    client = client_for(scheduler)
    shows(ceo, studio, scheduler, weeks=1, per_week=1, no_show_last=False)
    small, small_body = read(client, ceo)

    shows(ceo, studio, scheduler, weeks=3, per_week=3, no_show_last=False, hour=16)
    large, large_body = read(client, ceo)

    assert len(small_body["shows"]) == 1
    assert len(large_body["shows"]) == 10
    assert large_body["totals"]["held"] == 10
    assert small == large <= BUDGET
