"""Webhooks: signed deliveries through the outbox, retried, logged; to a receiver on 127.0.0.1."""

import hashlib
import hmac
import json
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from onboarding.notifications import services
from onboarding.notifications.models import Message, WebhookEndpoint

pytestmark = pytest.mark.django_db


def _send_all() -> None:
    for message in Message.objects.filter(channel="webhook", status="pending"):
        services.message_send(message_id=message.pk)


def test_a_subscribed_endpoint_gets_the_event_signed_with_its_secret(http_receiver):
    # Given one endpoint for bookings and one for decisions only
    bookings = WebhookEndpoint.objects.create(
        name="Logistics", url=http_receiver.url, event_types=["booking.created"]
    )
    WebhookEndpoint.objects.create(
        name="CRM", url=http_receiver.url, event_types=["application.decided"]
    )

    # When a booking is created and the outbox is worked off
    (row,) = services.webhooks_emit(
        event_type="booking.created", payload={"booking": 42, "studio": "Hangzhou 3"}
    )
    _send_all()

    # Then only the logistics endpoint heard of it, with a body it can verify
    ((headers, body),) = http_receiver.received
    expected = hmac.new(bookings.secret.encode(), body, hashlib.sha256).hexdigest()
    assert headers["X-Onboarding-Signature"] == f"sha256={expected}"
    assert headers["X-Onboarding-Event"] == "booking.created"
    assert headers["X-Onboarding-Delivery"] == str(row.key)
    event = json.loads(body)
    assert event["type"] == "booking.created"
    assert event["data"] == {"booking": 42, "studio": "Hangzhou 3"}
    row.refresh_from_db()
    assert row.status == "sent"
    assert row.deliveries.get().provider_id == "HTTP 200"


def test_a_refused_delivery_is_retried_later_and_every_attempt_is_logged(http_receiver):
    WebhookEndpoint.objects.create(name="CRM", url=http_receiver.url)
    http_receiver.statuses = [503]
    (row,) = services.webhooks_emit(event_type="show.completed", payload={"show": 1})

    _send_all()
    row.refresh_from_db()
    assert (row.status, row.attempts) == ("pending", 1)
    assert "HTTP 503" in row.last_error

    # When the backoff has passed
    with time_machine.travel(row.next_attempt_at + timedelta(seconds=1), tick=False):
        _send_all()

    # Then the second attempt got through with the same delivery id and body
    row.refresh_from_db()
    assert row.status == "sent"
    assert [(d.attempt, d.outcome) for d in row.deliveries.all()] == [
        (1, "failed"),
        (2, "accepted"),
    ]
    (first_headers, first_body), (second_headers, second_body) = http_receiver.received
    assert first_body == second_body
    assert first_headers["X-Onboarding-Delivery"] == second_headers["X-Onboarding-Delivery"]


def test_no_endpoint_no_delivery_and_a_switched_off_one_fails_without_retries(http_receiver):
    assert services.webhooks_emit(event_type="booking.moved", payload={}) == []
    endpoint = WebhookEndpoint.objects.create(name="CRM", url=http_receiver.url)
    (row,) = services.webhooks_emit(event_type="booking.moved", payload={})
    endpoint.is_active = False
    endpoint.save()

    _send_all()

    row.refresh_from_db()
    assert (row.status, row.attempts) == ("failed", 1)
    assert http_receiver.received == []


def test_rows_are_written_in_the_callers_transaction_and_sent_after_it_commits(
    http_receiver, django_capture_on_commit_callbacks
):
    WebhookEndpoint.objects.create(name="CRM", url=http_receiver.url)

    with django_capture_on_commit_callbacks() as callbacks:
        services.webhooks_emit(event_type="application.submitted", payload={"reference": "F1"})
        assert Message.objects.filter(channel="webhook").count() == 1

    assert len(callbacks) == 1
    assert Message.objects.get(channel="webhook").due_at <= timezone.now()
