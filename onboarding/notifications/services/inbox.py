"""The in-app notification list and each person's preferences."""

from typing import Any
from zoneinfo import available_timezones

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onboarding.core.errors import Invalid
from onboarding.core.models import User
from onboarding.notifications.models import Channel, Notification, NotificationPreference

# What a person may set about how they are reached, in the order forms show it.
PREFERENCE_FIELDS = [
    "channels",
    "phone",
    "language",
    "timezone",
    "quiet_hours",
    "quiet_start",
    "quiet_end",
]


def notification_mark_read(*, user: User, notification_id: int) -> Notification:
    """Mark one of the user's notifications read (a no-op if it already is)."""
    notification = Notification.objects.get(pk=notification_id, user=user)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, user: User) -> int:
    return Notification.objects.filter(user=user, read_at=None).update(read_at=timezone.now())


def preference_for(*, user: User) -> NotificationPreference:
    return NotificationPreference.objects.get_or_create(user=user)[0]


@transaction.atomic
def preference_update(
    *, user: User, data: dict[str, Any], replace: bool = False
) -> NotificationPreference:
    """Change how the user hears from us; e-mail stays on whatever they pick.

    `replace` (a PUT): the fields `data` leaves out go back to their defaults.
    """
    unknown = sorted(set(data) - set(PREFERENCE_FIELDS))
    if unknown:
        raise Invalid(
            _("Some fields are not known."), fields={f: [_("Unknown field.")] for f in unknown}
        )
    preference = NotificationPreference.objects.select_for_update().get_or_create(user=user)[0]
    if replace:
        fields = [
            f for f in NotificationPreference._meta.concrete_fields if f.name in PREFERENCE_FIELDS
        ]
        data = {**{f.name: f.to_python(f.get_default()) for f in fields}, **data}
    for name, value in data.items():
        setattr(preference, name, value)
    if preference.timezone and preference.timezone not in available_timezones():
        raise Invalid(
            _("Not a time zone we know."), fields={"timezone": [_("Not a time zone we know.")]}
        )
    preference.channels = sorted(set(preference.channels) | {Channel.EMAIL})
    if Channel.SMS in preference.channels and not preference.phone:
        raise Invalid(
            _("Give a mobile number to get SMS."),
            fields={"phone": [_("Give a mobile number to get SMS.")]},
        )
    preference.save()
    return preference
