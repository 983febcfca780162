"""The outbox: domain apps schedule messages here, inside their own transactions."""

import logging
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from onboarding.notifications.models import Message

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
# A claim older than this belongs to a worker that died mid-send; the row may be retried.
STALE_CLAIM = timedelta(minutes=5)


def message_schedule(
    *,
    kind: str,
    recipient: str,
    language: str,
    subject: str,
    body: str,
    dedupe_key: str,
    due_at: datetime | None = None,
) -> Message:
    """Write a message to the outbox; once the transaction commits, hand it to a worker."""
    message, created = Message.objects.get_or_create(
        dedupe_key=dedupe_key,
        defaults={
            "kind": kind,
            "recipient": recipient,
            "language": language,
            "subject": subject,
            "body": body,
            "due_at": due_at or timezone.now(),
        },
    )
    if created and message.due_at <= timezone.now():
        transaction.on_commit(lambda: _enqueue(message.pk))
    return message


def _enqueue(message_id: int) -> None:
    from onboarding.notifications.tasks import message_send_task

    try:
        message_send_task.delay(message_id)
    except Exception:
        # The broker is away: the row stays pending and the periodic dispatcher sends it later.
        logger.warning("could not enqueue message %s; the dispatcher will pick it up", message_id)


def message_send(*, message_id: int) -> bool:
    """Send one message if it is still pending; True when this call sent it."""
    now = timezone.now()
    # Compare-and-swap claim: of two workers holding the same id, only one changes the row.
    claimed = Message.objects.filter(pk=message_id, status=Message.Status.PENDING).update(
        status=Message.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1
    )
    if not claimed:
        return False
    message = Message.objects.get(pk=message_id)
    try:
        send_mail(
            message.subject,
            message.body,
            settings.DEFAULT_FROM_EMAIL,
            [message.recipient],
            fail_silently=False,
        )
    except Exception as exc:
        message_mark_failed(message=message, error=str(exc))
        return False
    Message.objects.filter(pk=message.pk).update(
        status=Message.Status.SENT, sent_at=timezone.now(), last_error=""
    )
    return True


def message_mark_failed(*, message: Message, error: str) -> None:
    """Give the row back for another try, or leave it failed once the attempts are used up."""
    status = Message.Status.FAILED if message.attempts >= MAX_ATTEMPTS else Message.Status.PENDING
    backoff = timedelta(seconds=30 * 2 ** max(message.attempts - 1, 0))
    Message.objects.filter(pk=message.pk).update(
        status=status, last_error=error[:2000], due_at=timezone.now() + backoff
    )


def messages_claim_due(*, limit: int = 500) -> list[int]:
    """Ids of pending messages that are due, plus those whose sender died mid-send."""
    now = timezone.now()
    with transaction.atomic():
        Message.objects.filter(
            status=Message.Status.SENDING, claimed_at__lt=now - STALE_CLAIM
        ).update(status=Message.Status.PENDING)
        return list(
            Message.objects.select_for_update(skip_locked=True)
            .filter(status=Message.Status.PENDING, due_at__lte=now)
            .order_by("due_at")
            .values_list("pk", flat=True)[:limit]
        )
