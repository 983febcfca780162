"""Scheduling reminders: rules and templates as data, people's languages, zones and channels."""

import uuid
from datetime import timedelta

import pytest
import time_machine
from django.db import IntegrityError, transaction

from onboarding.notifications.models import Message, MessageTemplate, ReminderRule
from onboarding.notifications.services import (
    Recipient,
    ReminderEvent,
    message_schedule,
    reminders_cancel,
    reminders_reschedule,
    reminders_schedule,
)
from tests.factories import CampaignFactory, UserFactory
from tests.notifications.conftest import at

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("default_rules")]

# 19:00 in Shanghai on 20 May 2027; "now" is two days before, at 10:00 in Shanghai.
STARTS, ENDS = at(11), at(12)
NOW = at(2, day=18)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _ceo(**preference):
    user = UserFactory(language="zh-hans", timezone="Asia/Shanghai", first_name="Min")
    if preference:
        from onboarding.notifications.models import NotificationPreference

        NotificationPreference.objects.create(user=user, **preference)
    return user


def _schedule(recipients, *, kind="training_session", campaign_id=None, **times):
    return reminders_schedule(
        event=ReminderEvent(
            event_kind=kind,
            event_id=42,
            starts_at=times.get("starts_at", STARTS),
            ends_at=times.get("ends_at", ENDS),
            campaign_id=campaign_id,
            recipients=recipients,
            context={"title": "Live selling 101", "location": "Studio 3, Hangzhou"},
            event_timezone="Asia/Shanghai",
        ),
    )


def test_each_person_gets_the_rules_reminders_in_their_language_and_channels():
    # Given a CEO who reads Chinese and chose in-app and SMS, and a guest in Berlin (e-mail only)
    ceo = _ceo(channels=["in_app", "sms"], phone="+8613900000000")
    guest = Recipient(email="guest@example.com", language="en", timezone="Europe/Berlin")

    # When a training session is scheduled under the default rules (24 h: e-mail and in-app;
    # 1 h, urgent: e-mail, in-app and SMS)
    rows = _schedule([Recipient(user_id=ceo.pk), guest])

    # Then the CEO gets 2 + 3 rows, the guest one e-mail per rule
    mine = sorted((m.due_at, m.channel) for m in rows if m.user_id == ceo.pk)
    assert mine == [
        (STARTS - timedelta(days=1), "email"),
        (STARTS - timedelta(days=1), "in_app"),
        (STARTS - timedelta(hours=1), "email"),
        (STARTS - timedelta(hours=1), "in_app"),
        (STARTS - timedelta(hours=1), "sms"),
    ]
    theirs = sorted((m.due_at, m.channel, m.recipient) for m in rows if m.user_id is None)
    assert theirs == [
        (STARTS - timedelta(days=1), "email", "guest@example.com"),
        (STARTS - timedelta(hours=1), "email", "guest@example.com"),
    ]
    sms = next(m for m in rows if m.channel == "sms")
    assert sms.recipient == "+8613900000000"
    # And each reads their own language, with the time where it happens and, if different, theirs
    chinese = next(m for m in rows if m.user_id == ceo.pk and m.channel == "email")
    assert chinese.language == "zh-hans"
    assert "培训课程 Live selling 101" in chinese.body
    assert "19:00" in chinese.body and "Berlin" not in chinese.body
    english = next(m for m in rows if m.user_id is None)
    assert english.language == "en"
    assert english.subject.startswith("Reminder: Live selling 101 starts in 1 day")
    assert "19:00 (Shanghai time, where it happens); 13:00 (Berlin time, yours)" in english.body
    assert "Where: Studio 3, Hangzhou" in english.body


def test_email_always_goes_even_to_someone_who_chose_only_in_app():
    ceo = _ceo(channels=["in_app"])

    rows = _schedule([Recipient(user_id=ceo.pk)])

    assert {m.channel for m in rows} == {"email", "in_app"}
    assert {m.recipient for m in rows if m.channel == "email"} == {ceo.email}


def test_scheduling_the_same_event_twice_writes_nothing_new():
    recipients = [Recipient(email="a@example.com", language="en")]
    first = _schedule(recipients)

    second = _schedule(recipients)

    assert len(first) == 2
    assert sorted(m.pk for m in second) == sorted(m.pk for m in first)
    assert Message.objects.count() == 2


