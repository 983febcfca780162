"""The board's week is built from `.values()` (board_rows): the JSON BoardSerializer gives."""

import json
from datetime import date, timedelta

import pytest
import time_machine
from rest_framework.renderers import JSONRenderer

from onboarding.studios.api.serializers.board import BoardSerializer
from onboarding.studios.models import SampleShipment, ShowOutcome
from onboarding.studios.selectors.board import board_week
from tests.factories import BookingFactory, StudioFactory
from tests.studios.conftest import SHOW_START, client_for
from tests.studios.test_board_api import BEFORE, MONDAY, SUNDAY, _week_of_data

pytestmark = pytest.mark.django_db

BOARD = "/api/v1/board/"


@pytest.mark.parametrize("when", ["a week before", "during the shows"])
def test_the_week_is_what_the_serializer_writes(scheduler, when):
    # Given a week with crew, kit, samples and blackouts, a show held, one confirmed ready with
    # its samples in, a rehearsal, and a studio in another zone
    _week_of_data(2)
    held = BookingFactory(starts_at=SHOW_START + timedelta(days=1, hours=3))
    ShowOutcome.objects.create(booking=held, result=ShowOutcome.Result.HELD)
    ready = BookingFactory(
        starts_at=SHOW_START + timedelta(days=3),
        ready_at=BEFORE,
        ready_override_reason="Samples by hand",
        attendance_confirmed_at=BEFORE,
    )
    SampleShipment.objects.create(
        booking=ready, status=SampleShipment.Status.RECEIVED, received_at=BEFORE
    )
    BookingFactory(kind="rehearsal", starts_at=SHOW_START + timedelta(days=4))
    BookingFactory(studio=StudioFactory(timezone="Europe/Berlin"), starts_at=SHOW_START)
    now = BEFORE if when == "a week before" else SHOW_START + timedelta(hours=1)

    # When a scheduler reads the week
    with time_machine.travel(now, tick=False):
        response = client_for(scheduler).get(BOARD, {"from": MONDAY, "to": SUNDAY})
        board = board_week(first=date.fromisoformat(MONDAY), last=date.fromisoformat(SUNDAY))
        expected = BoardSerializer(board, context={"now": board.now}).data

    # Then it is exactly what the serializer writes for the same week
    assert response.status_code == 200
    assert response.json() == json.loads(JSONRenderer().render(expected))
    assert len(expected["bookings"]) >= 10
