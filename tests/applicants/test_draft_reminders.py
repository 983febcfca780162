"""An unfinished draft is reminded before applications close, once it has an e-mail to go to."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from onboarding.applicants.reminders import draft_times
from onboarding.applicants.services import (
    application_submit,
    draft_save,
    draft_start,
    private_link,
)
from onboarding.core.errors import Invalid
from onboarding.notifications.models import Message
from onboarding.notifications.services import message_send
from tests.factories import valid_answers, valid_applicant

PENDING, CANCELLED = Message.Status.PENDING, Message.Status.CANCELLED
ACCOUNTS = [{"platform": "douyin", "handle": "mountainpantry", "followers": 52000}]

pytestmark = pytest.mark.usefixtures("default_rules")


def _reminders(draft, status=PENDING):
    return Message.objects.filter(event_key=f"draft_unfinished:{draft.pk}", status=status)


def _save(draft, **applicant):
    return draft_save(application=draft, applicant_data=applicant)


def _submit(draft, **overrides):
    return application_submit(
        campaign=draft.campaign,
        applicant_data=valid_applicant(**overrides),
        social_accounts=ACCOUNTS,
        answers=valid_answers(),
        consent=True,
        language="en",
        draft=draft,
    )


def test_a_draft_without_an_email_is_not_reminded(campaign):
    draft = draft_start(campaign=campaign, language="en")

    _save(draft, full_name="Chen Min", company_name="Mountain Pantry Co.")

    assert not Message.objects.exists()
    assert draft_times(draft.pk) is None


def test_saving_an_email_writes_one_reminder_two_days_before_applications_close(campaign):
    draft = draft_start(campaign=campaign, language="en")

    _save(draft, full_name="Chen Min", email="Chen.Min@Example.com", brand_name="Mountain Pantry")

    reminder = _reminders(draft).get()
    closes = campaign.application_closes_at
    assert (reminder.kind, reminder.channel, reminder.recipient, reminder.language) == (
        "draft_unfinished",
        "email",
        "chen.min@example.com",
        "en",
    )
    assert reminder.due_at == closes - timedelta(days=2)
    assert (reminder.event_starts_at, reminder.event_ends_at) == (closes, closes)
    assert reminder.subject == "Your application is not finished yet"
    assert "Hello Chen Min," in reminder.body
    assert "your application Mountain Pantry is still a draft" in reminder.body
    assert private_link(draft) in reminder.body
    assert draft_times(draft.pk) == (closes, closes)


def test_a_draft_started_with_an_email_is_reminded_at_once(campaign):
    draft = draft_start(
        campaign=campaign,
        language="zh-hans",
        applicant_data={"full_name": "陈敏", "email": "chen.min@example.com"},
    )

    reminder = _reminders(draft).get()
    assert (reminder.recipient, reminder.language) == ("chen.min@example.com", "zh-hans")
    assert reminder.subject == "您的申请尚未完成"
    assert "陈敏 您好" in reminder.body


def test_autosaves_that_leave_the_reader_alone_write_nothing(campaign):
    draft = draft_start(campaign=campaign, language="en")
    _save(draft, full_name="Chen Min", email="chen.min@example.com")
    first = _reminders(draft).get()

    _save(draft, full_name="Chen Min", email="chen.min@example.com")
    _save(draft, company_name="Mountain Pantry Co.", products="Smoked tea")
    draft_save(application=draft, applicant_data={}, answers={"weekly_events": 3})

    assert list(Message.objects.values_list("pk", "status", "updated_at")) == [
        (first.pk, PENDING, first.updated_at)
    ]


def test_a_new_email_moves_the_reminder_to_it(campaign):
    draft = draft_start(campaign=campaign, language="en")
    _save(draft, full_name="Chen Min", email="chen.min@example.com")

    _save(draft, email="min.chen@example.com")

    assert list(_reminders(draft).values_list("recipient", flat=True)) == ["min.chen@example.com"]
    assert list(_reminders(draft, CANCELLED).values_list("recipient", flat=True)) == [
        "chen.min@example.com"
    ]


def test_a_new_name_rewrites_the_reminder(campaign):
    draft = draft_start(campaign=campaign, language="en")
    _save(draft, full_name="Chen", email="chen.min@example.com")

    _save(draft, full_name="Chen Min")

    assert "Hello Chen Min," in _reminders(draft).get().body
    assert _reminders(draft, CANCELLED).count() == 1


def test_clearing_the_email_cancels_the_reminder(campaign):
    draft = draft_start(campaign=campaign, language="en")
    _save(draft, full_name="Chen Min", email="chen.min@example.com")

    _save(draft, email="")

    assert not _reminders(draft).exists()
    assert _reminders(draft, CANCELLED).count() == 1
    assert draft_times(draft.pk) is None


def test_sending_the_draft_cancels_its_reminder(campaign):
    draft = draft_start(campaign=campaign, language="en")
    _save(draft, full_name="Chen Min", email="chen.min@example.com")

    _submit(draft)

    assert not _reminders(draft).exists()
    assert _reminders(draft, CANCELLED).get().note == "The application was sent."
    assert draft_times(draft.pk) is None


def test_a_refused_submission_keeps_the_reminder(campaign):
    draft = draft_start(campaign=campaign, language="en")
    _save(draft, full_name="Chen Min", email="chen.min@example.com")

    with pytest.raises(Invalid):
        _submit(draft, company_name="")

    assert _reminders(draft).count() == 1
    assert draft_times(draft.pk) is not None


def test_a_draft_whose_applications_close_within_two_days_is_not_reminded(campaign):
    campaign.application_closes_at = timezone.now() + timedelta(days=1, hours=23)
    campaign.save()
    draft = draft_start(campaign=campaign, language="en")

    _save(draft, full_name="Chen Min", email="chen.min@example.com")

    assert not Message.objects.exists()


def test_the_api_autosave_writes_the_reminder(api_client, campaign):
    token = api_client.post("/api/v1/drafts/", {"campaign": campaign.slug}, format="json").json()[
        "token"
    ]

    saved = api_client.patch(
        f"/api/v1/drafts/{token}/",
        {"applicant": {"full_name": "Chen Min", "email": "chen.min@example.com"}},
        format="json",
    )

    assert saved.status_code == 200, saved.json()
    reminder = Message.objects.get(kind="draft_unfinished")
    assert reminder.recipient == "chen.min@example.com"
    assert token in reminder.body


def test_the_page_autosave_writes_the_reminder_once(client, campaign):
    opened = client.post(
        reverse("portal:apply-autosave", args=[campaign.slug]), {"full_name": "Chen Min"}
    )
    autosave = opened.json()["autosave_url"]

    for _ in range(3):
        saved = client.post(autosave, {"full_name": "Chen Min", "email": "chen.min@example.com"})
        assert saved.status_code == 200, saved.json()

    reminder = Message.objects.get()
    assert (reminder.kind, reminder.recipient) == ("draft_unfinished", "chen.min@example.com")


def test_a_due_reminder_goes_while_the_draft_is_unfinished(campaign):
    draft = draft_start(campaign=campaign, language="en")
    _save(draft, full_name="Chen Min", email="chen.min@example.com")
    reminder = _reminders(draft).get()

    with time_machine.travel(reminder.next_attempt_at + timedelta(seconds=1), tick=False):
        sent = message_send(message_id=reminder.pk)

    assert sent is True
    assert [m.subject for m in mail.outbox] == ["Your application is not finished yet"]


def test_a_reminder_taken_for_sending_before_the_submission_is_not_sent(campaign):
    draft = draft_start(campaign=campaign, language="en")
    _save(draft, full_name="Chen Min", email="chen.min@example.com")
    reminder = _reminders(draft).get()
    _submit(draft)
    # As if a sender had claimed it before the submission committed: the cancel only touches
    # pending rows, so only the send-time check stands between it and the applicant.
    Message.objects.filter(pk=reminder.pk).update(status=PENDING)

    with time_machine.travel(reminder.next_attempt_at + timedelta(seconds=1), tick=False):
        sent = message_send(message_id=reminder.pk)

    reminder.refresh_from_db()
    assert sent is False
    assert (reminder.status, reminder.note) == ("skipped", "The event was cancelled.")
    assert [m for m in mail.outbox if m.subject.startswith("Your application is not")] == []


def test_a_campaign_switched_off_reminds_no_draft(campaign):
    draft = draft_start(campaign=campaign, language="en")
    _save(draft, email="chen.min@example.com")
    assert draft_times(draft.pk) is not None

    campaign.is_active = False
    campaign.save()

    assert draft_times(draft.pk) is None
