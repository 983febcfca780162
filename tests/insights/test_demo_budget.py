"""The dashboard on the living demo (seeds/demo.py) keeps the query budget of
test_query_budget.py (there on factory data at one and ten times its size)."""

from datetime import date

import time_machine
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from onboarding.applicants.models import Campaign
from onboarding.core.models import Role, User
from seeds import demo
from tests.insights.conftest import SHANGHAI, client_for
from tests.insights.test_query_budget import BUDGET

# The demo is the same for the same "today".
DEMO_TODAY = date(2026, 12, 1)


def test_both_demo_campaigns_are_read_in_the_same_number_of_queries(db):
    # Given the demo: a finished campaign with shows held, and one in progress
    clock = demo.load(DEMO_TODAY)
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
