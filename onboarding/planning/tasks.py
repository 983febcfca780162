from celery import shared_task

from onboarding.planning import services


# A plan's time limit is at most a minute; loading and storing add a few seconds. The soft
# limit leaves the failure path time to mark the plan failed.
@shared_task(acks_late=True, soft_time_limit=150, time_limit=180)
def festival_plan_run_task(plan_id: int) -> None:
    try:
        services.plan_run(plan_id=plan_id)
    except Exception as exc:
        services.plan_failed(plan_id=plan_id, error=repr(exc))
        raise
