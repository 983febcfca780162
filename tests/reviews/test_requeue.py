"""A re-scoring job whose hand-off missed the broker is sent again, and runs once."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from onboarding.reviews import services
from onboarding.reviews.models import Criterion, RecomputeJob, ReviewCase
from tests.factories import CampaignFactory
from tests.reviews.factories import ReviewedApplicationFactory

FOOD = {"kind": "industry", "name": "Food", "weight": 40, "params": {"industries": ["food"]}}


def _left_queued(campaign, *, minutes_ago: float, status=RecomputeJob.Status.QUEUED):
    """What criteria_replace leaves when the broker was away: the criteria saved, the job
    queued and never sent."""
    Criterion.objects.create(campaign=campaign, position=0, **FOOD)
    job = RecomputeJob.objects.create(campaign=campaign, total=0, status=status)
    RecomputeJob.objects.filter(pk=job.pk).update(
        updated_at=timezone.now() - timedelta(minutes=minutes_ago)
    )
    return job


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_job_that_missed_the_broker_is_sent_again_and_the_worker_runs_it(celery_worker):
    campaign = CampaignFactory()
    food = [ReviewedApplicationFactory(campaign=campaign, industry="food") for _ in range(2)]
    missed = _left_queued(campaign, minutes_ago=2)
    # Just asked for: its own hand-off may still be on the way. Running: a worker has it.
    fresh = _left_queued(CampaignFactory(), minutes_ago=0)
    running = _left_queued(CampaignFactory(), minutes_ago=5, status=RecomputeJob.Status.RUNNING)

    # What beat runs every minute
    assert services.recompute_jobs_requeue() == [missed.pk]

    deadline = time.monotonic() + 20
    while (job := RecomputeJob.objects.get(pk=missed.pk)).status != RecomputeJob.Status.DONE:
        assert job.status != RecomputeJob.Status.FAILED, job.error
        assert time.monotonic() < deadline, job.status
        time.sleep(0.1)
    assert job.done == 2
    assert [ReviewCase.objects.get(application=a).score for a in food] == [40, 40]
    # The next run sends nothing: the job is done, the fresh one not yet late, the running one
    # a worker's.
    assert services.recompute_jobs_requeue() == []
    assert RecomputeJob.objects.get(pk=fresh.pk).status == RecomputeJob.Status.QUEUED
    assert RecomputeJob.objects.get(pk=running.pk).status == RecomputeJob.Status.RUNNING


@pytest.mark.django_db
def test_a_copy_sent_again_leaves_a_job_another_copy_started_and_none_reruns_a_finished_one():
    campaign = CampaignFactory()
    application = ReviewedApplicationFactory(campaign=campaign, industry="food")
    job = _left_queued(campaign, minutes_ago=2, status=RecomputeJob.Status.RUNNING)

    # A copy sent again finds the job running (the first copy has it): it does nothing
    services.screening_recompute(job_id=job.pk, only_if_queued=True)
    assert ReviewCase.objects.get(application=application).score != 40

    # The first copy, redelivered after its worker was lost, runs it
    services.screening_recompute(job_id=job.pk)
    job.refresh_from_db()
    assert (job.status, job.done) == (RecomputeJob.Status.DONE, 1)
    assert ReviewCase.objects.get(application=application).score == 40

    # Once done, a late copy of either kind leaves it done, its figures as they were
    ReviewCase.objects.filter(application=application).update(score=7)
    for only_if_queued in (False, True):
        services.screening_recompute(job_id=job.pk, only_if_queued=only_if_queued)
    assert ReviewCase.objects.get(application=application).score == 7
    assert RecomputeJob.objects.get(pk=job.pk).status == RecomputeJob.Status.DONE
