"""iCalendar (RFC 5545) text of a feed: the calendar's head from the icalendar package, its
events written here, byte for byte as icalendar writes them.

A studio's feed holds a few hundred events and calendar apps poll it: icalendar's components
(a case-insensitive dict, a parameter object and a character-by-character fold per property)
were most of a request. Each event is six or seven properties of two kinds, TEXT and a UTC
date-time, so they are written directly: icalendar's canonical order (SUMMARY, DTSTART,
DTEND, DTSTAMP, UID, then the others by name), its TEXT escaping and its folding at 75
octets. tests/studios/test_calendar_text.py checks the result against icalendar itself.
"""

from datetime import UTC, datetime

from icalendar import Calendar

from onboarding.studios.selectors.feeds import Event as FeedEvent

PRODUCT = "-//CEO live-stream onboarding//studios//EN"
END = b"END:VCALENDAR\r\n"
LIMIT = 75  # octets a content line holds before it folds


def render_ics(name: str, events: list[FeedEvent], now: datetime) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    head = calendar.to_ical()
    assert head.endswith(END)
    lines: list[str] = []
    for item in events:
        lines += [
            "BEGIN:VEVENT",
            _fold(f"SUMMARY:{_text(item.summary)}"),
            f"DTSTART:{_utc(item.starts_at)}",
            f"DTEND:{_utc(item.ends_at)}",
            f"DTSTAMP:{_utc(item.stamp or now)}",
            _fold(f"UID:{_text(item.uid)}"),
        ]
        if item.description:
            lines.append(_fold(f"DESCRIPTION:{_text(item.description)}"))
        if item.location:
            lines.append(_fold(f"LOCATION:{_text(item.location)}"))
        lines.append("END:VEVENT")
    body = "".join(f"{line}\r\n" for line in lines).encode()
    return head[: -len(END)] + body + END


def _utc(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _text(value: str) -> str:
    """RFC 5545 TEXT escaping, in icalendar's order."""
    return (
        value.replace(r"\N", "\n")
        .replace("\\", "\\\\")
        .replace(";", r"\;")
        .replace(",", r"\,")
        .replace("\r\n", r"\n")
        .replace("\n", r"\n")
        .replace("\r", r"\n")
    )


def _fold(line: str) -> str:
    """Fold before a character that would take the line to 75 octets, never right after a
    backslash or caret (their escape stays whole): icalendar's rule."""
    if len(line.encode()) < LIMIT:
        return line
    parts: list[str] = []
    current: list[str] = []
    count = 0
    for char in line:
        size = 1 if char.isascii() else len(char.encode())
        if current and count + size >= LIMIT:
            if len(current) > 1 and current[-1] in "\\^":
                carried = current.pop()
                parts.append("".join(current))
                current, count = [carried], 1
            else:
                parts.append("".join(current))
                current, count = [], 0
        current.append(char)
        count += size
    if current:
        parts.append("".join(current))
    return "\r\n ".join(parts)
