"""A booked show through a real Celery worker: the notice goes out on commit, the rest waits."""

import time
import uuid

import pytest

from onboarding.notifications.models import Message, NotificationPreference
from tests.factories import TrainedApplicationFactory, UserFactory
from tests.studios.conftest import client_for
from tests.studios.test_write_budgets import BOOKINGS, _body

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_the_booked_notice_is_handed_to_the_worker_when_the_booking_commits(
    celery_worker, studio, scheduler, default_rules
):
    # The notice and the reminders go in one INSERT, which returns the ids of those due now:
    # only they may be handed over, and nothing waits for the dispatcher to find them.
    email = f"booked-{uuid.uuid4().hex[:10]}@example.com"
    ceo = TrainedApplicationFactory(user=UserFactory(email=email), email=email)
    NotificationPreference.objects.create(user=ceo.user, quiet_hours=False)

    response = client_for(scheduler).post(BOOKINGS, _body(studio, ceo), format="json")

    assert response.status_code == 201, response.json()
    booking = response.json()["id"]
    mail = celery_worker.wait_for_mail(f"To: {email}")
    assert studio.name in mail
    notice = Message.objects.get(event_key=f"show_booked:{booking}", channel="email")
    assert (notice.status, notice.attempts) == (Message.Status.SENT, 1)
    # The reminders are for later: still pending, and none was handed over.
    time.sleep(0.3)
    later = Message.objects.filter(event_key__endswith=f":{booking}").exclude(pk=notice.pk)
    assert set(later.values_list("kind", flat=True)) >= {"studio_show", "outcome_missing"}
    assert set(later.values_list("status", "queued_at")) == {(Message.Status.PENDING, None)}
    assert [m for m in celery_worker.sent_mail() if f"To: {email}" in m] == [mail]
