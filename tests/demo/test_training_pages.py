"""On the living demo (seeds/demo.py), the session page's reads and the scorecard keep the query
budgets asserted on factory data at one and ten times its size (test_pages.py,
tests/insights/test_scorecard.py)."""

import time_machine
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from onboarding.applicants.models import Application, Status
from onboarding.core.models import Role, User
from onboarding.studios.models import Booking
from onboarding.training.models import TrainingSession
from tests.insights.test_scorecard import BUDGET as SCORECARD_BUDGET
from tests.training.conftest import client_for
from tests.training.test_pages import BUDGET as SESSION_BUDGET


def count(client, url) -> int:
    ContentType.objects.clear_cache()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(captured.captured_queries)


def test_the_demo_session_pages_and_scorecards_keep_their_budgets(loaded, db):
    clock = loaded["clock"]
    with time_machine.travel(clock.at(0, 10), tick=False):
        # The fullest session and the least full read in the same number of queries (an empty
        # roster needs one query fewer: nobody's attendance to read)
        sessions = (
            TrainingSession.objects.annotate(n=Count("enrolments")).filter(n__gt=0).order_by("-n")
        )
        fullest, emptiest = sessions.first(), sessions.last()
        assert fullest.n > emptiest.n
        trainer = client_for(fullest.trainer)
        admin = client_for(User.objects.filter(role=Role.ADMIN, is_active=True).first())
        for path, budget in SESSION_BUDGET.items():
            full = count(trainer, f"/api/v1/training/sessions/{fullest.pk}/{path}")
            empty = count(admin, f"/api/v1/training/sessions/{emptiest.pk}/{path}")
            assert full == empty <= budget, path

        # A CEO with the most shows and one with none read in the same number of queries
        lead = client_for(User.objects.filter(role=Role.LEAD_REVIEWER, is_active=True).first())
        busiest = (
            Booking.objects.values("application")
            .annotate(n=Count("pk"))
            .order_by("-n")
            .first()["application"]
        )
        idle = Application.objects.exclude(status=Status.DRAFT).filter(bookings__isnull=True)
        idle = idle.order_by("pk").first().pk
        many = count(lead, f"/api/v1/scorecards/{busiest}/")
        none = count(lead, f"/api/v1/scorecards/{idle}/")
        assert many == none <= SCORECARD_BUDGET
