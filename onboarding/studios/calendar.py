"""iCalendar (RFC 5545) text of a feed, built with the icalendar package."""

from datetime import UTC, datetime

from icalendar import Calendar, Event

from onboarding.studios.selectors.feeds import Event as FeedEvent

PRODUCT = "-//CEO live-stream onboarding//studios//EN"


def render_ics(name: str, events: list[FeedEvent], now: datetime) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    for item in events:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", (item.stamp or now).astimezone(UTC))
        event.add("dtstart", item.starts_at.astimezone(UTC))
        event.add("dtend", item.ends_at.astimezone(UTC))
        event.add("summary", item.summary)
        if item.location:
            event.add("location", item.location)
        if item.description:
            event.add("description", item.description)
        calendar.add_component(event)
    return calendar.to_ical()
