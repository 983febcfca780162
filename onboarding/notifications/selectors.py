from datetime import datetime

from django.db.models import Min, QuerySet

from onboarding.core.models import User
from onboarding.notifications.models import Message, Notification
from onboarding.notifications.models.outbox import LIVE_STATUSES


def notifications_for(*, user: User, unread: bool | None = None) -> QuerySet[Notification]:
    rows = Notification.objects.filter(user=user)
    if unread is not None:
        rows = rows.filter(read_at__isnull=unread)
    return rows.order_by("-created_at", "-id")


def was_told(*, event_keys: list[str], user_id: int) -> bool:
    """Whether a message about these events went to this person, or was tried to the end (a
    failed one counts: who should have heard and could not is exactly who others must reach)."""
    return Message.objects.filter(
        event_key__in=event_keys,
        user_id=user_id,
        status__in=[Message.Status.SENT, Message.Status.FAILED],
    ).exists()


def first_told_at(
    *, event_keys: list[str], user_id: int, event_starts_at: datetime
) -> datetime | None:
    """When this person is first (or was first) told of these events at this start time: the
    earliest of their messages about it that went, failed or is still to go; None if none."""
    return Message.objects.filter(
        event_key__in=event_keys,
        user_id=user_id,
        event_starts_at=event_starts_at,
        status__in=LIVE_STATUSES,
    ).aggregate(first=Min("next_attempt_at"))["first"]
