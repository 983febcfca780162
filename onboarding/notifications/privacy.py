"""The notifications app's part of an applicant's data copy and erasure (see core.privacy)."""

from typing import Any

from django.db.models import Q
from django.utils import timezone

from onboarding.core.privacy import ERASED, DataSubject
from onboarding.core.time import iso_utc
from onboarding.notifications.models import Delivery, Message, Notification, NotificationPreference

# Messages the dispatcher may still send: cancelled at erasure, so nobody writes to them again.
UNSENT = [Message.Status.PENDING, Message.Status.FAILED]


def _messages(subject: DataSubject):
    """Messages to the person: by account, or by any address they gave (any letter case)."""
    query = Q(user_id=subject.user_id) if subject.user_id else Q(pk__in=[])
    for address in subject.addresses:
        query |= Q(recipient__iexact=address)
    return Message.objects.filter(query).exclude(channel=Message.Channel.WEBHOOK)


def export(subject: DataSubject) -> dict[str, Any]:
    messages = _messages(subject).order_by("created_at", "id")
    preference = (
        NotificationPreference.objects.filter(user_id=subject.user_id).first()
        if subject.user_id
        else None
    )
    return {
        "messages": [
            {
                "kind": m.kind,
                "channel": m.channel,
                "recipient": m.recipient,
                "subject": m.subject,
                "body": m.body,
                "status": m.status,
                "due_at": iso_utc(m.due_at),
                "sent_at": iso_utc(m.sent_at) if m.sent_at else None,
            }
            for m in messages
        ],
        "in_app": [
            {"title": n.title, "body": n.body, "created_at": iso_utc(n.created_at)}
            for n in Notification.objects.filter(user_id=subject.user_id or 0)
        ],
        "preferences": None
        if preference is None
        else {
            "channels": list(preference.channels),
            "phone": preference.phone,
            "language": preference.language,
            "timezone": preference.timezone,
            "quiet_hours": preference.quiet_hours,
        },
    }


def erase(subject: DataSubject) -> None:
    messages = _messages(subject)
    ids = list(messages.values_list("pk", flat=True))
    now = timezone.now()
    Message.objects.filter(pk__in=ids, status__in=UNSENT).update(
        status=Message.Status.CANCELLED, note="personal data erased", updated_at=now
    )
    # Each recipient gets a value of its own: the outbox's unique keys include it.
    for message in Message.objects.filter(pk__in=ids):
        message.recipient = f"erased-{message.pk}"
        message.subject = ERASED
        message.body = ERASED
        message.last_error = ""
        message.save(update_fields=["recipient", "subject", "body", "last_error", "updated_at"])
    Delivery.objects.filter(message_id__in=ids).update(detail="")
    if subject.user_id:
        Notification.objects.filter(user_id=subject.user_id).update(title=ERASED, body="")
        NotificationPreference.objects.filter(user_id=subject.user_id).update(phone="")
