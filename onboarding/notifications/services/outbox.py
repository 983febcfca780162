"""Writing to the outbox, inside the caller's transaction, and handing rows to the broker."""

import logging
from datetime import datetime

from django.db import transaction
from django.db.models.constants import OnConflict
from django.utils import timezone

from onboarding.notifications import conf
from onboarding.notifications.models import Channel, Message
from onboarding.notifications.models.outbox import LIVE_STATUSES

logger = logging.getLogger(__name__)


def message_schedule(
    *,
    kind: str,
    recipient: str,
    language: str,
    subject: str,
    body: str,
    dedupe_key: str,
) -> Message:
    """Write a one-off e-mail to the outbox; once the transaction commits, hand it to a worker.

    The same `dedupe_key` twice is one message. Call it inside the transaction of the change
    that causes it: if that rolls back, there is no message and nothing is sent.
    """
    now = timezone.now()
    row = Message(
        kind=kind,
        channel=Channel.EMAIL,
        recipient=recipient,
        language=language,
        subject=subject[:200],
        body=body,
        dedupe_key=dedupe_key,
        due_at=now,
        next_attempt_at=now,
    )
    if not _insert_unless_taken(row):
        return Message.objects.get(dedupe_key=dedupe_key, status__in=LIVE_STATUSES)
    enqueue_on_commit([row.pk])
    return row


def _insert_unless_taken(row: Message) -> bool:
    """Write the row unless its unique key is taken: whether it was written (and has its id)."""
    written = insert_unless_taken([row])
    if not written:
        return False
    row.pk = written[0][0]
    row._state.adding = False
    row._state.db = Message.objects.db
    return True


def insert_unless_taken(rows: list[Message]) -> list[tuple[int, datetime]]:
    """INSERT … ON CONFLICT DO NOTHING RETURNING id, next_attempt_at: each written row's id and
    send time, in one statement. A row whose unique key is taken is left out.

    A duplicate leaves the caller's transaction usable (a savepoint around `save()` to survive
    one was three statements). It is the insert that `save()` and `bulk_create()` make (their
    `_insert`), asked to return what `bulk_create(ignore_conflicts=True)` does not.
    """
    if not rows:
        return []
    meta = Message._meta
    fields = [f for f in meta.local_concrete_fields if not f.generated and f is not meta.auto_field]
    returned = Message.objects._insert(  # type: ignore[attr-defined]
        rows,
        fields=fields,
        returning_fields=[meta.pk, meta.get_field("next_attempt_at")],
        on_conflict=OnConflict.IGNORE,
    )
    # One row refused comes back as [None], not [].
    return [(row[0], row[1]) for row in returned or () if row and row[0] is not None]


def enqueue_on_commit(message_ids: list[int]) -> None:
    if message_ids:
        transaction.on_commit(lambda: enqueue(message_ids))


def enqueue(message_ids: list[int]) -> int:
    """Hand rows to the broker; how many it took. Never raises.

    When the broker is away the rows stay pending and the periodic dispatcher sends them once
    it is back: the write that caused them has already succeeded and must stay so.
    """
    from onboarding.notifications.tasks import message_send_task, messages_send_task

    chunk = conf.send_chunk()
    sent = 0
    try:
        with message_send_task.app.producer_or_acquire() as producer:
            # One quick try to reach the broker, not kombu's default of several seconds of
            # retries: the caller is often a web request that has already committed.
            producer.connection.ensure_connection(
                max_retries=1, interval_start=0, interval_step=0, timeout=1
            )
            for first in range(0, len(message_ids), chunk):
                ids = message_ids[first : first + chunk]
                # retry=False: fail at once rather than hold a web request while Redis is down.
                if len(ids) == 1:
                    message_send_task.apply_async((ids[0],), producer=producer, retry=False)
                else:
                    messages_send_task.apply_async((ids,), producer=producer, retry=False)
                sent += len(ids)
    except Exception as exc:  # the broker's errors are many (redis, kombu, OSError)
        logger.warning(
            "could not hand %d message(s) to the broker (%s); the dispatcher will send them",
            len(message_ids) - sent,
            exc,
        )
    return sent
