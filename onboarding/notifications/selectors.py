from django.db.models import QuerySet

from onboarding.core.models import User
from onboarding.notifications.models import Message, Notification


def notifications_for(*, user: User, unread: bool | None = None) -> QuerySet[Notification]:
    rows = Notification.objects.filter(user=user)
    if unread is not None:
        rows = rows.filter(read_at__isnull=unread)
    return rows.order_by("-created_at", "-id")


def reminder_sent(*, event_kind: str, event_id: int | str, user_id: int) -> bool:
    """Whether this person has been sent a reminder of the event (on any channel)."""
    return Message.objects.filter(
        event_key=f"{event_kind}:{event_id}", user_id=user_id, status=Message.Status.SENT
    ).exists()
