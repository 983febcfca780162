"""A CEO confirms a show from the reminder's link, on a phone, in a real browser."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from onboarding.core.models import Role
from onboarding.notifications.models import Message
from onboarding.studios.links import attendance_token
from onboarding.studios.services import booking_create
from tests.factories import StudioFactory, TrainedApplicationFactory, UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("default_rules")]

# 20:00 in Shanghai, inside the factories' campaign sales window.
SHOW_START = datetime(2027, 5, 25, 12, 0, tzinfo=UTC)


def test_a_ceo_confirms_their_show_with_one_tap(live_server, phone):
    application = TrainedApplicationFactory(language="zh-hans", assistant_email="lin@example.com")
    booking, _created = booking_create(
        studio=StudioFactory(name="West Lake"),
        application=application,
        starts_at=SHOW_START,
        ends_at=SHOW_START + timedelta(hours=2),
        actor=UserFactory(role=Role.SCHEDULER, is_staff=True),
    )
    link = reverse("portal:show-confirm", args=[attendance_token(booking.pk)])

    phone.goto(f"{live_server.url}{link}")
    assert phone.locator("h1").inner_text() == "您会参加您的直播吗？"
    assert "20:00" in phone.locator(".starts").inner_text()  # the studio's own time
    phone.get_by_role("button", name="是的，我会准时到场").tap()

    phone.locator("#confirmed").wait_for()
    assert "谢谢：我们已记录您将准时到场。" in phone.content()
    booking.refresh_from_db()
    assert booking.attendance_confirmed_at is not None
    escalation = Message.objects.filter(event_key=f"attendance_unconfirmed:{booking.pk}")
    assert escalation.exists()
    assert not escalation.filter(status=Message.Status.PENDING).exists()
