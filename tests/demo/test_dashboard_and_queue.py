"""The dashboard and the review queue on the living demo (seeds/demo.py) keep the query budget of
test_query_budget.py and tests/reviews/test_api.py (there on factory data at 1x and 10x)."""

import time_machine
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from onboarding.applicants.models import Campaign
from onboarding.core.models import Role, User
from tests.insights.conftest import SHANGHAI, client_for
from tests.insights.test_query_budget import BUDGET


def test_the_dashboard_and_the_queue_keep_their_budgets_on_the_demo(loaded, db):
    # Given the demo: a finished campaign with shows held, and one in progress
    clock = loaded["clock"]
    lead = User.objects.filter(role=Role.LEAD_REVIEWER, is_active=True).first()
    client = client_for(lead)
    counts, bodies = {}, {}

    # When a lead reads each campaign's dashboard at 10:00 on the demo's today
    with time_machine.travel(clock.at(0, 10), tick=False):
        for campaign in Campaign.objects.order_by("application_opens_at"):
            ContentType.objects.clear_cache()
            with CaptureQueriesContext(connection) as captured:
                response = client.get("/api/v1/dashboard/", {"campaign": campaign.slug})
            assert response.status_code == 200, response.content
            counts[campaign] = len(captured.captured_queries)
            bodies[campaign] = response.json()

    # Then every read costs the same, within the budget
    assert len(counts) == 2
    assert len(set(counts.values())) == 1
    assert max(counts.values()) <= BUDGET
    # And the figures are real ones: the call's day stands out in the campaign in progress,
    # the finished one has shows held
    finished, running = list(bodies)
    peak = bodies[running]["applications_per_day"]["peak"]
    assert peak["date"] == running.application_opens_at.astimezone(SHANGHAI).date().isoformat()
    assert bodies[finished]["outcomes"]["total"]["held"] > 0
    # And on the same demo the review queue costs the same at every page size
    _queue_reads_cost_the_same(clock)


def _queue_reads_cost_the_same(clock) -> None:
    """The queue, read by a reviewer and a lead at page sizes 10, 50 and 100, by score."""
    running = Campaign.objects.order_by("application_opens_at").last()
    reviewer = User.objects.filter(role=Role.REVIEWER, is_active=True).first()
    lead = User.objects.filter(role=Role.LEAD_REVIEWER, is_active=True).first()
    # The lead already holds a token from the dashboard reads; a client per token.
    readers = [client_for(reviewer), client_for_token(lead)]
    counts = set()

    # When each reads the campaign's queue at page sizes 10, 50 and 100, by score
    with time_machine.travel(clock.at(0, 10), tick=False):
        for client in readers:
            for page_size in (10, 50, 100):
                with CaptureQueriesContext(connection) as captured:
                    response = client.get(
                        "/api/v1/review/applications/",
                        {
                            "campaign": running.slug,
                            "page_size": page_size,
                            "ordering": "-review__score",
                        },
                    )
                assert response.status_code == 200, response.content
                assert len(response.json()["results"]) == min(page_size, response.json()["count"])
                counts.add(len(captured.captured_queries))

    # Then the cost does not grow with the page (token authentication included)
    assert len(counts) == 1, counts
    assert counts.pop() <= 6


def client_for_token(user: User) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {user.auth_token.key}")
    return client