def test_the_database_refuses_a_second_row_with_the_same_key():
    # Given a reminder row
    row = _schedule([Recipient(email="a@example.com", language="en")])[0]

    # When a copy with the same recipient, channel, event, kind and due time is written
    row.pk, row.key = None, uuid.uuid4()

    # Then the database refuses it, whatever the code above it does
    with pytest.raises(IntegrityError), transaction.atomic():
        row.save(force_insert=True)


def test_moving_the_event_moves_its_pending_reminders_and_cancelling_cancels_them():
    recipients = [Recipient(email="a@example.com", language="en")]
    _schedule(recipients)

    # When the session moves a day later
    moved = reminders_reschedule(
        event=ReminderEvent(
            event_kind="training_session",
            event_id=42,
            starts_at=STARTS + timedelta(days=1),
            ends_at=ENDS + timedelta(days=1),
            campaign_id=None,
            recipients=recipients,
            context={"title": "Live selling 101"},
            event_timezone="Asia/Shanghai",
        ),
    )

    # Then the pending reminders are at the new times and the old ones are cancelled
    assert sorted(m.due_at for m in moved) == [
        STARTS + timedelta(days=1) - timedelta(days=1),
        STARTS + timedelta(days=1) - timedelta(hours=1),
    ]
    assert Message.objects.filter(status=Message.Status.CANCELLED).count() == 2

    # When it is cancelled
    assert reminders_cancel(event_kind="training_session", event_id=42) == 2

    # Then nothing is left to send
    assert not Message.objects.filter(status=Message.Status.PENDING).exists()


def test_moving_it_back_to_the_first_time_is_allowed_despite_the_cancelled_rows():
    recipients = [Recipient(email="a@example.com", language="en")]
    _schedule(recipients)
    reminders_reschedule(
        event=ReminderEvent(
            event_kind="training_session",
            event_id=42,
            starts_at=STARTS + timedelta(hours=3),
            ends_at=ENDS + timedelta(hours=3),
            campaign_id=None,
            recipients=recipients,
            context={},
        ),
    )

    back = reminders_reschedule(
        event=ReminderEvent(
            event_kind="training_session",
            event_id=42,
            starts_at=STARTS,
            ends_at=ENDS,
            campaign_id=None,
            recipients=recipients,
            context={},
        ),
    )

    assert sorted(m.due_at for m in back) == [
        STARTS - timedelta(days=1),
        STARTS - timedelta(hours=1),
    ]


def test_reminders_whose_time_has_passed_are_not_written():
    # The session was booked 90 minutes before it starts: only the 1 h reminder is left
    rows = _schedule(
        [Recipient(email="a@example.com", language="en")],
        starts_at=NOW + timedelta(minutes=90),
        ends_at=NOW + timedelta(minutes=150),
    )

    assert [m.due_at for m in rows] == [NOW + timedelta(minutes=30)]


def test_a_campaigns_own_rules_and_wording_replace_the_defaults():
    # Given a campaign whose staff want one reminder, 3 hours before, in their own words
    campaign = CampaignFactory()
    ReminderRule.objects.create(
        campaign=campaign, kind="studio_show", offset=timedelta(hours=3), channels=["email"]
    )
    MessageTemplate.objects.create(
        campaign=campaign,
        kind="studio_show",
        language="en",
        subject="{title} in {offset}",
        body="Be at {location} by {starts_at}. Crew: {crew}",
    )

    rows = _schedule(
        [Recipient(email="a@example.com", language="en", timezone="Asia/Shanghai")],
        kind="studio_show",
        campaign_id=campaign.pk,
    )

    assert [(m.due_at, m.subject) for m in rows] == [
        (STARTS - timedelta(hours=3), "Live selling 101 in 3 hours")
    ]
    # An unknown placeholder stays visible rather than breaking the message
    assert rows[0].body == (
        "Be at Studio 3, Hangzhou by Thu 20 May 2027, 19:00 (Shanghai time, where it happens)."
        " Crew: {crew}"
    )


def test_a_campaign_without_a_chinese_template_falls_back_to_the_default_chinese_one():
    campaign = CampaignFactory()
    MessageTemplate.objects.create(
        campaign=campaign, kind="training_session", language="en", subject="EN", body="EN"
    )
    ceo = _ceo()

    rows = _schedule([Recipient(user_id=ceo.pk)], campaign_id=campaign.pk)

    assert all(m.language == "zh-hans" and "培训" in m.body for m in rows)


