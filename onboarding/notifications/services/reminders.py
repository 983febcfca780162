"""Reminders for events (sessions, shows, deadlines): written, moved and cancelled as rows."""

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from onboarding.notifications import conf
from onboarding.notifications.models import (
    PERSONAL_CHANNELS,
    Channel,
    Message,
    ReminderRule,
    event_key,
)
from onboarding.notifications.models.outbox import LIVE_STATUSES
from onboarding.notifications.services.outbox import enqueue_on_commit, insert_unless_taken
from onboarding.notifications.services.recipients import (
    Person,
    Recipient,
    quiet_hold,
    resolve,
    users_by_id,
)
from onboarding.notifications.services.rendering import TemplateBook, event_context, template_books

__all__ = [
    "Recipient",
    "ReminderBatch",
    "ReminderEvent",
    "notice_schedule",
    "reminders_cancel",
    "reminders_readdress",
    "reminders_reschedule",
    "reminders_schedule",
]


@dataclass(frozen=True)
class ReminderEvent:
    """An event that reminders and notices are about, as the app that owns it describes it.

    `event_kind` and `event_id` name it (the send-time check asks the kind's registered source
    about the id); the times are aware datetimes; `context` fills the templates; the campaign's
    rules of the kind apply, else the defaults; `event_timezone` is where the times are read.
    """

    event_kind: str
    event_id: int | str
    starts_at: datetime
    ends_at: datetime
    campaign_id: int | None
    recipients: Sequence[Recipient]
    context: Mapping[str, Any]
    event_timezone: str = ""

    def changed(self, **changes: Any) -> "ReminderEvent":
        """The same event with some fields changed (another kind, other recipients)."""
        return replace(self, **changes)


def rules_for(*, kind: str, campaign_id: int | None) -> list[ReminderRule]:
    """The campaign's rules of this kind, or the defaults when it has none."""
    # campaign_id=None reads IS NULL (the defaults); the stubs want a value there.
    rules = list(
        ReminderRule.objects.filter(
            kind=kind,
            is_active=True,
            campaign_id=campaign_id,  # type: ignore[misc]
        )
    )
    if not rules and campaign_id is not None:
        rules = list(ReminderRule.objects.filter(kind=kind, is_active=True, campaign=None))
    return rules


def rules_by_kind(
    *, kinds: Collection[str], campaign_id: int | None
) -> dict[str, list[ReminderRule]]:
    """rules_for each kind, in one query: the campaign's rules of a kind, else the defaults."""
    rows = ReminderRule.objects.filter(kind__in=kinds, is_active=True).filter(
        Q(campaign_id=campaign_id) | Q(campaign=None)
    )
    theirs: dict[str, list[ReminderRule]] = {kind: [] for kind in kinds}
    defaults: dict[str, list[ReminderRule]] = {kind: [] for kind in kinds}
    for rule in rows.order_by("pk"):
        (defaults if rule.campaign_id is None else theirs)[rule.kind].append(rule)
    return {kind: theirs[kind] or defaults[kind] for kind in kinds}


def reminders_schedule(
    *,
    event: ReminderEvent,
    catch_up: bool = False,
    not_before: datetime | None = None,
) -> list[Message]:
    """Write the reminders the rules ask for, one row per person, channel and time.

    Call it in the transaction that creates the event. Scheduling the same event twice adds
    nothing (the unique key is recipient, channel, event, kind and due time). Reminders whose
    time has already passed are not written; with `catch_up`, those before the start go now to
    whoever has not had them (someone added to an event under way). `not_before` moves a
    reminder the rules want earlier to that time (an escalation that must wait until the
    person it is about was asked). Returns the event's pending reminders.
    """
    return _schedule(
        _Event.of(event),
        resolve(event.recipients),
        campaign_id=event.campaign_id,
        catch_up=catch_up,
        not_before=not_before,
    )


def _schedule(
    event: "_Event",
    people: list[Person],
    *,
    campaign_id: int | None,
    catch_up: bool,
    not_before: datetime | None = None,
) -> list[Message]:
    now = timezone.now()
    had = _reminded(event.key) if catch_up else set()
    rules = rules_for(kind=event.kind, campaign_id=campaign_id)
    rows = _planned(
        event, people, rules, now=now, catch_up=catch_up, not_before=not_before, had=had
    )
    # One statement; a row that exists already (same key) is left as it is.
    Message.objects.bulk_create(rows, ignore_conflicts=True)
    pending = list(Message.objects.filter(event_key=event.key, status=Message.Status.PENDING))
    enqueue_on_commit([m.pk for m in pending if m.next_attempt_at <= now])
    return pending


