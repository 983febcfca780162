"""The periodic dispatcher: hand due rows to the broker, and settle claims of dead senders."""

import logging
import time
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onboarding.notifications import conf
from onboarding.notifications.channels import email, sms
from onboarding.notifications.models import Channel, Delivery, Message
from onboarding.notifications.services.outbox import enqueue
from onboarding.notifications.services.sending import message_record_failure, message_was_accepted

logger = logging.getLogger(__name__)


@dataclass
class DispatchResult:
    handed_over: int = 0
    more_due: bool = False


def messages_dispatch_due(*, batch_size: int | None = None) -> DispatchResult:
    """Hand every due pending row to the broker once, batch by batch, within a time budget.

    Two dispatchers at once (two beats, a slow run overlapping the next) take disjoint
    batches: rows locked by one are skipped by the other, and a row handed over is marked
    `queued_at`, so neither takes it again. The send task's claim is the final guard.
    """
    batch_size = batch_size or conf.dispatch_batch()
    messages_reexamine_stale(limit=batch_size)
    result = DispatchResult()
    deadline = time.monotonic() + conf.dispatch_budget()
    while True:
        ids = _claim_batch(batch_size)
        if not ids:
            return result
        handed = enqueue(ids)
        result.handed_over += handed
        if handed < len(ids):
            # The broker is away: give the rest back for the next run.
            Message.objects.filter(pk__in=ids[handed:], status=Message.Status.PENDING).update(
                queued_at=None
            )
            return result
        if len(ids) < batch_size:
            return result
        if time.monotonic() > deadline:
            result.more_due = True
            return result


def _claim_batch(limit: int) -> list[int]:
    now = timezone.now()
    with transaction.atomic():
        ids = list(
            Message.objects.select_for_update(skip_locked=True)
            .filter(status=Message.Status.PENDING, queued_at=None, next_attempt_at__lte=now)
            .order_by("next_attempt_at")
            .values_list("pk", flat=True)[:limit]
        )
        if len(ids) < limit:
            # Handed to the broker long ago and never taken: the task was lost (a flushed or
            # restored Redis). Handing it over again is safe; the send task claims once.
            ids += list(
                Message.objects.select_for_update(skip_locked=True)
                .filter(
                    status=Message.Status.PENDING,
                    queued_at__lt=now - conf.requeue_after(),
                    next_attempt_at__lte=now,
                )
                .order_by("queued_at")
                .values_list("pk", flat=True)[: limit - len(ids)]
            )
        if ids:
            Message.objects.filter(pk__in=ids).update(queued_at=now)
    return ids


def messages_reexamine_stale(*, limit: int = 500) -> int:
    """Settle `sending` claims whose sender died (SIGKILL, lost machine) mid-send.

    The sent log is asked first, then the provider where it can tell: a message it accepted
    is marked sent, not sent again. Otherwise the row goes back to pending; the resend carries
    the same idempotency key (Message-ID, SMS key, webhook delivery id).
    """
    now = timezone.now()
    settled = 0
    with transaction.atomic():
        stale = list(
            Message.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(status=Message.Status.SENDING, claimed_at__lt=now - conf.stale_claim())
            .select_related("endpoint")[:limit]
        )
        for message in stale:
            _settle(message)
            settled += 1
    if settled:
        logger.warning("re-examined %d message(s) whose sender stopped mid-send", settled)
    return settled


def _settle(message: Message) -> None:
    now = timezone.now()
    if message_was_accepted(message):
        Message.objects.filter(pk=message.pk).update(
            status=Message.Status.SENT, sent_at=now, updated_at=now
        )
        return
    accepted = _provider_accepted(message)
    if accepted:
        Delivery.objects.create(
            message=message,
            attempt=message.attempts,
            outcome=Delivery.Outcome.ACCEPTED,
            provider_id=_provider_id(message),
            detail=_("The sender stopped after the provider accepted it; not sent again."),
            started_at=message.claimed_at,
            finished_at=now,
        )
        Message.objects.filter(pk=message.pk).update(
            status=Message.Status.SENT, sent_at=now, updated_at=now, last_error=""
        )
        return
    if accepted is None:
        reason = _("The sender stopped mid-send and the provider cannot say whether it took it.")
    else:
        reason = _("The sender stopped before the provider took it.")
    message_record_failure(
        message=message, error=reason, started=message.claimed_at, outcome="interrupted"
    )
    # Back for another try now, not after a backoff: the failure was ours, not the provider's.
    # Due since the dead sender took it, so a reminder held up for long says it is late.
    Message.objects.filter(pk=message.pk, status=Message.Status.PENDING).update(
        next_attempt_at=message.claimed_at or now
    )


def _provider_accepted(message: Message) -> bool | None:
    try:
        if message.channel == Channel.EMAIL:
            return email.provider_accepted(message)
        if message.channel == Channel.SMS:
            return sms.gateway().accepted(idempotency_key=str(message.key))
    except Exception:
        logger.exception("could not ask the provider about message %s", message.pk)
    # In-app delivery commits with its sent mark; webhooks carry their delivery id.
    return None if message.channel != Channel.IN_APP else False


def _provider_id(message: Message) -> str:
    return email.message_id_for(message) if message.channel == Channel.EMAIL else ""
