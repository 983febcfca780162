"""Where the dispatcher asks, at send time, whether an event still stands and when it is.

Domain apps fill it from their AppConfig.ready():

    register_event_source("studio_show", show_times)

where `show_times(event_id)` (the id as given to reminders_schedule) returns the event's
current `(starts_at, ends_at)` (an EventState or a pair of aware datetimes), None when the
event is cancelled or gone, or Gone("why") when the message is no longer needed for another
reason (the CEO confirmed; the draft was sent), which the outbox row then shows.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class EventState:
    starts_at: datetime
    ends_at: datetime


@dataclass(frozen=True)
class Gone:
    """The event's messages are not needed any more, and why (shown on the message)."""

    note: str


# Called with the id as reminders_schedule was given it: an int for most kinds, text for some.
EventSource = Callable[[Any], Any]
_sources: dict[str, EventSource] = {}


class NotRegistered(LookupError):
    pass


def register_event_source(kind: str, fn: EventSource) -> None:
    """Name the function that reads the current state of events of `kind`."""
    if ":" in kind:
        raise ValueError("an event kind has no colon in it")
    _sources[kind] = fn


def unregister_event_source(kind: str) -> None:
    _sources.pop(kind, None)


def event_state(kind: str, event_id: str) -> EventState | Gone | None:
    """The event as it stands now; None when cancelled, Gone when its messages are not needed.

    NotRegistered if no app said how.
    """
    try:
        source = _sources[kind]
    except KeyError:
        raise NotRegistered(kind) from None
    found = source(int(event_id) if event_id.isdigit() else event_id)
    if found is None or isinstance(found, EventState | Gone):
        return found
    starts_at, ends_at = found
    return EventState(starts_at=starts_at, ends_at=ends_at)
