"""Fifty requests at once for overlapping time: one booking, forty-nine 409s, never two."""

from datetime import timedelta

import pytest

from onboarding.studios.models import Booking
from onboarding.studios.services import booking_create
from tests.factories import StudioFactory, TrainedApplicationFactory, UserFactory
from tests.helpers import race
from tests.studios.conftest import SHOW_START

ATTEMPTS = 50


def _assert_one_booked_rest_conflict(outcomes: list, resource: str) -> None:
    booked = [o for o in outcomes if isinstance(o, int)]
    refused = [o for o in outcomes if not isinstance(o, int)]
    assert len(booked) == 1, outcomes
    assert Booking.objects.count() == 1
    assert Booking.objects.get().pk == booked[0]
    assert len(refused) == ATTEMPTS - 1
    assert {(type(o).__name__, o.status_code, o.code) for o in refused} == {
        ("BookingConflict", 409, "booking_conflict")
    }
    assert {o.extra["resource"] for o in refused} == {resource}
    assert {o.extra["conflicting_booking"] for o in refused} == {booked[0]}


@pytest.mark.django_db(transaction=True)
def test_fifty_ceos_racing_for_one_studio_get_one_booking():
    scheduler = UserFactory(role="scheduler")
    studio = StudioFactory()
    applications = [TrainedApplicationFactory() for _ in range(ATTEMPTS)]
    # Every attempt overlaps every other one: each starts a minute after the previous.
    attempts = [
        {
            "studio": studio,
            "application": application,
            "starts_at": SHOW_START + timedelta(minutes=index),
            "ends_at": SHOW_START + timedelta(hours=1, minutes=index),
            "actor": scheduler,
        }
        for index, application in enumerate(applications)
    ]

    outcomes = race(*[lambda kw=kw: booking_create(**kw)[0].pk for kw in attempts])

    _assert_one_booked_rest_conflict(outcomes, "studio")


@pytest.mark.django_db(transaction=True)
def test_one_ceo_booked_fifty_times_at_once_in_two_studios_gets_one_booking():
    scheduler = UserFactory(role="scheduler")
    studios = [StudioFactory(), StudioFactory()]
    application = TrainedApplicationFactory()
    attempts = [
        {
            "studio": studios[index % 2],
            "application": application,
            "starts_at": SHOW_START,
            "ends_at": SHOW_START + timedelta(hours=2),
            "actor": scheduler,
            "quota_override_reason": "race test",
        }
        for index in range(ATTEMPTS)
    ]

    outcomes = race(*[lambda kw=kw: booking_create(**kw)[0].pk for kw in attempts])

    booked = [o for o in outcomes if isinstance(o, int)]
    assert len(booked) == 1
    winner = Booking.objects.get()
    refused = [o for o in outcomes if not isinstance(o, int)]
    # Attempts in the winner's studio are told the studio is taken, the others that the CEO is.
    assert {o.extra["resource"] for o in refused} <= {"studio", "ceo"}
    assert {o.code for o in refused} == {"booking_conflict"}
    assert {o.extra["conflicting_booking"] for o in refused} == {winner.pk}
    assert len(refused) == ATTEMPTS - 1


@pytest.mark.django_db(transaction=True)
def test_one_request_sent_twenty_times_at_once_with_its_key_is_one_booking_and_no_refusal():
    # Retries of one request: those that find its booking already made, before the locks or
    # under them, are given that booking back, never a 409 about it.
    scheduler = UserFactory(role="scheduler")
    studio, application = StudioFactory(), TrainedApplicationFactory()
    attempt = {
        "studio": studio,
        "application": application,
        "starts_at": SHOW_START,
        "ends_at": SHOW_START + timedelta(hours=1),
        "actor": scheduler,
        "idempotency_key": "retry-1",
    }

    outcomes = race(*[lambda: booking_create(**attempt) for _ in range(20)])

    assert Booking.objects.count() == 1
    booking = Booking.objects.get()
    assert sorted(created for _booking, created in outcomes) == [False] * 19 + [True], outcomes
    assert {b.pk for b, _created in outcomes} == {booking.pk}
