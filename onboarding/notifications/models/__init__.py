from onboarding.notifications.models.inbox import Notification, NotificationPreference
from onboarding.notifications.models.outbox import (
    PERSONAL_CHANNELS,
    Channel,
    Delivery,
    Message,
    event_key,
)
from onboarding.notifications.models.rules import MessageTemplate, ReminderKind, ReminderRule
from onboarding.notifications.models.webhooks import WebhookEndpoint, WebhookEvent

__all__ = [
    "PERSONAL_CHANNELS",
    "Channel",
    "Delivery",
    "Message",
    "MessageTemplate",
    "Notification",
    "NotificationPreference",
    "ReminderKind",
    "ReminderRule",
    "WebhookEndpoint",
    "WebhookEvent",
    "event_key",
]
