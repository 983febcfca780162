"""Events for other systems of the platform, delivered through the outbox."""

import json
import uuid
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone

from onboarding.notifications.models import Channel, Message, WebhookEndpoint
from onboarding.notifications.services.outbox import enqueue_on_commit


def webhooks_emit(*, event_type: str, payload: dict[str, Any]) -> list[Message]:
    """Write one delivery per subscribed endpoint; they are sent once the transaction commits.

    The body is {"id", "type", "created_at", "data"}; the receiver checks the
    X-Onboarding-Signature header (sha256=HMAC of the raw body with the endpoint's secret) and
    drops an X-Onboarding-Delivery id it has seen before.
    """
    now = timezone.now()
    event_id = str(uuid.uuid4())
    body = json.dumps(
        {"id": event_id, "type": event_type, "created_at": now, "data": payload},
        cls=DjangoJSONEncoder,
        ensure_ascii=False,
        sort_keys=True,
    )
    rows = [
        Message(
            channel=Channel.WEBHOOK,
            kind=event_type,
            recipient=f"endpoint:{endpoint.pk}",
            endpoint=endpoint,
            language="en",
            subject=event_type,
            body=body,
            dedupe_key=f"webhook:{endpoint.pk}:{event_id}",
            due_at=now,
            next_attempt_at=now,
        )
        for endpoint in WebhookEndpoint.objects.filter(is_active=True)
        if endpoint.wants(event_type)
    ]
    Message.objects.bulk_create(rows)
    enqueue_on_commit([row.pk for row in rows])
    return rows
