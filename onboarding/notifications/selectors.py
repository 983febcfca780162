from django.db.models import QuerySet

from onboarding.core.models import User
from onboarding.notifications.models import Notification


def notifications_for(*, user: User, unread: bool | None = None) -> QuerySet[Notification]:
    rows = Notification.objects.filter(user=user)
    if unread is not None:
        rows = rows.filter(read_at__isnull=unread)
    return rows.order_by("-created_at", "-id")
