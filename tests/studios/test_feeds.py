"""Private iCalendar feeds, read back with the icalendar library; tokens that can be changed."""

from datetime import timedelta

import pytest
from icalendar import Calendar

from onboarding.core.models import Role
from onboarding.studios.models import CalendarFeed
from onboarding.studios.services import booking_cancel, booking_create
from tests.factories import (
    CrewFactory,
    EnrolmentFactory,
    StudioFactory,
    TrainedApplicationFactory,
    TrainingSessionFactory,
    UserFactory,
)
from tests.studios.conftest import SHOW_END, SHOW_START, client_for

FEEDS = "/api/v1/calendar/feeds/"


def _ics(api_client, url: str) -> Calendar:
    response = api_client.get(url.removeprefix("http://127.0.0.1:8000"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def _events(calendar: Calendar) -> dict[str, dict]:
    return {
        str(event["UID"]): {
            "start": event.decoded("DTSTART"),
            "end": event.decoded("DTEND"),
            "summary": str(event["SUMMARY"]),
            "location": str(event.get("LOCATION", "")),
            "raw_start": event["DTSTART"].to_ical().decode(),
        }
        for event in calendar.walk("VEVENT")
    }


@pytest.fixture
def booked(scheduler):
    """A CEO with a show and a cancelled one, a camera operator with an account, a session."""
    studio = StudioFactory(name="West Lake", address="18 Wensan Road", city="Hangzhou")
    application = TrainedApplicationFactory(user__first_name="Min", user__last_name="Chen")
    operator = UserFactory(role=Role.SCHEDULER)
    show, _ = booking_create(
        studio=studio,
        application=application,
        starts_at=SHOW_START,
        ends_at=SHOW_END,
        actor=scheduler,
        crew=[CrewFactory(user=operator)],
    )
    later = SHOW_START + timedelta(days=2)
    dropped, _ = booking_create(
        studio=studio,
        application=application,
        starts_at=later,
        ends_at=later + timedelta(hours=2),
        actor=scheduler,
    )
    booking_cancel(booking=dropped, actor=scheduler, reason="moved to next week")
    session = TrainingSessionFactory(location="Hangzhou training centre, room 2")
    EnrolmentFactory(session=session, application=application)
    return {
        "studio": studio,
        "ceo": application.user,
        "show": show,
        "session": session,
        "operator": operator,
        "dropped": dropped,
    }


def _feed_url(client, **body) -> str:
    response = client.post(FEEDS, body, format="json")
    assert response.status_code in (200, 201), response.json()
    return response.json()["url"]


def test_a_ceo_feed_holds_their_shows_and_training_in_utc(booked, api_client):
    ceo = client_for(booked["ceo"])
    url = _feed_url(ceo)

    events = _events(_ics(api_client, url))

    show, session = booked["show"], booked["session"]
    assert set(events) == {
        f"studio-booking-{show.pk}@ceo-onboarding",
        f"training-session-{session.pk}@ceo-onboarding",
    }
    event = events[f"studio-booking-{show.pk}@ceo-onboarding"]
    assert (event["start"], event["end"]) == (SHOW_START, SHOW_END)
    assert event["start"].utcoffset() == timedelta(0) and event["raw_start"] == "20270525T120000Z"
    assert event["summary"] == "Live show at West Lake"
    assert event["location"] == "West Lake, 18 Wensan Road, Hangzhou"
    training = events[f"training-session-{session.pk}@ceo-onboarding"]
    assert training["summary"].startswith("Training: ")
    assert training["location"] == "Hangzhou training centre, room 2"
    assert training["start"] == session.starts_at.replace(microsecond=0)


def test_the_same_event_keeps_its_uid_when_the_show_moves(booked, api_client, scheduler):
    from onboarding.studios.services import booking_move

    url = _feed_url(client_for(booked["ceo"]))
    before = set(_events(_ics(api_client, url)))
    later = SHOW_START + timedelta(days=1)
    booking_move(
        booking=booked["show"],
        starts_at=later,
        ends_at=later + timedelta(hours=2),
        actor=scheduler,
        reason="swap",
    )

    after = _events(_ics(api_client, url))

    assert set(after) == before
    assert after[f"studio-booking-{booked['show'].pk}@ceo-onboarding"]["start"] == later


def test_a_trainer_feed_holds_the_sessions_they_teach(booked, api_client):
    trainer = booked["session"].trainer
    url = _feed_url(client_for(trainer))

    events = _events(_ics(api_client, url))

    assert list(events) == [f"training-session-{booked['session'].pk}@ceo-onboarding"]


def test_a_studio_feed_holds_its_confirmed_bookings(booked, api_client, scheduler):
    url = _feed_url(client_for(scheduler), studio=booked["studio"].pk)

    calendar = _ics(api_client, url)
    events = _events(calendar)

    assert list(events) == [f"studio-booking-{booked['show'].pk}@ceo-onboarding"]
    assert str(calendar["X-WR-CALNAME"]) == "Studio West Lake"
    assert events[f"studio-booking-{booked['show'].pk}@ceo-onboarding"]["summary"].startswith(
        "Show: "
    )


def test_a_crew_member_sees_the_show_with_setup_and_teardown(booked, api_client):
    url = _feed_url(client_for(booked["operator"]))

    event = _events(_ics(api_client, url))[f"studio-booking-{booked['show'].pk}@ceo-onboarding"]

    assert event["start"] == SHOW_START - timedelta(minutes=30)
    assert event["summary"].startswith("Camera operator: ")


def test_rotating_the_token_retires_the_old_address(booked, api_client):
    ceo = client_for(booked["ceo"])
    url = _feed_url(ceo)
    feed = CalendarFeed.objects.get(user=booked["ceo"])

    response = ceo.post(f"{FEEDS}{feed.pk}/rotate/")

    assert response.status_code == 200
    new_url = response.json()["url"]
    assert new_url != url
    assert api_client.get(url.removeprefix("http://127.0.0.1:8000")).status_code == 404
    assert _events(_ics(api_client, new_url))


def test_a_feed_is_made_once_per_owner(booked):
    ceo = client_for(booked["ceo"])

    first = ceo.post(FEEDS, {}, format="json")
    again = ceo.post(FEEDS, {}, format="json")

    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["url"] == again.json()["url"]


def test_only_the_owner_or_a_scheduler_may_rotate_a_feed(booked, scheduler):
    _feed_url(client_for(booked["ceo"]))
    feed = CalendarFeed.objects.get(user=booked["ceo"])
    stranger = client_for(TrainedApplicationFactory().user)

    assert stranger.post(f"{FEEDS}{feed.pk}/rotate/").status_code == 404
    assert client_for(scheduler).post(f"{FEEDS}{feed.pk}/rotate/").status_code == 200


def test_a_ceo_may_not_make_a_studio_feed(booked):
    response = client_for(booked["ceo"]).post(FEEDS, {"studio": booked["studio"].pk}, format="json")

    assert response.status_code == 403


def test_an_unknown_token_is_404_whatever_the_calendar_app_accepts(api_client, db):
    response = api_client.get("/api/v1/calendar/not-a-token.ics", HTTP_ACCEPT="text/calendar")

    assert response.status_code == 404
