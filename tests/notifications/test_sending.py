"""Sending one row, in this process: the claim, the send-time check, failures and the sent log."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.mail import EmailMessage, get_connection
from django.utils import timezone

from onboarding.core.models import AuditEntry
from onboarding.notifications import services
from onboarding.notifications.channels.email import message_id_for
from onboarding.notifications.models import Delivery, Message, Notification
from onboarding.notifications.registry import EventState
from tests.factories import UserFactory
from tests.notifications.backends import mail_files
from tests.notifications.conftest import due_message

pytestmark = pytest.mark.django_db


def _reminder(events, *, starts_in=timedelta(hours=1), length=timedelta(hours=1), **fields):
    now = timezone.now()
    starts = now + starts_in
    events["7"] = EventState(starts_at=starts, ends_at=starts + length)
    fields.setdefault("due_at", starts - timedelta(hours=1))
    return due_message(
        kind="demo_event",
        event_key="demo_event:7",
        event_starts_at=starts,
        event_ends_at=starts + length,
        **fields,
    )


def test_a_due_message_is_sent_once_with_a_message_id_from_its_row():
    message = due_message(subject="Your show", body="See you at 19:00.")

    first = services.message_send(message_id=message.pk)
    second = services.message_send(message_id=message.pk)

    assert (first, second) == (True, False)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].extra_headers["Message-ID"] == message_id_for(message)
    assert str(message.key) in message_id_for(message)
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Message.Status.SENT, 1)
    receipt = Delivery.objects.get(message=message)
    assert (receipt.outcome, receipt.provider_id) == ("accepted", message_id_for(message))


def test_a_message_held_for_later_is_not_sent_by_an_early_task():
    message = due_message(next_attempt_at=timezone.now() + timedelta(minutes=5))

    assert services.message_send(message_id=message.pk) is False

    assert mail.outbox == []
    message.refresh_from_db()
    assert message.status == Message.Status.PENDING


class TestNeverAfterTheEvent:
    def test_a_reminder_for_a_cancelled_event_is_not_sent(self, event_sources):
        message = _reminder(event_sources)
        event_sources["7"] = None

        assert services.message_send(message_id=message.pk) is False

        message.refresh_from_db()
        assert mail.outbox == []
        assert (message.status, message.note) == ("skipped", "The event was cancelled.")

    def test_a_reminder_for_a_moved_event_is_not_sent(self, event_sources):
        message = _reminder(event_sources)
        state = event_sources["7"]
        event_sources["7"] = EventState(
            state.starts_at + timedelta(days=1), state.ends_at + timedelta(days=1)
        )

        services.message_send(message_id=message.pk)

        message.refresh_from_db()
        assert mail.outbox == []
        assert (message.status, message.note) == ("skipped", "The event was moved.")

    def test_a_reminder_that_went_by_while_we_were_down_is_sent_late_saying_so(self, event_sources):
        # Given a reminder due 40 minutes ago, for an event that has started but not ended
        message = _reminder(
            event_sources,
            starts_in=-timedelta(minutes=10),
            next_attempt_at=timezone.now() - timedelta(minutes=40),
            body="Your show starts at 19:00.",
        )

        services.message_send(message_id=message.pk)

        (sent,) = mail.outbox
        assert sent.body.startswith("This reminder is late: it was meant to reach you ")
        assert sent.body.endswith("Your show starts at 19:00.")
        message.refresh_from_db()
        assert (message.status, message.note) == ("sent", "Sent late.")

    def test_a_reminder_whose_event_is_over_is_dropped(self, event_sources):
        message = _reminder(event_sources, starts_in=-timedelta(hours=3))

        services.message_send(message_id=message.pk)

        message.refresh_from_db()
        assert mail.outbox == []
        assert (message.status, message.note) == ("skipped", "The event was already over.")

    def test_without_a_registered_source_the_stored_times_still_stop_it(self):
        starts = timezone.now() - timedelta(hours=3)
        message = due_message(
            due_at=starts - timedelta(hours=1),
            event_key="unregistered_kind:1",
            event_starts_at=starts,
            event_ends_at=starts + timedelta(hours=1),
        )

        services.message_send(message_id=message.pk)

        message.refresh_from_db()
        assert mail.outbox == [] and message.status == "skipped"

    def test_a_reminder_meant_for_after_the_event_still_goes(self, event_sources):
        # "Record the outcome", due 2 hours after the show ended
        starts = timezone.now() - timedelta(hours=3)
        event_sources["7"] = EventState(starts, starts + timedelta(hours=1))
        message = due_message(
            event_key="demo_event:7",
            event_starts_at=starts,
            event_ends_at=starts + timedelta(hours=1),
            due_at=starts + timedelta(hours=3),
        )

        assert services.message_send(message_id=message.pk) is True


class TestFailures:
    def test_a_refusing_provider_is_retried_with_growing_backoff_then_left_failed(self, settings):
        settings.EMAIL_BACKEND = "tests.notifications.backends.BrokenBackend"
        settings.NOTIFICATIONS_MAX_ATTEMPTS = 3
        message = due_message()
        waits = []

        for _attempt in range(3):
            row = Message.objects.get(pk=message.pk)
            with time_machine.travel(row.next_attempt_at + timedelta(seconds=1), tick=False):
                assert services.message_send(message_id=message.pk) is False
                row.refresh_from_db()
                waits.append((row.next_attempt_at - timezone.now()).total_seconds())

        message.refresh_from_db()
        assert message.status == Message.Status.FAILED
        assert message.attempts == 3
        assert "mail server refused the connection" in message.last_error
        assert waits[:2] == [30, 60]
        assert list(message.deliveries.values_list("outcome", flat=True)) == ["failed"] * 3

    def test_staff_resend_gives_a_failed_message_new_attempts_and_is_audited(self, settings):
        settings.EMAIL_BACKEND = "tests.notifications.backends.BrokenBackend"
        settings.NOTIFICATIONS_MAX_ATTEMPTS = 1
        message = due_message()
        services.message_send(message_id=message.pk)
        staff = UserFactory(role="admin", is_staff=True)
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

        services.message_resend(message_id=message.pk, actor=staff)
        services.message_send(message_id=message.pk)

        message.refresh_from_db()
        assert (message.status, message.attempts) == ("sent", 1)
        assert len(mail.outbox) == 1
        entry = AuditEntry.objects.get(object_id=message.pk, action="resend")
        assert (entry.actor, entry.from_state, entry.to_state) == (staff, "failed", "pending")

    def test_resend_of_a_message_the_provider_took_marks_it_sent_instead(self):
        message = due_message(status=Message.Status.FAILED, attempts=5)
        Delivery.objects.create(
            message=message, attempt=4, outcome="accepted", finished_at=timezone.now()
        )

        services.message_resend(message_id=message.pk, actor=None)

        message.refresh_from_db()
        assert message.status == Message.Status.SENT
        assert mail.outbox == []


class TestASenderThatDied:
    """A `sending` claim older than the stale timeout: the sender was killed mid-send."""

    def _stale(self, **fields):
        claimed = timezone.now() - timedelta(minutes=10)
        return due_message(status=Message.Status.SENDING, attempts=1, claimed_at=claimed, **fields)

    def test_what_the_provider_says_it_took_is_marked_sent_and_not_sent_again(
        self, settings, tmp_path
    ):
        # Given a provider that can tell, and which holds the e-mail of a dead sender
        settings.EMAIL_BACKEND = "tests.notifications.backends.ReceiptDirBackend"
        settings.EMAIL_FILE_PATH = str(tmp_path)
        taken, lost = self._stale(recipient="a@example.com"), self._stale(recipient="b@example.com")
        headers = {"Message-ID": message_id_for(taken)}
        get_connection().send_messages(
            [EmailMessage("Hi", "Hi", to=["a@example.com"], headers=headers)]
        )

        # When the dispatcher re-examines stale claims, then sends what is due
        assert services.messages_reexamine_stale() == 2
        for row in (taken, lost):
            services.message_send(message_id=row.pk)

        # Then the taken one is sent without a second e-mail, the lost one is sent once
        taken.refresh_from_db()
        lost.refresh_from_db()
        assert (taken.status, lost.status) == ("sent", "sent")
        names = [path.name.split(".")[0] for path in mail_files(tmp_path)]
        assert names.count(str(taken.key) + "@example") == 1
        assert names.count(str(lost.key) + "@example") == 1
        assert list(lost.deliveries.values_list("outcome", flat=True)) == [
            "interrupted",
            "accepted",
        ]

    def test_when_the_provider_cannot_tell_it_is_resent_with_the_same_message_id(self):
        message = self._stale()

        services.messages_reexamine_stale()
        services.message_send(message_id=message.pk)

        message.refresh_from_db()
        assert message.status == "sent"
        assert mail.outbox[0].extra_headers["Message-ID"] == message_id_for(message)
        interrupted = message.deliveries.get(outcome="interrupted")
        assert "cannot say" in interrupted.detail

    def test_a_claim_younger_than_the_timeout_is_left_alone(self):
        message = due_message(status=Message.Status.SENDING, attempts=1, claimed_at=timezone.now())

        assert services.messages_reexamine_stale() == 0

        message.refresh_from_db()
        assert message.status == Message.Status.SENDING

    def test_a_sender_that_outlived_its_claim_finds_the_receipt_and_does_not_send(self):
        # The row was sent (receipt written) but its status was lost with the sender's
        # transaction; a later attempt must not send it again
        message = due_message(attempts=1)
        Delivery.objects.create(
            message=message, attempt=1, outcome="accepted", finished_at=timezone.now()
        )

        assert services.message_send(message_id=message.pk) is False

        message.refresh_from_db()
        assert message.status == "sent"
        assert mail.outbox == []


class TestChannels:
    def test_sms_goes_through_the_gateway_with_the_rows_key(self, fake_sms):
        message = due_message(channel="sms", recipient="+8613900000000", body="Show at 19:00")

        services.message_send(message_id=message.pk)

        assert fake_sms.sent == {str(message.key): ("+8613900000000", "Show at 19:00")}

    def test_in_app_delivery_writes_one_notification(self):
        user = UserFactory()
        message = due_message(
            channel="in_app", recipient=f"user:{user.pk}", user=user, subject="Show soon"
        )

        services.message_send(message_id=message.pk)
        services.message_send(message_id=message.pk)

        notification = Notification.objects.get(user=user)
        assert (notification.title, notification.message_id) == ("Show soon", message.pk)
        assert notification.read_at is None


class TestSendTasksWithSeveralIds:
    def test_each_id_is_claimed_on_its_own_and_taken_ones_are_left(self):
        # Given four rows: two pending, one another sender holds, one already sent
        free = [due_message(recipient=f"free{n}@example.com") for n in range(2)]
        held = due_message(status=Message.Status.SENDING, attempts=1, claimed_at=timezone.now())
        done = due_message(status=Message.Status.SENT, attempts=1)

        sent = services.messages_send(message_ids=[free[0].pk, held.pk, done.pk, free[1].pk])

        assert sent == 2
        assert sorted(m.to[0] for m in mail.outbox) == ["free0@example.com", "free1@example.com"]
        held.refresh_from_db()
        assert held.status == Message.Status.SENDING

    def test_a_slow_provider_gives_the_rest_of_the_chunk_back_for_the_next_run(self, settings):
        settings.NOTIFICATIONS_SEND_SECONDS = 0
        rows = [
            due_message(recipient=f"r{n}@example.com", queued_at=timezone.now()) for n in range(3)
        ]

        sent = services.messages_send(message_ids=[row.pk for row in rows])

        assert sent == 1
        rest = Message.objects.filter(pk__in=[rows[1].pk, rows[2].pk])
        assert {(m.status, m.attempts, m.queued_at) for m in rest} == {("pending", 0, None)}
