"""The feed's iCalendar text is written by hand (calendar.py): byte for byte icalendar's."""

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar, Event

from onboarding.studios.calendar import PRODUCT, render_ics
from onboarding.studios.selectors.feeds import Event as FeedEvent

NOW = datetime(2027, 5, 20, 8, 30, 15, 123456, tzinfo=UTC)


def _icalendar(name: str, events: list[FeedEvent], now: datetime) -> bytes:
    """The reference: every property through the icalendar package, as the feed once did."""
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


def _event(n: int, summary: str, location: str = "", description: str = "", stamp=None):
    start = NOW + timedelta(hours=3 * n)
    return FeedEvent(
        f"studio-booking-{n}@ceo-onboarding",
        start,
        start + timedelta(hours=2),
        summary,
        location,
        description,
        stamp,
    )


def test_the_feed_reads_as_icalendar_writes_it():
    events = [
        _event(1, "Show: 山里好茶", "West Lake, No. 1 Road, Hangzhou", "Booking #1, T-1. Crew: —."),
        _event(2, "Rehearsal: Brand; with, commas", stamp=NOW - timedelta(days=1)),
        _event(3, "Show: " + "x" * 67 + "\\y" + "z" * 90, description="a\nb\r\nc\\N" + "é" * 60),
        _event(4, "Training: " + "镜头" * 40, location="", description="https://example.com/v"),
    ]

    assert render_ics("Studio West Lake, A; B", events, NOW) == _icalendar(
        "Studio West Lake, A; B", events, NOW
    )
    assert render_ics("Empty", [], NOW) == _icalendar("Empty", [], NOW)


@pytest.mark.parametrize("width", range(60, 80))
def test_a_backslash_at_the_fold_stays_with_its_escape(width):
    events = [_event(1, "S" * width + "\\,;" + "T" * 10, description="D" * width + "^x")]

    assert render_ics("Feed", events, NOW) == _icalendar("Feed", events, NOW)


@settings(max_examples=25, deadline=None)
@given(st.text(min_size=0, max_size=200), st.text(min_size=1, max_size=200))
def test_any_text_reads_as_icalendar_writes_it(description, summary):
    events = [_event(1, summary, "Hall " + description[:20], description)]

    assert render_ics("Feed", events, NOW) == _icalendar("Feed", events, NOW)


@pytest.mark.django_db
def test_a_studio_feed_names_each_booking_and_its_crew_in_order():
    from onboarding.studios.selectors.feeds import _studio_events
    from tests.factories import (
        BookingFactory,
        CrewFactory,
        StudioFactory,
        TrainedApplicationFactory,
    )

    # Given a show with two crew members and a rehearsal without, in one studio
    studio = StudioFactory(name="West Lake", address="", city="Hangzhou")
    show = BookingFactory(studio=studio, application=TrainedApplicationFactory(brand_name="Tea"))
    for role, name in [
        ("host_assistant", "Zed"),
        ("camera_operator", "Bo"),
        ("camera_operator", "Al"),
    ]:
        show.crew_assignments.create(
            crew=CrewFactory(role=role, name=name),
            buffered_start=show.buffered_start,
            buffered_end=show.buffered_end,
        )
    rehearsal = BookingFactory(
        studio=studio,
        kind="rehearsal",
        starts_at=show.starts_at + timedelta(hours=3),
        application=TrainedApplicationFactory(brand_name="", company_name="Hill Co"),
    )

    # When the feed's events are read
    events = _studio_events(studio, NOW - timedelta(days=1000))

    # Then each says what it is, for whom, and who works it (by role, then name)
    assert [(e.uid, e.summary, e.location) for e in events] == [
        (f"studio-booking-{show.pk}@ceo-onboarding", "Show: Tea", "West Lake, Hangzhou"),
        (
            f"studio-booking-{rehearsal.pk}@ceo-onboarding",
            "Rehearsal: Hill Co",
            "West Lake, Hangzhou",
        ),
    ]
    assert events[0].description == (
        f"Booking #{show.pk}, {show.application.reference}. Crew: Al, Bo, Zed."
    )
    assert events[1].description.endswith("Crew: —.")
    assert events[0].stamp == show.updated_at
