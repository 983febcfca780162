"""An applicant asked for information is reminded before the deadline, until they answer."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail

from onboarding.applicants import workflow
from onboarding.applicants.models import Status
from onboarding.applicants.services import application_transition, private_link
from onboarding.core.models import Role
from onboarding.notifications.models import Message
from onboarding.notifications.services import message_send
from onboarding.reviews.models import ReviewCase
from onboarding.reviews.reminders import info_request_times
from onboarding.reviews.services import info_answer, review_decide
from tests.factories import UserFactory
from tests.reviews.factories import ReviewedApplicationFactory

PENDING, CANCELLED = Message.Status.PENDING, Message.Status.CANCELLED


pytestmark = pytest.mark.usefixtures("default_rules")


@pytest.fixture
def reviewer(db):
    return UserFactory(role=Role.REVIEWER, is_staff=True)


def _reminders(application, status=PENDING):
    return Message.objects.filter(
        event_key=f"info_request_unanswered:{application.pk}", status=status
    )


def _ask(application, reviewer, *, notify=True):
    review_decide(
        application_id=application.pk,
        actor=reviewer,
        action=workflow.Action.REQUEST_INFO,
        reason="Which city is your warehouse in?",
        notify=notify,
    )
    return ReviewCase.objects.get(application=application).decision_due_at


def test_asking_for_information_reminds_the_applicant_two_days_before_the_deadline(reviewer):
    application = ReviewedApplicationFactory(status=Status.IN_REVIEW, brand_name="Pantry")

    deadline = _ask(application, reviewer)

    reminder = _reminders(application).get()
    assert (reminder.kind, reminder.channel, reminder.recipient, reminder.language) == (
        "info_request_unanswered",
        "email",
        application.email,
        "en",
    )
    assert reminder.due_at == deadline - timedelta(days=2)
    assert (reminder.event_starts_at, reminder.event_ends_at) == (deadline, deadline)
    assert reminder.subject == "We are still waiting for your answer"
    assert "more information about Pantry. Please answer by" in reminder.body
    assert private_link(application) in reminder.body
    assert info_request_times(application.pk) == (deadline, deadline)


def test_the_reminder_speaks_the_applicants_language(reviewer):
    application = ReviewedApplicationFactory(status=Status.SUBMITTED, language="zh-hans")

    _ask(application, reviewer)

    reminder = _reminders(application).get()
    assert (reminder.language, reminder.subject) == ("zh-hans", "我们仍在等待您的回复")
    assert "在此回复" in reminder.body


def test_an_applicant_who_was_not_told_is_not_reminded(reviewer):
    application = ReviewedApplicationFactory(status=Status.IN_REVIEW)

    _ask(application, reviewer, notify=False)

    assert not Message.objects.exists()


def test_answering_cancels_the_reminder(reviewer):
    application = ReviewedApplicationFactory(status=Status.IN_REVIEW)
    _ask(application, reviewer)

    info_answer(application=application, text="Hangzhou.")

    assert not _reminders(application).exists()
    assert _reminders(application, CANCELLED).count() == 1
    assert info_request_times(application.pk) is None


def test_withdrawing_cancels_the_reminder(reviewer, api_client):
    application = ReviewedApplicationFactory(status=Status.IN_REVIEW)
    _ask(application, reviewer)

    response = api_client.post(f"/api/v1/applicant/{application.draft_token}/withdraw/")

    assert response.status_code == 200, response.json()
    assert not _reminders(application).exists()
    assert _reminders(application, CANCELLED).count() == 1


def test_a_decision_while_waiting_cancels_the_reminder(reviewer):
    application = ReviewedApplicationFactory(status=Status.IN_REVIEW)
    _ask(application, reviewer)

    application_transition(
        application_id=application.pk,
        action=workflow.Action.REJECT,
        actor_kind=Role.REVIEWER,
        actor=reviewer,
        reason="No answer.",
    )

    assert not _reminders(application).exists()


def test_asking_again_after_an_answer_reminds_again_for_the_new_deadline(reviewer):
    application = ReviewedApplicationFactory(status=Status.IN_REVIEW)
    _ask(application, reviewer)
    info_answer(application=application, text="Hangzhou.")

    with time_machine.travel(timedelta(days=1)):
        deadline = _ask(application, reviewer)

    assert list(_reminders(application).values_list("due_at", flat=True)) == [
        deadline - timedelta(days=2)
    ]


def test_a_due_reminder_goes_while_the_request_is_unanswered(reviewer):
    application = ReviewedApplicationFactory(status=Status.IN_REVIEW)
    _ask(application, reviewer)
    reminder = _reminders(application).get()
    mail.outbox.clear()

    with time_machine.travel(reminder.next_attempt_at + timedelta(seconds=1), tick=False):
        sent = message_send(message_id=reminder.pk)

    assert sent is True
    assert [m.subject for m in mail.outbox] == ["We are still waiting for your answer"]


def test_a_reminder_taken_for_sending_before_the_answer_is_not_sent(reviewer):
    application = ReviewedApplicationFactory(status=Status.IN_REVIEW)
    _ask(application, reviewer)
    reminder = _reminders(application).get()
    info_answer(application=application, text="Hangzhou.")
    # As if a sender had claimed it before the answer committed: the cancel only touches
    # pending rows, so only the send-time check stands between it and the applicant.
    Message.objects.filter(pk=reminder.pk).update(status=PENDING)
    mail.outbox.clear()

    with time_machine.travel(reminder.next_attempt_at + timedelta(seconds=1), tick=False):
        sent = message_send(message_id=reminder.pk)

    reminder.refresh_from_db()
    assert sent is False
    assert (reminder.status, reminder.note) == ("skipped", "The event was cancelled.")
    assert mail.outbox == []
