"""Thin Celery wrappers. No task here is ever given a countdown or ETA: delays are rows'
`next_attempt_at`, read by the dispatcher (a long ETA on Redis can run twice)."""

from celery import shared_task

from onboarding.notifications import services


@shared_task
def message_send_task(message_id: int) -> bool:
    return services.message_send(message_id=message_id)


@shared_task
def messages_send_task(message_ids: list[int]) -> int:
    return services.messages_send(message_ids=message_ids)


@shared_task
def messages_dispatch_due_task() -> int:
    result = services.messages_dispatch_due()
    if result.more_due:
        # Out of time with rows still due: carry on in a fresh task rather than wait for beat.
        messages_dispatch_due_task.apply_async(expires=60)
    return result.handed_over
