"""The Messages admin shows times in the viewer's zone (their account's, else Shanghai), named.

It showed UTC without saying so: "Dec. 1, 2026, 11:56 a.m." for a message due at 19:56 in
Shanghai, which staff read as the wrong hour.
"""

from datetime import UTC, datetime

import pytest
from django.test import Client
from django.urls import reverse

from onboarding.notifications.models import Delivery, Message, Notification
from tests.factories import UserFactory
from tests.notifications.conftest import due_message

pytestmark = pytest.mark.django_db
DUE = datetime(2026, 12, 1, 11, 56, tzinfo=UTC)
UNLABELLED_UTC = ("11:56 a.m.", "11:56")


def _staff(**fields) -> Client:
    client = Client()
    client.force_login(UserFactory(role="admin", is_staff=True, is_superuser=True, **fields))
    return client


def _message() -> Message:
    message = due_message(due_at=DUE, next_attempt_at=DUE, status=Message.Status.SENT, sent_at=DUE)
    Delivery.objects.create(
        message=message, attempt=1, outcome="sent", started_at=DUE, finished_at=DUE
    )
    return message


def test_the_list_shows_shanghai_time_named_by_default():
    _message()

    page = _staff().get(reverse("admin:notifications_message_changelist")).content.decode()

    assert "2026-12-01 19:56 (Asia/Shanghai)" in page
    assert not any(text in page for text in UNLABELLED_UTC)


def test_a_viewer_in_berlin_sees_berlin_time_named():
    _message()

    page = (
        _staff(timezone="Europe/Berlin")
        .get(reverse("admin:notifications_message_changelist"))
        .content.decode()
    )

    assert "2026-12-01 12:56 (Europe/Berlin)" in page


def test_the_detail_page_and_its_deliveries_name_the_zone():
    message = _message()

    page = (
        _staff()
        .get(reverse("admin:notifications_message_change", args=[message.pk]))
        .content.decode()
    )

    assert page.count("2026-12-01 19:56 (Asia/Shanghai)") >= 5  # due, next, sent, delivery x2
    assert not any(text in page for text in UNLABELLED_UTC)


def test_in_app_notifications_name_the_zone_too():
    user = UserFactory()
    note = Notification.objects.create(user=user, kind="studio_show", title="Show")
    Notification.objects.filter(pk=note.pk).update(created_at=DUE, read_at=DUE)

    page = _staff().get(reverse("admin:notifications_notification_changelist")).content.decode()

    assert page.count("2026-12-01 19:56 (Asia/Shanghai)") == 2
