"""Festival plans through a real Celery worker on the test Redis and PostgreSQL."""

import time

import pytest
from django.db import transaction

from onboarding.planning.models import FestivalPlan, PlanStatus
from tests.planning.factories import WEEK_FIRST, WEEK_LAST, festival
from tests.studios.conftest import client_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def finished(plan_id: int, timeout: float = 30) -> FestivalPlan:
    """Poll the row until the worker has finished with it (done, cancelled or failed)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        plan = FestivalPlan.objects.get(pk=plan_id)
        if plan.status in (PlanStatus.DONE, PlanStatus.CANCELLED, PlanStatus.FAILED):
            return plan
        time.sleep(0.05)
    raise AssertionError(f"plan {plan_id} still {plan.status} after {timeout}s")


def test_the_worker_runs_a_plan_asked_for_over_the_api(celery_worker):
    fest = festival(ceos=3, studios=1)
    client = client_for(fest.scheduler)

    response = client.post(
        "/api/v1/planning/plans/",
        {"campaign": fest.campaign.slug, "first_day": str(WEEK_FIRST), "last_day": str(WEEK_LAST)},
        format="json",
    )

    assert response.status_code == 201
    plan = finished(response.json()["id"])
    assert (plan.status, plan.progress, plan.error) == (PlanStatus.DONE, 100, "")
    assert (plan.wanted, plan.met, plan.bound) == (6, 6, 6)
    assert len(plan.result["bookings"]) == 6
    assert plan.started_at <= plan.finished_at


def test_the_worker_honours_a_cancel_that_came_in_after_the_plan_was_asked_for(celery_worker):
    from onboarding.planning import services

    fest = festival(ceos=3, studios=1)
    # The cancel flag is on the row when the worker takes it (as the cancel endpoint leaves a
    # running plan): the task must stop at its first step and say so.
    with transaction.atomic():
        plan = services.plan_create(
            campaign=fest.campaign, actor=fest.scheduler, first_day=WEEK_FIRST, last_day=WEEK_LAST
        )
        FestivalPlan.objects.filter(pk=plan.pk).update(cancel_requested=True)

    plan = finished(plan.pk)
    assert (plan.status, plan.result, plan.met) == (PlanStatus.CANCELLED, {}, None)
    assert plan.started_at is not None and plan.finished_at is not None
