"""Booking a studio costs a fixed number of queries, accepted or refused (the token included).

Twenty writers racing for one studio are served one after another by the web workers, and the
winner holds the studio's row while it writes: every query on these paths is paid twenty times.
"""

from datetime import timedelta

import pytest

from onboarding.notifications.models import Message
from onboarding.studios.models import Booking
from tests.factories import TrainedApplicationFactory
from tests.studios.conftest import SHOW_END, SHOW_START, client_for

pytestmark = pytest.mark.django_db

BOOKINGS = "/api/v1/bookings/"

# token and user, the studio, the application; the look for a booking in the way; the locks
# (studio, application), hours, blackouts, the studio's and the CEO's clashes, the week's shows
# and the commitment; the booking, its audit row, the CEO's move to scheduled (its row, update,
# audit row, savepoint); the show's crew, language, samples and campaign rules (its checklist);
# the reminders' rules, wording and accounts, one INSERT for every row and the due ones' ids;
# webhook endpoints; the savepoint; the booking shown back as one row (no crew or kit asked for,
# so none read back)
ACCEPTED = 33
# token and user, the studio, the application; one statement that finds the booking in the way
# (and names it) with what the checks before that one need: the day's hours and the blackouts
REFUSED = 4


def _body(studio, application, days: int = 0) -> dict:
    return {
        "studio": studio.pk,
        "application": application.pk,
        "starts_at": (SHOW_START + timedelta(days=days)).isoformat(),
        "ends_at": (SHOW_END + timedelta(days=days)).isoformat(),
        "quota_override_reason": "a busy week",
    }


def _warm(client, studio) -> None:
    """A booking on another day first, as a running worker has made: what a process reads
    once (content types) is not counted."""
    response = client.post(
        BOOKINGS, _body(studio, TrainedApplicationFactory(), days=2), format="json"
    )
    assert response.status_code == 201


def test_an_accepted_booking_has_a_fixed_query_budget(
    studio, scheduler, default_rules, django_assert_max_num_queries
):
    ceo = TrainedApplicationFactory()
    client = client_for(scheduler)
    _warm(client, studio)

    with django_assert_max_num_queries(ACCEPTED):
        response = client.post(BOOKINGS, _body(studio, ceo), format="json")

    assert response.status_code == 201, response.json()
    booking = Booking.objects.get(pk=response.json()["id"])
    # The notice and the four kinds of reminder are all there, written in one statement.
    kinds = set(
        Message.objects.filter(event_key__endswith=f":{booking.pk}").values_list("kind", flat=True)
    )
    assert kinds == {
        "show_booked",
        "studio_show",
        "attendance_unconfirmed",
        "samples_not_shipped",
        "outcome_missing",
    }


def test_a_refused_booking_has_a_fixed_query_budget_and_takes_no_lock(
    studio, scheduler, default_rules, django_assert_max_num_queries
):
    first, second = TrainedApplicationFactory(), TrainedApplicationFactory()
    client = client_for(scheduler)
    taken = client.post(BOOKINGS, _body(studio, first), format="json").json()["id"]

    with django_assert_max_num_queries(REFUSED) as captured:
        response = client.post(BOOKINGS, _body(studio, second), format="json")

    assert response.status_code == 409
    assert response.json()["conflicting_booking"] == taken
    # Decided on what is committed: no transaction, so no wait for the studio's row.
    assert not any("FOR UPDATE" in q["sql"] or "SAVEPOINT" in q["sql"] for q in captured)
