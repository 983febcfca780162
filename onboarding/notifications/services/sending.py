"""Sending one outbox row: claim it, re-read its event, hand it to its channel, record it."""

import logging
import time
from dataclasses import dataclass
from datetime import datetime

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from onboarding.notifications import conf, registry
from onboarding.notifications.channels import PermanentFailure, email, sms, webhook
from onboarding.notifications.models import Channel, Delivery, Message, Notification
from onboarding.notifications.timefmt import local_time

logger = logging.getLogger(__name__)

# One statement claims the row and reads it: of two workers holding the same id, exactly one
# gets a row back. `next_attempt_at` keeps a task that arrives early (a redelivery, a resend
# racing a backoff) from sending before the row's time.
_FIELDS = Message._meta.concrete_fields
# Every concrete field has a column; the filter only tells the type checker so.
_COLUMNS = [field.column for field in _FIELDS if field.column]
_CLAIM_SQL = f"""
    UPDATE {Message._meta.db_table}
    SET status = %s, claimed_at = %s, attempts = attempts + 1, queued_at = NULL, updated_at = %s
    WHERE id = ANY(%s) AND status = %s AND next_attempt_at <= %s
    RETURNING {", ".join(_COLUMNS)}
"""


@dataclass(frozen=True)
class Verdict:
    send: bool
    note: str = ""
    late_since: datetime | None = None


def messages_claim(*, message_ids: list[int], now: datetime) -> list[Message]:
    """Take the pending, due rows among these for sending; rows another sender has are left."""
    with connection.cursor() as cursor:
        cursor.execute(
            _CLAIM_SQL,
            [Message.Status.SENDING, now, now, list(message_ids), Message.Status.PENDING, now],
        )
        rows = cursor.fetchall()
    names = [f.attname for f in _FIELDS]
    claimed = {row.pk: row for row in (Message.from_db(connection.alias, names, r) for r in rows)}
    return [claimed[pk] for pk in message_ids if pk in claimed]


def message_send(*, message_id: int) -> bool:
    """Send one message if it is pending and due; True when this call sent it."""
    return messages_send(message_ids=[message_id]) == 1


def messages_send(*, message_ids: list[int]) -> int:
    """Send each of these messages that is pending and due, in order; how many were sent.

    All are claimed in one statement, then sent one by one, each recorded as soon as its
    provider took it. A sender that dies part-way leaves the rest `sending`, and the
    dispatcher settles them like any dead sender's (the task's time limit keeps the whole
    batch well inside the stale-claim timeout).
    """
    started = timezone.now()
    claimed = messages_claim(message_ids=message_ids, now=started)
    deadline = time.monotonic() + conf.send_budget()
    sent = 0
    for position, message in enumerate(claimed):
        if position and time.monotonic() > deadline:
            # A slow provider: give the rest back before the task's time limit stops us.
            _release([m.pk for m in claimed[position:]], claimed_at=started)
            break
        sent += _send_claimed(message)
    return sent


def _release(message_ids: list[int], *, claimed_at: datetime) -> None:
    Message.objects.filter(
        pk__in=message_ids, status=Message.Status.SENDING, claimed_at=claimed_at
    ).update(
        status=Message.Status.PENDING,
        attempts=F("attempts") - 1,
        claimed_at=None,
        queued_at=None,
        updated_at=timezone.now(),
    )


def _send_claimed(message: Message) -> bool:
    started = timezone.now()
    try:
        verdict = event_verdict(message, now=started)
        if not verdict.send:
            _finish_skipped(message, verdict.note)
            return False
        # A row claimed before may have reached the provider: its receipt says so.
        if message.attempts > 1 and message_was_accepted(message):
            _finish_sent(message, provider_id="", started=started, note=_("Sent before."))
            return False
        body = _body_with_late_line(message, verdict)
        if message.channel == Channel.IN_APP:
            _deliver_in_app(message, body=body, started=started)
            return True
        provider_id = _hand_to_provider(message, body=body)
    except Exception as exc:
        message_record_failure(
            message=message,
            error=f"{type(exc).__name__}: {exc}",
            permanent=isinstance(exc, PermanentFailure),
            started=started,
        )
        return False
    # The provider has it: record that before the task is acknowledged (acks_late), in one
    # transaction with the receipt, so a redelivered task finds the row sent.
    _finish_sent(message, provider_id=provider_id, started=started, note=verdict.note)
    return True


def event_verdict(message: Message, *, now: datetime) -> Verdict:
    """Never after the event: re-read it, and refuse if it is cancelled, moved or over."""
    if not message.event_key:
        return Verdict(send=True)
    starts_at, ends_at = message.event_starts_at, message.event_ends_at
    try:
        state = registry.event_state(message.event_kind, message.event_id)
    except registry.NotRegistered:
        # No source to ask: the times stored with the message stand.
        over_at = ends_at if starts_at is not None else None
    else:
        if state is None:
            return Verdict(send=False, note=_("The event was cancelled."))
        if isinstance(state, registry.Gone):
            return Verdict(send=False, note=state.note)
        if (state.starts_at, state.ends_at) != (starts_at, ends_at):
            # Whoever moved it rescheduled its reminders (reminders_reschedule) in that write.
            return Verdict(send=False, note=_("The event was moved."))
        over_at = state.ends_at
    # Reminders meant for after the event (record the outcome) are exempt.
    if over_at is not None and now >= over_at and message.due_at < over_at:
        return Verdict(send=False, note=_("The event was already over."))
    if now - message.next_attempt_at > conf.late_after():
        return Verdict(send=True, note=_("Sent late."), late_since=message.next_attempt_at)
    return Verdict(send=True)