class TestQuietHours:
    """Quiet hours (default 22:00 to 08:00 in the reader's zone) hold non-urgent messages."""

    def test_a_non_urgent_reminder_due_at_night_waits_until_morning(self):
        # The 24 h reminder of a 07:00 (Shanghai) show would go at 07:00 the day before... use
        # a session at 06:30 Shanghai: its 24 h reminder falls at 06:30, in quiet hours.
        starts = at(22, 30, day=19)  # 06:30 on the 20th in Shanghai
        ceo = _ceo()

        rows = _schedule(
            [Recipient(user_id=ceo.pk)], starts_at=starts, ends_at=starts + (ENDS - STARTS)
        )

        day_before = next(m for m in rows if m.due_at == starts - timedelta(days=1))
        assert day_before.next_attempt_at == at(0, day=19)  # 08:00 in Shanghai
        assert day_before.note == "Held for quiet hours."

    def test_an_urgent_reminder_goes_at_night(self):
        starts = at(22, 30, day=19)
        ceo = _ceo()

        rows = _schedule(
            [Recipient(user_id=ceo.pk)], starts_at=starts, ends_at=starts + (ENDS - STARTS)
        )

        hour_before = [m for m in rows if m.due_at == starts - timedelta(hours=1)]
        assert hour_before and all(m.next_attempt_at == m.due_at for m in hour_before)

    def test_a_hold_that_would_pass_the_event_goes_before_the_quiet_hours_instead(self):
        # A staff rule: 3 h before a 06:30 session, not urgent; morning (08:00) is too late
        ReminderRule.objects.create(
            kind="training_session", offset=timedelta(hours=3), channels=["email"]
        )
        starts = at(22, 30, day=19)
        ceo = _ceo()

        rows = _schedule(
            [Recipient(user_id=ceo.pk)], starts_at=starts, ends_at=starts + (ENDS - STARTS)
        )

        three_hours = next(m for m in rows if m.due_at == starts - timedelta(hours=3))
        assert three_hours.next_attempt_at == at(13, 59, day=19)  # 21:59 the evening before

    def test_quiet_hours_follow_the_readers_zone_and_can_be_switched_off(self):
        starts = at(22, 30, day=19)
        berliner = _ceo(timezone="Europe/Berlin")  # 06:30 Shanghai is 00:30 in Berlin
        night_owl = _ceo(quiet_hours=False)

        rows = _schedule(
            [Recipient(user_id=berliner.pk), Recipient(user_id=night_owl.pk)],
            starts_at=starts,
            ends_at=starts + (ENDS - STARTS),
        )

        def day_before(user):
            return next(
                m
                for m in rows
                if m.user_id == user.pk
                and m.channel == "email"
                and m.due_at == starts - timedelta(days=1)
            )

        assert day_before(berliner).next_attempt_at == at(6, day=19)  # 08:00 in Berlin
        assert day_before(night_owl).next_attempt_at == starts - timedelta(days=1)


def test_a_transaction_that_rolls_back_leaves_no_message_and_enqueues_nothing(
    django_capture_on_commit_callbacks,
):
    # Given a booking whose transaction fails after it wrote its messages
    with (
        django_capture_on_commit_callbacks() as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        message_schedule(
            kind="booking_confirmed",
            recipient="a@example.com",
            language="en",
            subject="Booked",
            body="Booked",
            dedupe_key="booking_confirmed:1",
        )
        _schedule([Recipient(email="a@example.com", language="en")])
        raise RuntimeError("the booking clashed")

    # Then there is no row and nothing was handed to the broker
    assert not Message.objects.exists()
    assert callbacks == []


def test_a_one_off_message_with_the_same_key_is_written_once(django_capture_on_commit_callbacks):
    def schedule():
        return message_schedule(
            kind="application_submitted",
            recipient="a@example.com",
            language="en",
            subject="Thanks",
            body="Thanks",
            dedupe_key="application_submitted:7",
        )

    with django_capture_on_commit_callbacks() as callbacks:
        first, second = schedule(), schedule()

    assert first.pk == second.pk
    assert Message.objects.count() == 1
    assert len(callbacks) == 1


def test_wording_that_fails_when_filled_in_falls_back_and_undoes_nothing():
    # Written straight to the table, past the admin's check: dual_time wants a time, not a title
    campaign = CampaignFactory()
    for language in ("en", "zh-hans"):
        MessageTemplate.objects.create(
            campaign=campaign,
            kind="training_session",
            language=language,
            subject="Reminder",
            body="Starts {% dual_time title %}",
        )

    with transaction.atomic():
        rows = _schedule([Recipient(email="guest@example.com")], campaign_id=campaign.pk)

    assert rows
    assert all(row.body.startswith("Live selling 101 starts ") for row in rows)
    assert all(row.subject == "Reminder: Live selling 101" for row in rows)
