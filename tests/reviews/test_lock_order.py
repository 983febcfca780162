"""The review paths take their locks in one order (the case, then the application): a lead's
reject from needs_info racing the applicant's answer, over two real connections, never deadlocks.

With the old order (the answer locked the application first) PostgreSQL found a deadlock within a
few rounds and failed one side with "deadlock detected".
"""

import pytest
from django.db import OperationalError

from onboarding.applicants.models import Application, Status
from onboarding.core.errors import Conflict
from onboarding.core.models import Role
from onboarding.reviews import services
from tests.factories import CampaignFactory, UserFactory
from tests.helpers import race
from tests.reviews.factories import ReviewedApplicationFactory

ROUNDS = 40


@pytest.mark.django_db(transaction=True)
def test_a_reject_racing_the_applicants_answer_never_deadlocks():
    lead = UserFactory(role=Role.LEAD_REVIEWER)
    campaign = CampaignFactory()
    deadlocks = []

    for _ in range(ROUNDS):
        # Given an application waiting for the applicant's answer
        application = ReviewedApplicationFactory(
            campaign=campaign, status=Status.NEEDS_INFO, accounts=0
        )

        # When the lead rejects it while the applicant answers, at the same moment
        outcomes = race(
            lambda app=application: services.review_decide(
                application_id=app.pk, actor=lead, action="reject", reason="No.", notify=False
            ),
            lambda app=application: services.info_answer(application=app, text="Here it is."),
        )

        # Then neither side died in a deadlock: each went through or was refused with a 409
        deadlocks += [o for o in outcomes if isinstance(o, OperationalError)]
        assert all(isinstance(o, Application | Conflict) for o in outcomes), outcomes
        reject, answer = outcomes
        # The reject always goes through (from needs_info, or from review after the answer) ...
        assert isinstance(reject, Application), outcomes
        application.refresh_from_db()
        assert application.status == Status.REJECTED
        # ... and the answer either came first or was refused, naming the state it met.
        if isinstance(answer, Conflict):
            assert answer.extra["status"] == Status.REJECTED
    assert deadlocks == []
