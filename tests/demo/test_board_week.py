"""On the living demo, the studio board's week keeps the query budget asserted on factory data in
tests/studios/test_board_api.py."""

import time_machine
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from onboarding.core.models import Role
from tests.factories import UserFactory
from tests.studios.conftest import client_for
from tests.studios.test_board_api import BOARD, BUDGET


def test_the_demo_week_keeps_the_budget(loaded, db):
    # Given the living demo (seeds/demo.py) on a fixed "today"
    clock = loaded["clock"]
    client = client_for(UserFactory(role=Role.SCHEDULER))
    ContentType.objects.clear_cache()

    # When a scheduler reads the board's coming week and the one after
    counts = []
    with time_machine.travel(clock.at(0, 10), tick=False):
        for first, last in [("2026-11-30", "2026-12-06"), ("2026-12-07", "2026-12-13")]:
            with CaptureQueriesContext(connection) as queries:
                response = client.get(BOARD, {"from": first, "to": last})
            # Then each is one answer within the same budget, with the demo's bookings in it
            assert response.status_code == 200, response.content
            assert len(response.json()["bookings"]) >= 5
            counts.append(len(queries.captured_queries))
    assert counts[0] == counts[1] <= BUDGET
