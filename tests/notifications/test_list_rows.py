"""The notification list is built from `.values()`: the JSON NotificationSerializer gives."""

import json

import pytest
from django.utils import timezone
from rest_framework.renderers import JSONRenderer

from onboarding.notifications.api import NotificationSerializer
from onboarding.notifications.models import Notification

pytestmark = pytest.mark.django_db

URL = "/api/v1/notifications/"


def test_the_list_is_what_the_serializer_writes(ceo_client):
    # Given a read and an unread notification
    Notification.objects.create(user=ceo_client.user, kind="a", title="One", body="Body")
    Notification.objects.create(
        user=ceo_client.user, kind="b", title="Two", body="", read_at=timezone.now()
    )

    # When the user reads the list
    response = ceo_client.get(URL)

    # Then each row is exactly what the serializer writes
    rows = Notification.objects.filter(user=ceo_client.user).order_by("-created_at", "-id")
    expected = json.loads(JSONRenderer().render(NotificationSerializer(rows, many=True).data))
    assert response.json()["results"] == expected
    assert [row["is_read"] for row in expected] == [True, False]
