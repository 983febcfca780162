"""The language a person picks in their notification preferences is the one we write to them in.

An application carries the language it was filled in; a CEO may later choose another for what
we send. The choice wins, on every channel (e-mail, SMS, in-app) and for one-off messages alike.
"""

import pytest
import time_machine

from onboarding.applicants.services import application_transition
from onboarding.applicants.workflow import APPLICANT, Action
from onboarding.notifications import services
from onboarding.notifications.models import Message, NotificationPreference
from onboarding.notifications.services import Recipient, ReminderEvent, reminders_schedule
from tests.factories import ApplicationFactory, UserFactory
from tests.notifications.conftest import at

pytestmark = pytest.mark.django_db
URL = "/api/v1/notifications/preferences/"


def _ceo_who_chose(language: str, **preference):
    user = UserFactory(language="zh-hans", timezone="Asia/Shanghai", first_name="Min")
    NotificationPreference.objects.create(user=user, language=language, **preference)
    return user


@pytest.mark.usefixtures("default_rules")
def test_reminders_follow_the_chosen_language_on_every_channel():
    # Given a CEO whose application is in Chinese, who chose English for what we send
    ceo = _ceo_who_chose("en", channels=["in_app", "sms"], phone="+8613900000000")

    # When a show's reminders are scheduled with the application's language, as studios do
    with time_machine.travel(at(2, day=18), tick=False):
        rows = reminders_schedule(
            event=ReminderEvent(
                event_kind="training_session",
                event_id=7,
                starts_at=at(11),
                ends_at=at(12),
                campaign_id=None,
                recipients=[Recipient(user_id=ceo.pk, language="zh-hans")],
                context={"title": "Live selling 101", "location": "Studio 3, Hangzhou"},
                event_timezone="Asia/Shanghai",
            ),
        )

    # Then every row, e-mail, in-app and SMS, is written in English
    assert {m.channel for m in rows} == {"email", "in_app", "sms"}
    assert {m.language for m in rows} == {"en"}
    for message in rows:
        assert message.body.isascii(), (message.channel, message.body)


@pytest.mark.usefixtures("default_rules")
def test_without_a_choice_the_recipient_language_still_holds():
    ceo = _ceo_who_chose("")
    with time_machine.travel(at(2, day=18), tick=False):
        rows = reminders_schedule(
            event=ReminderEvent(
                event_kind="training_session",
                event_id=8,
                starts_at=at(11),
                ends_at=at(12),
                campaign_id=None,
                recipients=[Recipient(user_id=ceo.pk, language="en")],
                context={"title": "Live selling 101"},
                event_timezone="Asia/Shanghai",
            ),
        )
    assert {m.language for m in rows} == {"en"}


def test_status_e_mails_follow_the_chosen_language():
    # Given an application filled in in English by a CEO who chose Chinese for messages
    ceo = _ceo_who_chose("zh-hans")
    application = ApplicationFactory(user=ceo, language="en")

    # When the CEO withdraws it
    application_transition(
        application_id=application.pk, action=Action.WITHDRAW, actor_kind=APPLICANT, actor=ceo
    )

    # Then the e-mail about it is in Chinese
    message = Message.objects.get(kind="application_withdraw")
    assert message.language == "zh-hans"
    assert not message.subject.isascii(), message.subject
    assert application.reference in message.subject


def test_preferred_language_falls_back_to_the_given_one():
    assert services.preferred_language(user_id=None, default="en") == "en"
    assert services.preferred_language(user_id=_ceo_who_chose("").pk, default="en") == "en"
    chinese = _ceo_who_chose("zh-hans")
    assert services.preferred_language(user_id=chinese.pk, default="en") == "zh-hans"


def test_put_replaces_the_preferences_and_patch_changes_only_what_is_sent(ceo_client):
    # Given preferences changed once
    first = ceo_client.patch(
        URL,
        {"language": "en", "quiet_hours": False, "channels": ["sms"], "phone": "+8613900000000"},
        format="json",
    )
    assert first.status_code == 200, first.json()

    # When the whole set is sent again with PUT
    put = ceo_client.put(URL, {"language": "zh-hans", "channels": ["in_app"]}, format="json")

    # Then what was sent is saved and what was left out is back to its default
    assert put.status_code == 200, put.json()
    body = put.json()
    assert body["language"] == "zh-hans"
    assert body["channels"] == ["email", "in_app"]
    assert body["phone"] == ""
    assert body["quiet_hours"] is True
    assert ceo_client.get(URL).json() == body

    # And PATCH still changes only what it names
    patched = ceo_client.patch(URL, {"timezone": "Europe/Berlin"}, format="json")
    assert patched.json() == {**body, "timezone": "Europe/Berlin"}


def test_put_refuses_what_patch_refuses(ceo_client):
    unknown = ceo_client.put(URL, {"colour": "red"}, format="json")
    sms = ceo_client.put(URL, {"channels": ["sms"]}, format="json")
    assert unknown.status_code == 400 and "colour" in unknown.json()["fields"]
    assert sms.status_code == 400 and "phone" in sms.json()["fields"]
