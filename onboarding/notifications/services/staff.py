"""What staff do with a message by hand."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from onboarding.core.errors import Conflict
from onboarding.core.models import User
from onboarding.core.services import audit_record
from onboarding.notifications.models import Message
from onboarding.notifications.services.outbox import enqueue_on_commit
from onboarding.notifications.services.sending import message_was_accepted

NOT_FAILED = _("Only a failed message can be sent again.")


@transaction.atomic
def message_resend(*, message_id: int, actor: User | None) -> Message:
    """Give a failed message a fresh set of attempts, unless its provider took it already.

    A message the sent log shows as accepted is marked sent instead; the caller sees the status.
    """
    message = Message.objects.select_for_update().get(pk=message_id)
    if message.status != Message.Status.FAILED:
        raise Conflict(str(NOT_FAILED))
    if message_was_accepted(message):
        message.status = Message.Status.SENT
        message.save(update_fields=["status", "updated_at"])
        return message
    now = timezone.now()
    message.status = Message.Status.PENDING
    message.attempts = 0
    message.next_attempt_at = now
    message.queued_at = None
    message.save(update_fields=["status", "attempts", "next_attempt_at", "queued_at", "updated_at"])
    audit_record(
        subject=message,
        action="resend",
        actor=actor,
        from_state=Message.Status.FAILED,
        to_state=Message.Status.PENDING,
        reason=message.last_error,
    )
    enqueue_on_commit([message.pk])
    return message
