"""The board's week and a studio's feed cost the same queries at 10, 50 and 100 bookings
(the token or feed lookup included)."""

from datetime import timedelta

import pytest
from rest_framework.test import APIClient

from onboarding.studios.models import BookingCrew, CalendarFeed
from tests.factories import BookingFactory, CrewFactory, StudioFactory, TrainedApplicationFactory
from tests.studios.conftest import SHOW_START, client_for

pytestmark = pytest.mark.django_db

BOARD = "/api/v1/board/"
# Ten studios, each with a show every three hours from SHOW_START: 100 fit in its week.
STUDIOS = 10


def _bookings(count: int) -> None:
    studios = [StudioFactory() for _ in range(STUDIOS)]
    # One CEO per studio, and one campaign: what the factories would make per booking is slow.
    first = TrainedApplicationFactory()
    ceos = [first] + [
        TrainedApplicationFactory(campaign=first.campaign) for _ in range(STUDIOS - 1)
    ]
    for n in range(count):
        booking = BookingFactory(
            studio=studios[n % STUDIOS],
            application=ceos[n % STUDIOS],
            starts_at=SHOW_START + timedelta(hours=3 * (n // STUDIOS)),
        )
        BookingCrew.objects.create(
            booking=booking,
            crew=CrewFactory(),
            buffered_start=booking.buffered_start,
            buffered_end=booking.buffered_end,
        )


@pytest.mark.parametrize("count", [10, 50, 100])
def test_the_board_week_has_a_fixed_query_budget(scheduler, django_assert_max_num_queries, count):
    _bookings(count)
    client = client_for(scheduler)
    week = {"from": SHOW_START.date().isoformat(), "to": (SHOW_START + timedelta(days=6)).date()}

    # token and user, studios, opening hours, blackouts, bookings, crew, kit
    with django_assert_max_num_queries(7):
        response = client.get(BOARD, week)

    assert response.status_code == 200
    assert len(response.json()["bookings"]) == count


@pytest.mark.parametrize("count", [10, 50, 100])
def test_a_studio_feed_has_a_fixed_query_budget(django_assert_max_num_queries, count):
    studio, ceo = StudioFactory(), TrainedApplicationFactory()
    for n in range(count):
        BookingFactory(
            studio=studio, application=ceo, starts_at=SHOW_START + timedelta(hours=3 * n)
        )
    feed = CalendarFeed.objects.create(studio=studio)

    # the feed by its token, the bookings, their crew
    with django_assert_max_num_queries(3):
        response = APIClient().get(f"/api/v1/calendar/{feed.token}.ics")

    assert response.status_code == 200
    assert response.content.count(b"BEGIN:VEVENT") == count
