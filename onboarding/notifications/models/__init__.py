from onboarding.notifications.models.inbox import Notification, NotificationPreference
from onboarding.notifications.models.outbox import Channel, Delivery, Message
from onboarding.notifications.models.rules import MessageTemplate, ReminderKind, ReminderRule
from onboarding.notifications.models.webhooks import WebhookEndpoint, WebhookEvent

__all__ = [
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
]