def _body_with_late_line(message: Message, verdict: Verdict) -> str:
    if verdict.late_since is None:
        return message.body
    with translation.override(message.language):
        zone = message.recipient_timezone or conf.default_timezone()
        line = _("This reminder is late: it was meant to reach you %(when)s.") % {
            "when": local_time(verdict.late_since, zone=zone, language=message.language)
        }
    return f"{line}\n\n{message.body}"


def message_was_accepted(message: Message) -> bool:
    """Whether the sent log shows a provider took this message (then it is never sent again)."""
    return Delivery.objects.filter(message=message, outcome=Delivery.Outcome.ACCEPTED).exists()


def _hand_to_provider(message: Message, *, body: str) -> str:
    if message.channel == Channel.EMAIL:
        return email.send(message, body=body)
    if message.channel == Channel.SMS:
        return sms.gateway().send(to=message.recipient, text=body, idempotency_key=str(message.key))
    if message.channel == Channel.WEBHOOK:
        endpoint = message.endpoint
        if endpoint is None or not endpoint.is_active:
            raise PermanentFailure(_("The webhook endpoint was removed or switched off."))
        return webhook.post(
            url=endpoint.url,
            secret=endpoint.secret,
            body=message.body.encode(),
            event_type=message.kind,
            delivery_id=str(message.key),
        )
    raise PermanentFailure(f"unknown channel {message.channel!r}")


def _deliver_in_app(message: Message, *, body: str, started: datetime) -> None:
    # The notification and the sent mark commit together: in-app delivery is exactly once.
    with transaction.atomic():
        Notification.objects.get_or_create(
            message=message,
            defaults={
                "user_id": message.user_id,
                "kind": message.kind,
                "title": message.subject,
                "body": body,
            },
        )
        _finish_sent(message, provider_id=f"notification:{message.pk}", started=started, note="")


# The receipt and the sent mark in one statement, hence one transaction and one round trip
# (this runs once per message). ON CONFLICT DO NOTHING: a receipt already there means an
# earlier attempt got through, and the row is marked sent all the same.
_SENT_SQL = f"""
    WITH receipt AS (
        INSERT INTO {Delivery._meta.db_table}
            (message_id, attempt, outcome, provider_id, detail, started_at, finished_at)
        VALUES (%s, %s, %s, %s, '', %s, %s)
        ON CONFLICT DO NOTHING
    )
    UPDATE {Message._meta.db_table}
    SET status = %s, sent_at = %s, last_error = '', note = %s, updated_at = %s
    WHERE id = %s AND status = %s AND attempts = %s
"""


def _finish_sent(message: Message, *, provider_id: str, started: datetime, note: str) -> None:
    """Write the receipt and mark the row sent, atomically."""
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            _SENT_SQL,
            [
                message.pk,
                message.attempts,
                Delivery.Outcome.ACCEPTED,
                provider_id[:200],
                started,
                now,
                Message.Status.SENT,
                now,
                note,
                now,
                message.pk,
                Message.Status.SENDING,
                message.attempts,
            ],
        )
        updated = cursor.rowcount
    if not updated:
        # Only a sender that outlived its claim gets here (see conf.stale_claim).
        logger.warning("message %s was sent after its claim had been taken over", message.pk)


def _finish_skipped(message: Message, note: str) -> None:
    now = timezone.now()
    with transaction.atomic():
        Delivery.objects.create(
            message=message,
            attempt=message.attempts,
            outcome=Delivery.Outcome.SKIPPED,
            detail=note,
            finished_at=now,
        )
        Message.objects.filter(
            pk=message.pk, status=Message.Status.SENDING, attempts=message.attempts
        ).update(status=Message.Status.SKIPPED, note=note, updated_at=now)


def message_record_failure(
    *,
    message: Message,
    error: str,
    permanent: bool = False,
    started: datetime | None = None,
    outcome: str = Delivery.Outcome.FAILED,
) -> None:
    """Give a claimed row back for a later try with backoff, or leave it failed for good."""
    now = timezone.now()
    final = permanent or message.attempts >= conf.max_attempts()
    status = Message.Status.FAILED if final else Message.Status.PENDING
    with transaction.atomic():
        Delivery.objects.create(
            message=message,
            attempt=message.attempts,
            outcome=outcome,
            detail=error[:2000],
            started_at=started,
            finished_at=now,
        )
        Message.objects.filter(
            pk=message.pk, status=Message.Status.SENDING, attempts=message.attempts
        ).update(
            status=status,
            next_attempt_at=now + conf.retry_backoff(message.attempts),
            queued_at=None,
            last_error=error[:2000],
            updated_at=now,
        )
    if final:
        logger.warning("message %s failed for good: %s", message.pk, error)