def _planned(
    event: "_Event",
    people: list[Person],
    rules: list[ReminderRule],
    *,
    now: datetime,
    catch_up: bool,
    not_before: datetime | None,
    had: set[tuple[str, str, int]],
) -> list[Message]:
    """The rows the rules ask for, unsaved: one per person, channel and time."""
    rows = []
    for rule in rules:
        before = rule.anchor == ReminderRule.Anchor.BEFORE_START
        due = event.starts_at - rule.offset if before else event.ends_at + rule.offset
        if not_before is not None:
            due = max(due, not_before)
        if before and due >= event.ends_at:
            continue
        late = due <= now
        if late and not (catch_up and before and now < event.starts_at):
            continue
        for person in people:
            rows += [
                row
                for row in _rows(event, person, rule=rule, due=now if late else due, now=now)
                if not late or (row.recipient, row.channel, rule.pk) not in had
            ]
    return rows


def notice_schedule(*, event: ReminderEvent) -> list[Message]:
    """Tell people about an event now (it was booked, it moved), in the wording staff keep
    for `event_kind`, on each person's channels; quiet hours hold it, never past the start.

    Call it in the transaction that makes the change; the send-time check drops a notice whose
    event moved again or was cancelled before it went.
    """
    now = timezone.now()
    about = _Event.of(event)
    people = resolve(event.recipients)
    rows = [row for person in people for row in _rows(about, person, due=now, now=now)]
    Message.objects.bulk_create(rows)
    enqueue_on_commit([row.pk for row in rows if row.next_attempt_at <= now])
    return rows


@dataclass(frozen=True)
class _Event:
    kind: str
    key: str
    starts_at: datetime
    ends_at: datetime
    zone: str
    context: Mapping[str, Any]
    book: TemplateBook

    @classmethod
    def of(cls, event: ReminderEvent, book: TemplateBook | None = None) -> "_Event":
        return cls(
            kind=event.event_kind,
            key=event_key(event.event_kind, event.event_id),
            starts_at=event.starts_at,
            ends_at=event.ends_at,
            zone=event.event_timezone or conf.default_timezone(),
            context=event.context,
            book=book or TemplateBook(kind=event.event_kind, campaign_id=event.campaign_id),
        )


def _reminded(key: str) -> set[tuple[str, str, int]]:
    """(recipient, channel, rule) of the event's reminders that went or are on their way."""
    return set(
        Message.objects.filter(
            event_key=key, rule__isnull=False, status__in=LIVE_STATUSES
        ).values_list("recipient", "channel", "rule_id")
    )


def _rows(
    event: _Event,
    person: Person,
    *,
    due: datetime,
    now: datetime,
    rule: ReminderRule | None = None,
) -> list[Message]:
    """One person's messages about the event, one per channel the rule (or any) allows."""
    before = rule is None or rule.anchor == ReminderRule.Anchor.BEFORE_START
    text = event.book.render(
        language=person.language,
        context=event_context(
            context={**event.context, **person.context},
            starts_at=event.starts_at,
            ends_at=event.ends_at,
            event_timezone=event.zone,
            recipient_timezone=person.timezone,
            language=person.language,
            name=person.name,
            offset=rule.offset if rule else timedelta(0),
        ),
    )
    urgent = bool(rule and rule.urgent)
    rows = []
    for channel in PERSONAL_CHANNELS:
        address = person.addresses[channel]
        if rule and channel not in rule.channels:
            continue
        if channel not in person.channels or not address:
            continue
        send_at = due
        if not urgent and channel != Channel.IN_APP:
            send_at = quiet_hold(
                due,
                zone=person.timezone,
                quiet=person.quiet,
                deadline=event.starts_at if before else None,
                now=now,
            )
        rows.append(
            Message(
                channel=channel,
                kind=event.kind,
                recipient=address,
                user_id=person.user_id,
                language=person.language,
                recipient_timezone=person.timezone,
                subject=text.subject,
                body=text.sms if channel == Channel.SMS else text.body,
                event_key=event.key,
                event_starts_at=event.starts_at,
                event_ends_at=event.ends_at,
                rule=rule,
                urgent=urgent,
                due_at=due,
                next_attempt_at=send_at,
                note=_("Held for quiet hours.") if send_at != due else "",
            )
        )
    return rows


