"""The dashboard reads a campaign in a fixed number of queries: the same on a small campaign
and on one ten times as large (issue 10, acceptance point 5)."""

from datetime import date, time, timedelta
from decimal import Decimal

import time_machine
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from onboarding.applicants.models import Status
from onboarding.studios.models import Blackout, SampleShipment
from onboarding.studios.services import outcome_record
from onboarding.training.services import attendance_mark, enrolment_create
from tests.factories import (
    BookingFactory,
    StudioFactory,
    TrainedApplicationFactory,
    TrainingModuleFactory,
    TrainingSessionFactory,
)
from tests.insights.conftest import NOW, A, client_for, local, move, submit
from tests.studios.conftest import commit_weekly

# The token with its user 1, the campaign with its settings 1, the application content type 1,
# funnel 1, reviews 1, overdue items 1, unconfirmed shows 2 (count and first few), late samples
# 1, the studios' attendance report 3, full sessions 1, applications per day 1, training 1,
# utilisation 4 (studios, their hours, blackouts, bookings), outcomes 1.
BUDGET = 20


def grow(campaign, *, units: int, scheduler, trainer) -> None:
    """`units` times a slice of a living campaign: applications in every stage, training with a
    waiting list, a studio with a blackout, shows held, coming, unconfirmed and late."""
    module = campaign.training_modules.first() or TrainingModuleFactory(campaign=campaign)
    for unit in range(units):
        day = local(date(2027, 5, 4) + timedelta(days=unit % 5), time(9 + unit % 8))
        submit(campaign, day)
        move(submit(campaign, day, channel="referral"), A.START_REVIEW)
        move(submit(campaign, day), A.START_REVIEW, A.REQUEST_INFO)
        move(submit(campaign, day, channel=None), A.WAITLIST, A.REJECT)
        move(submit(campaign, day), A.START_REVIEW, A.APPROVE, A.WITHDRAW)
        approved = [move(submit(campaign, day), A.APPROVE) for _n in range(3)]
        past = TrainingSessionFactory(
            module=module, trainer=trainer, starts_at=NOW - timedelta(days=1), capacity=3
        )
        full = TrainingSessionFactory(
            module=module, trainer=trainer, starts_at=NOW + timedelta(days=2), capacity=1
        )
        with time_machine.travel(NOW - timedelta(days=3), tick=False):
            for application in approved:
                enrolment_create(session=past, application=application, actor=trainer)
            enrolment_create(session=full, application=approved[1], actor=trainer)
            enrolment_create(session=full, application=approved[2], actor=trainer)
        attendance_mark(session=past, application=approved[0], attended=True, actor=trainer)

        studio = StudioFactory(hours=(time(8), time(23, 59)))
        Blackout.objects.create(
            studio=studio,
            starts_at=NOW + timedelta(days=3),
            ends_at=NOW + timedelta(days=3, hours=4),
            reason="Maintenance",
        )
        for weekly in (1, 3):
            ceo = TrainedApplicationFactory(campaign=campaign, status=Status.SCHEDULED)
            commit_weekly(ceo, weekly)
            for offset in (20, 13, 6):
                starts = local(NOW.date() - timedelta(days=offset), time(10 + 3 * weekly))
                held = BookingFactory(
                    application=ceo,
                    studio=studio,
                    starts_at=starts,
                    ends_at=starts + timedelta(hours=2),
                    ready_at=starts - timedelta(days=1),
                )
                SampleShipment.objects.create(
                    booking=held, status="received", received_at=starts - timedelta(days=2)
                )
                outcome_record(
                    booking=held,
                    actor=scheduler,
                    result="held",
                    turnover=Decimal("1000"),
                    viewers=100,
                    new_followers=10,
                )
            for hours in (6, 30, 200):
                starts = NOW + timedelta(hours=hours + 3 * weekly)
                BookingFactory(
                    application=ceo,
                    studio=studio,
                    starts_at=starts,
                    ends_at=starts + timedelta(hours=2),
                )


def queries_of_one_read(client, campaign) -> int:
    # The content types are cached per process; start each read from the same place.
    ContentType.objects.clear_cache()
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/api/v1/dashboard/", {"campaign": campaign.slug})
    assert response.status_code == 200, response.content
    return len(captured.captured_queries), response.json()


def test_the_same_number_of_queries_on_ten_times_the_data(
    frozen, campaign, lead, scheduler, trainer, django_assert_max_num_queries
):
    client = client_for(lead)
    grow(campaign, units=1, scheduler=scheduler, trainer=trainer)
    small, small_body = queries_of_one_read(client, campaign)

    grow(campaign, units=9, scheduler=scheduler, trainer=trainer)
    ContentType.objects.clear_cache()
    with django_assert_max_num_queries(BUDGET):
        client.get("/api/v1/dashboard/", {"campaign": campaign.slug})
    large, large_body = queries_of_one_read(client, campaign)

    # The data did grow tenfold, every figure with it
    assert small_body["funnel"][0]["reached"] == 10
    assert large_body["funnel"][0]["reached"] == 100
    assert large_body["attention"]["unconfirmed_shows"]["count"] == 40
    assert large_body["attention"]["late_samples"]["count"] == 40
    assert large_body["attention"]["full_sessions"]["count"] == 10
    assert len(large_body["utilisation"]["days"][0]["studios"]) == 10
    assert large_body["outcomes"]["total"]["held"] == 60
    # Twenty booked CEOs, and ten who completed their training
    assert large_body["attendance"]["ceos"] == 30
    assert large_body["training"]["trained"] == 30
    # And the number of queries did not
    assert small == large <= BUDGET
