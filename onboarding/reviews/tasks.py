from celery import shared_task

from onboarding.reviews import services


@shared_task(acks_late=True)
def screening_recompute_task(job_id: int) -> None:
    try:
        services.screening_recompute(job_id=job_id)
    except Exception as exc:
        services.screening_recompute_failed(job_id=job_id, error=repr(exc))
        raise