def reminders_cancel(
    *, event_kind: str, event_id: int | str, note: str = "", keep: Collection[str] = ()
) -> int:
    """Cancel the event's pending reminders (call it in the transaction that cancels it),
    except those to the addresses in `keep`."""
    return (
        Message.objects.filter(
            event_key=event_key(event_kind, event_id), status=Message.Status.PENDING
        )
        .exclude(recipient__in=keep)
        .update(
            status=Message.Status.CANCELLED,
            note=note or _("The event was cancelled."),
            updated_at=timezone.now(),
        )
    )


def reminders_reschedule(
    *, event: ReminderEvent, not_before: datetime | None = None
) -> list[Message]:
    """The event moved (or its people changed): replace its pending reminders with new ones.

    Reminders already sent stay sent; one being sent right now is stopped by the send-time
    check, which sees the new times.
    """
    reminders_cancel(
        event_kind=event.event_kind, event_id=event.event_id, note=_("The event was moved.")
    )
    return reminders_schedule(event=event, not_before=not_before)


def reminders_readdress(
    *, event: ReminderEvent, not_before: datetime | None = None
) -> list[Message]:
    """The event's people changed, not its time: pending reminders of those who left are
    cancelled, and newcomers get theirs, at once for a time that has passed (see catch_up),
    never before `not_before`.

    Those who stay keep their rows, sent or pending, so nobody hears the same thing twice.
    """
    people = resolve(event.recipients)
    reminders_cancel(
        event_kind=event.event_kind,
        event_id=event.event_id,
        note=_("No longer among the people to tell."),
        keep={address for person in people for address in person.addresses.values()},
    )
    return _schedule(
        _Event.of(event),
        people,
        campaign_id=event.campaign_id,
        catch_up=True,
        not_before=not_before,
    )


class ReminderBatch:
    """Notices and reminders of several kinds about one new event, written in one statement.

    For the transaction that creates an event with many kinds at once (a booked show: its
    notice and four kinds of reminder): the rules, the wording and the people's accounts are
    read once for all of them, and `write()` inserts every row together. The rows are those
    notice_schedule and reminders_schedule would write one by one, under the same unique key
    (a row already there is left as it is), handed to the broker once the transaction commits.
    """

    def __init__(
        self, *, campaign_id: int | None, kinds: Collection[str], recipients: Iterable[Recipient]
    ):
        self.now = timezone.now()
        self._campaign_id = campaign_id
        self._rules = rules_by_kind(kinds=kinds, campaign_id=campaign_id)
        self._books = template_books(kinds=kinds, campaign_id=campaign_id)
        self._users = users_by_id(recipients)
        self.rows: list[Message] = []

    def _event(self, event: ReminderEvent) -> tuple[_Event, list[Person]]:
        if event.campaign_id != self._campaign_id:
            raise ValueError("a batch is about one campaign's events")
        return _Event.of(event, self._books[event.event_kind]), resolve(
            event.recipients, users=self._users
        )

    def notice(self, *, event: ReminderEvent) -> None:
        """As notice_schedule: the people are told now (quiet hours hold it)."""
        about, people = self._event(event)
        self.rows += [row for p in people for row in _rows(about, p, due=self.now, now=self.now)]

    def reminders(self, *, event: ReminderEvent, not_before: datetime | None = None) -> None:
        """As reminders_schedule, for an event that has no reminders yet."""
        about, people = self._event(event)
        rules = self._rules[event.event_kind]
        self.rows += _planned(
            about, people, rules, now=self.now, catch_up=False, not_before=not_before, had=set()
        )

    def first_told_at(
        self, *, event_keys: Collection[str], user_id: int | None, event_starts_at: datetime
    ) -> datetime | None:
        """As notifications.selectors.first_told_at, over this batch's rows: for a new event
        they are all there are."""
        times = [
            row.next_attempt_at
            for row in self.rows
            if row.event_key in event_keys
            and row.user_id == user_id
            and row.event_starts_at == event_starts_at
        ]
        return min(times, default=None)

    def write(self) -> None:
        """One INSERT for every row (one already there is left as it is); those written that
        are due now go to the broker after commit."""
        written = insert_unless_taken(self.rows)
        enqueue_on_commit(sorted(pk for pk, send_at in written if send_at <= self.now))
