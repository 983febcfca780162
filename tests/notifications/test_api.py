"""The in-app notification list and preferences under /api/v1/notifications/."""

import pytest
from django.test import Client

from onboarding.notifications.models import Message, Notification
from tests.factories import UserFactory
from tests.notifications.conftest import due_message

pytestmark = pytest.mark.django_db
URL = "/api/v1/notifications/"


def _notify(user, title, **fields) -> Notification:
    return Notification.objects.create(user=user, kind="studio_show", title=title, **fields)


def test_a_user_sees_only_their_own_notifications_newest_first(ceo_client):
    me = ceo_client.user
    _notify(me, "First")
    _notify(me, "Second")
    _notify(UserFactory(), "Someone else's")

    response = ceo_client.get(URL)

    assert response.status_code == 200
    assert [n["title"] for n in response.json()["results"]] == ["Second", "First"]
    assert response.json()["results"][0]["is_read"] is False


def test_marking_read_and_filtering_by_unread(ceo_client):
    first, second = _notify(ceo_client.user, "First"), _notify(ceo_client.user, "Second")

    marked = ceo_client.post(f"{URL}{first.pk}/read/")
    unread = ceo_client.get(URL, {"unread": "true"})

    assert marked.status_code == 200 and marked.json()["is_read"] is True
    assert [n["id"] for n in unread.json()["results"]] == [second.pk]
    assert ceo_client.post(f"{URL}read-all/").json() == {"marked": 1}
    assert ceo_client.get(URL, {"unread": "true"}).json()["results"] == []


def test_someone_elses_notification_cannot_be_marked(ceo_client):
    theirs = _notify(UserFactory(), "Theirs")

    response = ceo_client.post(f"{URL}{theirs.pk}/read/")

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_the_list_needs_a_sign_in(api_client):
    assert api_client.get(URL).status_code == 401


@pytest.mark.parametrize("page_size", [10, 50, 100])
def test_the_list_costs_the_same_queries_whatever_its_length(
    ceo_client, django_assert_max_num_queries, page_size
):
    Notification.objects.bulk_create(
        Notification(user=ceo_client.user, kind="studio_show", title=f"N{n}") for n in range(110)
    )

    # the token and its user, the count, the page
    with django_assert_max_num_queries(3):
        response = ceo_client.get(URL, {"page_size": page_size})

    assert len(response.json()["results"]) == page_size


def test_preferences_keep_email_on_and_need_a_phone_for_sms(ceo_client):
    refused = ceo_client.patch(f"{URL}preferences/", {"channels": ["sms"]}, format="json")
    saved = ceo_client.patch(
        f"{URL}preferences/",
        {"channels": ["sms"], "phone": "+8613900000000", "quiet_start": "23:00"},
        format="json",
    )

    assert refused.status_code == 400 and "phone" in refused.json()["fields"]
    assert saved.status_code == 200, saved.json()
    assert saved.json()["channels"] == ["email", "sms"]
    assert ceo_client.get(f"{URL}preferences/").json()["quiet_start"] == "23:00:00"


def test_preferences_refuse_unknown_fields_and_zones(ceo_client):
    colour = ceo_client.patch(f"{URL}preferences/", {"colour": "red"}, format="json")
    zone = ceo_client.patch(f"{URL}preferences/", {"timezone": "Mars/Olympus"}, format="json")

    assert colour.status_code == 400 and "colour" in colour.json()["fields"]
    assert zone.status_code == 400 and "timezone" in zone.json()["fields"]


def test_staff_resend_a_failed_message_from_the_admin():
    # Given a failed message, as staff see it in the admin with its reason
    admin = UserFactory(role="admin", is_staff=True, is_superuser=True)
    message = due_message(status=Message.Status.FAILED, attempts=5, last_error="refused")
    client = Client()
    client.force_login(admin)
    assert "refused" in client.get("/admin/notifications/message/").content.decode()

    # When they pick "send again"
    response = client.post(
        "/admin/notifications/message/",
        {"action": "resend", "_selected_action": [message.pk]},
        follow=True,
    )

    # Then it is pending again with fresh attempts, handed to a worker after commit
    assert response.status_code == 200
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("pending", 0)
    assert "1 message will be sent again." in response.content.decode()
