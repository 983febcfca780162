"""Who hears about an event, and when they may: addresses, language, zone, channels, quiet hours."""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings

from onboarding.core.i18n import language_code
from onboarding.core.models import User
from onboarding.notifications import conf
from onboarding.notifications.models import Channel, NotificationPreference


@dataclass(frozen=True)
class Recipient:
    """Who hears about an event. Empty fields come from their preferences, then their account.

    `user_id` or `email` is required; `channels` adds in-app or SMS to e-mail, which always goes.
    `language` is the caller's guess (the application's language): a language the person chose
    in their preferences wins over it.
    `context` is added to the event's for this reader only (a link that is theirs alone).
    """

    user_id: int | None = None
    email: str = ""
    phone: str = ""
    name: str = ""
    language: str = ""
    timezone: str = ""
    channels: Sequence[str] = ()
    context: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Person:
    user_id: int | None
    addresses: dict[str, str]
    name: str
    language: str
    timezone: str
    channels: frozenset[str]
    quiet: tuple[time, time] | None
    context: Mapping[str, Any]


def users_by_id(recipients: Iterable[Recipient]) -> dict[int, User]:
    """The recipients' accounts with their preferences, in one query."""
    wanted = {r.user_id for r in recipients if r.user_id}
    if not wanted:
        return {}
    return {
        user.pk: user
        for user in User.objects.filter(pk__in=wanted).select_related("notification_preference")
    }


def resolve(
    recipients: Iterable[Recipient], *, users: Mapping[int, User] | None = None
) -> list[Person]:
    """The people behind the recipients; `users` are their accounts when read already."""
    recipients = list(recipients)
    if users is None:
        users = users_by_id(recipients)
    people = []
    for r in recipients:
        user = users.get(r.user_id) if r.user_id is not None else None
        pref = getattr(user, "notification_preference", None) if user else None
        channels = set(r.channels or (pref.channels if pref else ())) | {Channel.EMAIL}
        quiet: tuple[time, time] | None
        if pref is None:
            quiet = conf.default_quiet_hours()
        else:
            quiet = (pref.quiet_start, pref.quiet_end) if pref.quiet_hours else None
        addresses: dict[str, str] = {
            Channel.EMAIL: r.email or (user.email if user else ""),
            Channel.SMS: r.phone or (pref.phone if pref else ""),
            Channel.IN_APP: f"user:{user.pk}" if user else "",
        }
        people.append(
            Person(
                user_id=user.pk if user else None,
                addresses=addresses,
                name=r.name or (user.get_full_name() if user else ""),
                # What the person chose for messages comes first; the caller's language (the
                # one the application was filled in) only stands in for a choice not made.
                language=language_code(
                    (pref.language if pref else "")
                    or r.language
                    or (user.language if user else "")
                    or settings.LANGUAGE_CODE
                ),
                timezone=r.timezone
                or (pref.timezone if pref else "")
                or (user.timezone if user else "")
                or conf.default_timezone(),
                channels=frozenset(channels),
                quiet=quiet,
                context=r.context,
            )
        )
    return people


def quiet_hold(
    due: datetime,
    *,
    zone: str,
    quiet: tuple[time, time] | None,
    deadline: datetime | None,
    now: datetime,
) -> datetime:
    """When a non-urgent message due at `due` may go, given the reader's quiet hours.

    Held until the quiet hours end; if that would pass `deadline` (the event's start), sent
    before they begin instead, or at `due` if that moment has gone.
    """
    if quiet is None or quiet[0] == quiet[1]:
        return due
    start, end = quiet
    tz = ZoneInfo(zone)
    local = due.astimezone(tz)
    overnight = start > end
    clock = local.time().replace(tzinfo=None)
    inside = (clock >= start or clock < end) if overnight else (start <= clock < end)
    if not inside:
        return due
    began_on = local.date() - timedelta(days=1) if overnight and clock < end else local.date()
    ends_on = began_on + timedelta(days=1) if overnight else began_on
    morning = datetime.combine(ends_on, end, tzinfo=tz).astimezone(UTC)
    if deadline is None or morning < deadline:
        return morning
    evening = datetime.combine(began_on, start, tzinfo=tz).astimezone(UTC) - timedelta(minutes=1)
    return evening if evening > now else due


def preferred_language(*, user_id: int | None, default: str) -> str:
    """The language to write to a person in: the one they chose for messages, else `default`.

    For domain apps that render a one-off message themselves (a decision, a confirmation).
    """
    chosen = ""
    if user_id is not None:
        chosen = (
            NotificationPreference.objects.filter(user_id=user_id)
            .values_list("language", flat=True)
            .first()
            or ""
        )
    return language_code(chosen or default or settings.LANGUAGE_CODE)
