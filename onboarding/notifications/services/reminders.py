"""Reminders for events (sessions, shows, deadlines): written, moved and cancelled as rows."""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from onboarding.core.models import User
from onboarding.notifications import conf
from onboarding.notifications.models import Channel, Message, ReminderRule
from onboarding.notifications.services.outbox import enqueue_on_commit
from onboarding.notifications.services.rendering import TemplateBook, event_context

PERSONAL_CHANNELS = (Channel.EMAIL, Channel.IN_APP, Channel.SMS)


@dataclass(frozen=True)
class Recipient:
    """Who hears about an event. Empty fields come from their preferences, then their account.

    `user_id` or `email` is required; `channels` adds in-app or SMS to e-mail, which always goes.
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
class _Person:
    user_id: int | None
    addresses: dict[str, str]
    name: str
    language: str
    timezone: str
    channels: frozenset[str]
    quiet: tuple[time, time] | None
    context: Mapping[str, Any]


def _language(code: str) -> str:
    return "zh-hans" if (code or "").lower().startswith("zh") else "en"


def _resolve(recipients: Iterable[Recipient]) -> list[_Person]:
    recipients = list(recipients)
    users = {
        user.pk: user
        for user in User.objects.filter(
            pk__in=[r.user_id for r in recipients if r.user_id]
        ).select_related("notification_preference")
    }
    people = []
    for r in recipients:
        user = users.get(r.user_id)
        pref = getattr(user, "notification_preference", None) if user else None
        channels = set(r.channels or (pref.channels if pref else ())) | {Channel.EMAIL}
        if pref is None:
            quiet = conf.default_quiet_hours()
        else:
            quiet = (pref.quiet_start, pref.quiet_end) if pref.quiet_hours else None
        addresses = {
            Channel.EMAIL: r.email or (user.email if user else ""),
            Channel.SMS: r.phone or (pref.phone if pref else ""),
            Channel.IN_APP: f"user:{user.pk}" if user else "",
        }
        people.append(
            _Person(
                user_id=user.pk if user else None,
                addresses=addresses,
                name=r.name or (user.get_full_name() if user else ""),
                language=_language(
                    r.language
                    or (pref.language if pref else "")
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


def rules_for(*, kind: str, campaign_id: int | None) -> list[ReminderRule]:
    """The campaign's rules of this kind, or the defaults when it has none."""
    rules = list(ReminderRule.objects.filter(kind=kind, is_active=True, campaign_id=campaign_id))
    if not rules and campaign_id is not None:
        rules = list(ReminderRule.objects.filter(kind=kind, is_active=True, campaign=None))
    return rules


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


def reminders_schedule(
    *,
    event_kind: str,
    event_id: int | str,
    starts_at: datetime,
    ends_at: datetime,
    campaign_id: int | None,
    recipients: Sequence[Recipient],
    context: dict[str, Any],
    event_timezone: str = "",
) -> list[Message]:
    """Write the reminders the rules ask for, one row per person, channel and time.

    Call it in the transaction that creates the event. Scheduling the same event twice adds
    nothing (the unique key is recipient, channel, event, kind and due time). Reminders whose
    time has already passed are not written. Returns the event's pending reminders.
    """
    now = timezone.now()
    event_key = f"{event_kind}:{event_id}"
    event_timezone = event_timezone or conf.default_timezone()
    people = _resolve(recipients)
    book = TemplateBook(kind=event_kind, campaign_id=campaign_id)
    rows = []
    for rule in rules_for(kind=event_kind, campaign_id=campaign_id):
        before = rule.anchor == ReminderRule.Anchor.BEFORE_START
        due = starts_at - rule.offset if before else ends_at + rule.offset
        if due <= now or (before and due >= ends_at):
            continue
        for person in people:
            text = book.render(
                language=person.language,
                context=event_context(
                    context={**context, **person.context},
                    starts_at=starts_at,
                    ends_at=ends_at,
                    event_timezone=event_timezone,
                    recipient_timezone=person.timezone,
                    language=person.language,
                    name=person.name,
                    offset=rule.offset,
                ),
            )
            for channel in PERSONAL_CHANNELS:
                address = person.addresses[channel]
                if channel not in rule.channels or channel not in person.channels or not address:
                    continue
                send_at = due
                if not rule.urgent and channel != Channel.IN_APP:
                    send_at = quiet_hold(
                        due,
                        zone=person.timezone,
                        quiet=person.quiet,
                        deadline=starts_at if before else None,
                        now=now,
                    )
                rows.append(
                    Message(
                        channel=channel,
                        kind=event_kind,
                        recipient=address,
                        user_id=person.user_id,
                        language=person.language,
                        recipient_timezone=person.timezone,
                        subject=text.subject,
                        body=text.sms if channel == Channel.SMS else text.body,
                        event_key=event_key,
                        event_starts_at=starts_at,
                        event_ends_at=ends_at,
                        rule=rule,
                        urgent=rule.urgent,
                        due_at=due,
                        next_attempt_at=send_at,
                        note=_("Held for quiet hours.") if send_at != due else "",
                    )
                )
    # One statement; a row that exists already (same key) is left as it is.
    Message.objects.bulk_create(rows, ignore_conflicts=True)
    pending = list(Message.objects.filter(event_key=event_key, status=Message.Status.PENDING))
    enqueue_on_commit([m.pk for m in pending if m.next_attempt_at <= now])
    return pending


def reminders_cancel(*, event_kind: str, event_id: int | str, note: str = "") -> int:
    """Cancel the event's pending reminders (call it in the transaction that cancels it)."""
    return Message.objects.filter(
        event_key=f"{event_kind}:{event_id}", status=Message.Status.PENDING
    ).update(
        status=Message.Status.CANCELLED,
        note=note or _("The event was cancelled."),
        updated_at=timezone.now(),
    )


def reminders_reschedule(
    *,
    event_kind: str,
    event_id: int | str,
    starts_at: datetime,
    ends_at: datetime,
    campaign_id: int | None,
    recipients: Sequence[Recipient],
    context: dict[str, Any],
    event_timezone: str = "",
) -> list[Message]:
    """The event moved (or its people changed): replace its pending reminders with new ones.

    Reminders already sent stay sent; one being sent right now is stopped by the send-time
    check, which sees the new times.
    """
    reminders_cancel(event_kind=event_kind, event_id=event_id, note=_("The event was moved."))
    return reminders_schedule(
        event_kind=event_kind,
        event_id=event_id,
        starts_at=starts_at,
        ends_at=ends_at,
        campaign_id=campaign_id,
        recipients=recipients,
        context=context,
        event_timezone=event_timezone,
    )
