from celery import shared_task

from onboarding.reviews import services


# A large campaign takes minutes (about 800 applications a second measured); the default
# 60 s limit would stop it part-way. Still well inside the broker's visibility timeout.
@shared_task(acks_late=True, soft_time_limit=1500, time_limit=1600)
def screening_recompute_task(job_id: int, only_if_queued: bool = False) -> None:
    try:
        services.screening_recompute(job_id=job_id, only_if_queued=only_if_queued)
    except Exception as exc:
        services.screening_recompute_failed(job_id=job_id, error=repr(exc))
        raise


@shared_task
def recompute_jobs_requeue_task() -> None:
    services.recompute_jobs_requeue()
