"""Booking a studio costs a fixed number of queries, accepted or refused (the token included).

Twenty writers racing for one studio are served one after another by the web workers, and the
winner holds the studio's row while it writes: every query on these paths is paid twenty times.
"""

from datetime import timedelta

import pytest

from onboarding.notifications.models import Message
from onboarding.studios.models import Blackout, Booking
from tests.factories import TrainedApplicationFactory
from tests.studios.conftest import SHOW_END, SHOW_START, client_for

pytestmark = pytest.mark.django_db

BOOKINGS = "/api/v1/bookings/"

# token and user; the studio with the application (one statement); the look for a booking in
# the way; the locks (studio, application), one statement for the studio's clash, its hours and
# blackouts, then the CEO's clashes, the week's shows and the commitment; the booking, its audit
# row, the CEO's move to scheduled on the row already locked (update, audit row); the show's
# language, samples and campaign rules (its checklist; no crew asked for, so none read); the
# reminders' rules, wording and accounts, one INSERT for every row that returns the due ones'
# ids; webhook endpoints; the savepoint; the booking shown back as one row (no crew or kit asked
# for, so none read back)
ACCEPTED = 24
# token and user; the studio with the application and its campaign (one statement); one that
# finds the booking in the way (and names it) with what the checks before that one need: the
# day's hours and the blackouts
REFUSED = 3


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


def test_the_one_statement_reads_give_the_same_answers(studio, scheduler, default_rules):
    """Unknown studio or application: 400 on the field; a blackout decides before the booking
    in the way (the checks' order); an inactive campaign is not bookable; a free slot books."""
    client = client_for(scheduler)
    ceo = TrainedApplicationFactory()
    unknown_studio = client.post(BOOKINGS, {**_body(studio, ceo), "studio": 999999}, format="json")
    assert unknown_studio.status_code == 400
    assert unknown_studio.json()["fields"] == {"studio": ["No such studio."]}
    unknown = client.post(BOOKINGS, {**_body(studio, ceo), "application": 999999}, format="json")
    assert unknown.status_code == 400
    assert unknown.json()["fields"] == {"application": ["No such application."]}

    taken = client.post(BOOKINGS, _body(studio, TrainedApplicationFactory()), format="json")
    assert taken.status_code == 201
    Blackout.objects.create(
        studio=studio,
        starts_at=SHOW_END + timedelta(minutes=10),
        ends_at=SHOW_END + timedelta(hours=3),
        reason="Lighting rig maintenance",
    )
    blacked = client.post(BOOKINGS, _body(studio, ceo), format="json")
    assert blacked.status_code == 409
    assert blacked.json()["code"] == "blackout"
    assert "Lighting rig maintenance" in blacked.json()["message"]

    ceo.campaign.is_active = False
    ceo.campaign.save(update_fields=["is_active"])
    inactive = client.post(BOOKINGS, _body(studio, ceo, days=1), format="json")
    assert inactive.status_code == 409
    assert inactive.json()["code"] == "not_bookable"
    assert ceo.campaign.name in inactive.json()["message"]


def test_a_move_does_not_clash_with_itself_and_meets_the_blackout(studio, scheduler, default_rules):
    client = client_for(scheduler)
    booked = client.post(BOOKINGS, _body(studio, TrainedApplicationFactory()), format="json")
    assert booked.status_code == 201
    # Half an hour later in the same studio: overlaps only the booking being moved.
    moved = client.post(
        f"{BOOKINGS}{booked.json()['id']}/move/",
        {
            "starts_at": (SHOW_START + timedelta(minutes=30)).isoformat(),
            "ends_at": (SHOW_END + timedelta(minutes=30)).isoformat(),
            "reason": "later",
        },
        format="json",
    )
    assert moved.status_code == 200, moved.json()
    Blackout.objects.create(
        studio=studio,
        starts_at=SHOW_END + timedelta(days=1),
        ends_at=SHOW_END + timedelta(days=1, hours=3),
        reason="Fire drill",
    )
    refused = client.post(
        f"{BOOKINGS}{booked.json()['id']}/move/",
        {
            "starts_at": (SHOW_START + timedelta(days=1, hours=1)).isoformat(),
            "ends_at": (SHOW_END + timedelta(days=1, hours=1)).isoformat(),
            "reason": "a day later",
        },
        format="json",
    )
    assert refused.status_code == 409
    assert refused.json()["code"] == "blackout"
