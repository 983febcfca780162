"""Where each app says what it holds about an applicant, and how to erase it.

Domain apps fill it from their AppConfig.ready():

    register_personal_data("studios", export=bookings_export, erase=bookings_erase)

`export(subject)` returns JSON-ready data (a dict or a list) about the data subject;
`erase(subject)` removes or replaces their personal fields and keeps what counts (scores,
statuses, outcomes), inside the transaction of the erasure. `applicants` builds the subject
and calls every part, so no app below it has to import it (core and notifications import no
domain app).
"""

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType

from onboarding.core.models import AuditEntry

# What an erased text field holds afterwards: says that something was there.
ERASED = "[erased]"


@dataclass(frozen=True)
class DataSubject:
    """One applicant as every app can find them: their applications, account and addresses."""

    application_ids: tuple[int, ...]
    user_id: int | None
    # E-mail addresses and phone numbers they gave (theirs and their assistant's), lower-cased.
    addresses: frozenset[str] = field(default_factory=frozenset)


Exporter = Callable[[DataSubject], Any]
Eraser = Callable[[DataSubject], None]


@dataclass(frozen=True)
class _Part:
    export: Exporter
    erase: Eraser | None


_parts: dict[str, _Part] = {}


def register_personal_data(name: str, *, export: Exporter, erase: Eraser | None = None) -> None:
    """Name what an app exports about a data subject and how it erases it (None: nothing to)."""
    _parts[name] = _Part(export=export, erase=erase)


def unregister_personal_data(name: str) -> None:
    _parts.pop(name, None)


def personal_data_export(subject: DataSubject) -> dict[str, Any]:
    """Every registered part's export, keyed by the name it was registered under."""
    return {name: part.export(subject) for name, part in sorted(_parts.items())}


def personal_data_erase(subject: DataSubject) -> list[str]:
    """Run every registered eraser (call inside a transaction); the names of those that ran."""
    done = []
    for name, part in sorted(_parts.items()):
        if part.erase is not None:
            part.erase(subject)
            done.append(name)
    return done


def audit_scrub(
    *,
    model: type,
    object_ids: list[int],
    needles: list[str],
    drop_data_actions: tuple[str, ...] = (),
) -> int:
    """Take a data subject's personal values out of the history of some objects.

    Every occurrence of a needle (a name, an address) in from, to, reason and data becomes
    ERASED; rows whose action carries personal data by its nature (an availability or assistant
    change) lose their from, to and data altogether. The row stays: the history keeps the fact.
    Returns how many rows changed.
    """
    needles = sorted({n for n in needles if n and len(n) >= 3}, key=len, reverse=True)
    rows = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model), object_id__in=object_ids
    )
    changed = []
    for row in rows:
        before = (row.from_state, row.to_state, row.reason, row.data)
        if row.action in drop_data_actions:
            row.from_state, row.to_state, row.data = "", "", {"erased": True}
        row.from_state = _scrub(row.from_state, needles)
        row.to_state = _scrub(row.to_state, needles)
        row.reason = _scrub(row.reason, needles)
        dumped = json.dumps(row.data, ensure_ascii=False)
        scrubbed = _scrub(dumped, [json.dumps(n, ensure_ascii=False)[1:-1] for n in needles])
        if scrubbed != dumped:
            row.data = json.loads(scrubbed)
        if (row.from_state, row.to_state, row.reason, row.data) != before:
            changed.append(row)
    AuditEntry.objects.bulk_update(changed, ["from_state", "to_state", "reason", "data"])
    return len(changed)


def _scrub(text: str, needles: list[str]) -> str:
    for needle in needles:
        text = re.sub(re.escape(needle), ERASED, text, flags=re.IGNORECASE)
    return text
