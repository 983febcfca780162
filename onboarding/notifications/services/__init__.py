"""What domain apps call: write messages, reminders and webhook events inside their transactions.

message_schedule(...)        a one-off message (a confirmation, a decision)
preferred_language(...)      the language to render it in: the person's choice, else the given one
reminders_schedule(...)      reminders for an event (a ReminderEvent), by the campaign's rules
ReminderBatch(...)           a new event's notice and reminders of several kinds, in one INSERT
reminders_reschedule(...)    the event moved: its pending reminders follow
reminders_cancel(...)        the event is off: its pending reminders are cancelled
webhooks_emit(...)           tell subscribed systems about an event
"""

from onboarding.notifications.registry import EventState, Gone, register_event_source
from onboarding.notifications.services.dispatch import (
    messages_dispatch_due,
    messages_reexamine_stale,
)
from onboarding.notifications.services.inbox import (
    notification_mark_read,
    notifications_mark_all_read,
    preference_for,
    preference_update,
)
from onboarding.notifications.services.outbox import message_schedule
from onboarding.notifications.services.recipients import preferred_language
from onboarding.notifications.services.reminders import (
    Recipient,
    ReminderBatch,
    ReminderEvent,
    notice_schedule,
    reminders_cancel,
    reminders_readdress,
    reminders_reschedule,
    reminders_schedule,
)
from onboarding.notifications.services.sending import message_send, messages_send
from onboarding.notifications.services.staff import message_resend
from onboarding.notifications.services.webhooks import webhooks_emit

__all__ = [
    "EventState",
    "Gone",
    "Recipient",
    "ReminderBatch",
    "ReminderEvent",
    "message_resend",
    "message_schedule",
    "message_send",
    "messages_dispatch_due",
    "messages_reexamine_stale",
    "messages_send",
    "notice_schedule",
    "notification_mark_read",
    "notifications_mark_all_read",
    "preference_for",
    "preference_update",
    "preferred_language",
    "register_event_source",
    "reminders_cancel",
    "reminders_readdress",
    "reminders_reschedule",
    "reminders_schedule",
    "webhooks_emit",
]
