"""Webhook deliveries: a signed JSON POST, 2xx means delivered."""

import hashlib
import hmac
import http.client
from urllib.parse import urlsplit

from onboarding.notifications import conf

SIGNATURE_HEADER = "X-Onboarding-Signature"
EVENT_HEADER = "X-Onboarding-Event"
DELIVERY_HEADER = "X-Onboarding-Delivery"


def signature(secret: str, body: bytes) -> str:
    """What the receiver recomputes: sha256=HMAC-SHA256(secret, raw body), hex."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


class DeliveryRefused(Exception):
    def __init__(self, status: int, text: str):
        super().__init__(f"HTTP {status}: {text[:500]}")
        self.status = status


def post(*, url: str, secret: str, body: bytes, event_type: str, delivery_id: str) -> str:
    """POST the body; return "HTTP <status>" on 2xx, raise otherwise (redirects are refused)."""
    parts = urlsplit(url)
    connection_class = (
        http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    )
    connection = connection_class(parts.netloc, timeout=conf.webhook_timeout())
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    try:
        connection.request(
            "POST",
            path,
            body=body,
            headers={
                "Content-Type": "application/json",
                "User-Agent": "onboarding-webhooks/1",
                SIGNATURE_HEADER: signature(secret, body),
                EVENT_HEADER: event_type,
                # Receivers drop a delivery id they have seen: a retry after a crash is one event.
                DELIVERY_HEADER: delivery_id,
            },
        )
        response = connection.getresponse()
        text = response.read(2000).decode("utf-8", "replace")
    finally:
        connection.close()
    if not 200 <= response.status < 300:
        raise DeliveryRefused(response.status, text)
    return f"HTTP {response.status}"
