from celery import shared_task

from onboarding.notifications import services


@shared_task
def message_send_task(message_id: int) -> bool:
    return services.message_send(message_id=message_id)


@shared_task
def messages_dispatch_due_task() -> int:
    due = services.messages_claim_due()
    for message_id in due:
        message_send_task.delay(message_id)
    return len(due)
